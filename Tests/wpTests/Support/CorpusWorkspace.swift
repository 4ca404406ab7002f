import Foundation
import Testing

/// The real corpus (`railiance-apps` with its path peer `railiance-platform`) copied into a
/// temp dir, each repo a git repository with one commit, `railiance-apps` with the example's
/// promotion runbook: the workspace a team starts its week with.
struct CorpusWorkspace {
    let directory: TemporaryDirectory
    /// The day every run of wp sees (`WP_TODAY`).
    var today: String

    static let appsConfig = """
        repo: railiance-apps
        include: [workplans/**/*.md, docs/**/*.md]
        peers:
          railiance-platform: {path: ../railiance-platform}

        """

    /// The gates of `examples/railiance-apps/docs/vergabe-teilnahme-promotion.md`.
    static let runbook = """
        # vergabe-teilnahme: promotion runbook

        ```gate
        id: vergabe-teilnahme/promote-production
        title: Promote vergabe-teilnahme beyond smoke use
        requires:
          - railiance-platform:RAILIANCE-WP-0003
          - RAILIANCE-WP-0002-D01
          - evidence: restore-drill                # an isolated restore drill, at most 30 days old
            max_age: 30d
        ```

        """

    static let runbookPath = "docs/vergabe-teilnahme-promotion.md"

    init(today: String = "2026-11-28", runbook: String? = Self.runbook) throws {
        directory = try TemporaryDirectory("wp-week")
        self.today = today
        try directory.copy(SharedFixtures.corpus.appendingPathComponent("railiance-apps"), to: "railiance-apps")
        try directory.copy(SharedFixtures.corpus.appendingPathComponent("railiance-platform"), to: "railiance-platform")
        try directory.write("railiance-apps/.wp.yaml", Self.appsConfig)
        try directory.write("railiance-platform/.wp.yaml", "repo: railiance-platform\n")
        if let runbook { try directory.write("railiance-apps/" + Self.runbookPath, runbook) }
        for repo in ["railiance-apps", "railiance-platform"] {
            try git(["init", "-q"], in: directory.absolute(repo))
            try git(["add", "-A"], in: directory.absolute(repo))
            try git(["commit", "-q", "-m", "the corpus as it was"], in: directory.absolute(repo))
        }
    }

    /// The local repo, where every command runs.
    var apps: String { directory.absolute("railiance-apps") }

    var environment: [String: String] {
        ["WP_TODAY": today, "NO_COLOR": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"]
    }

    /// Runs the built wp in `railiance-apps`.
    func wp(_ arguments: [String]) throws -> RunResult {
        try wpTests.wp(arguments, in: apps, cache: directory.absolute(".cache"), environment: environment)
    }

    /// Runs a hint wp printed, the command between its backticks, typed as printed into `sh`
    /// with the built wp first on PATH.
    func runHint(_ message: String) throws -> RunResult {
        let command = try #require(Self.commands(in: message).first, "no `wp …` command in: \(message)")
        let binary = try WPBinary.require()
        var env = environment
        env["WP_CACHE_DIR"] = directory.absolute(".cache")
        env["PATH"] = URL(fileURLWithPath: binary).deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return try run("/bin/sh", ["-c", command], in: apps, environment: env)
    }

    /// The `wp …` commands quoted in backticks in `message`.
    static func commands(in message: String) -> [String] {
        message.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.hasPrefix("wp ") }.map { String($0.element) }
    }

    /// Commits everything in `railiance-apps`.
    func commit(_ message: String) throws {
        try git(["add", "-A"], in: apps)
        try git(["commit", "-q", "-m", message], in: apps)
    }

    /// A file of `railiance-apps`.
    func text(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: URL(fileURLWithPath: apps + "/" + relative)), as: UTF8.self)
    }

    func write(_ relative: String, _ text: String) throws {
        try directory.write("railiance-apps/" + relative, text)
    }

    static let appsPlan = "workplans/RAILIANCE-WP-0002-vergabe-teilnahme-on-railiance01.md"
    static let improvementsPlan = "workplans/RAILIANCE-WP-0004-app-deployment-improvements.md"
}
