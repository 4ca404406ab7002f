import Foundation
import Testing

/// A repo under git in a temp dir (optionally one of several side by side), where
/// the built `wp` runs with a private peer cache and the day pinned.
struct GitRepo {
    let directory: TemporaryDirectory
    /// The repo's root, where wp and git run.
    let root: String
    /// `WP_TODAY` for every run unless a run says otherwise.
    var today: String

    /// `<temp>/<name>`, initialised, with `.wp.yaml` saying `config` (and a committed first state when `commit`).
    init(_ name: String = "repo", in directory: TemporaryDirectory? = nil, config: String, today: String) throws {
        self.directory = try directory ?? TemporaryDirectory("wp-e2e-git")
        root = self.directory.absolute(name)
        self.today = today
        try self.directory.write(name + "/.wp.yaml", config)
        try git(["init", "-q"], in: root)
    }

    /// A repo over a copy of an existing directory (`examples/railiance-apps`).
    init(copying source: URL, as name: String, in directory: TemporaryDirectory, today: String) throws {
        self.directory = directory
        root = directory.absolute(name)
        self.today = today
        try directory.copy(source, to: name)
        try git(["init", "-q"], in: root)
    }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + relative))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    /// Runs `wp arguments` in the repo (`NO_COLOR`, the day pinned unless `today` says another).
    func wp(_ arguments: [String], today: String? = nil, environment: [String: String] = [:]) throws -> RunResult {
        var env = environment
        env["WP_TODAY"] = today ?? self.today
        env["NO_COLOR"] = "1"
        return try wpTests.wp(arguments, in: root, cache: directory.absolute("cache"), environment: env)
    }

    /// Runs wp and records an issue unless it exits `status`; returns the result.
    @discardableResult
    func expect(_ arguments: [String], exits status: Int32 = 0, today: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try wp(arguments, today: today)
        #expect(result.status == status, "wp \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stdout)\(result.stderr)",
                sourceLocation: sourceLocation)
        return result
    }

    /// `git add -A && git commit -m message`; returns the new commit's short id (7 characters).
    @discardableResult
    func commit(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try git(["add", "-A"], in: root, sourceLocation: sourceLocation)
        try git(["commit", "-q", "-m", message], in: root, sourceLocation: sourceLocation)
        return try head()
    }

    /// The short id (7 characters) of HEAD.
    func head() throws -> String {
        String(try git(["rev-parse", "HEAD"], in: root).stdout.prefix(7))
    }
}
