import Foundation
@_exported import WPTestSupport
import Testing

/// The built `wp` executable: beside the test bundle in the same build
/// directory (`.../debug/`), else found from this file's path.
enum WPBinary {
    static let path: String? = {
        var directories: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["WP_BINARY"], !explicit.isEmpty {
            return explicit
        }
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        directories.append(Bundle.main.bundleURL)
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        directories += [".build-tests/debug", ".build/debug"].map { packageRoot.appendingPathComponent($0) }
        for directory in directories {
            let candidate = directory.appendingPathComponent("wp").path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }()

    static func require(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try #require(path, "the wp executable was not built next to the tests; run `swift build` first", sourceLocation: sourceLocation)
    }
}

/// Where the checked-in fixtures of WorkplanKitTests are, from this file's path.
enum SharedFixtures {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/wpTests/Support
        .deletingLastPathComponent()  // Tests/wpTests
        .deletingLastPathComponent()  // Tests
        .appendingPathComponent("WorkplanKitTests/Fixtures/corpus")
}


typealias RunResult = ProcessResult

/// Runs `executable` with `arguments`; the environment is this process's minus
/// colour settings, plus `environment`.
func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> RunResult {
    try runProcess(executable, arguments, in: directory, environment: environment, removing: ["NO_COLOR"])
}

/// Runs the built `wp` with a private, empty peer cache.
func wp(_ arguments: [String], in directory: String, cache: String, environment: [String: String] = [:]) throws -> RunResult {
    var env = environment
    env["WP_CACHE_DIR"] = env["WP_CACHE_DIR"] ?? cache
    return try run(try WPBinary.require(), arguments, in: directory, environment: env)
}


/// 1-based number of the first line of `text` containing `needle`.
func lineNumber(containing needle: String, in text: String) -> Int? {
    text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) }.map { $0 + 1 }
}

/// 1-based column (in Unicode scalars) of `needle` on 1-based `line` of `text`.
func column(of needle: String, inLine line: Int, of text: String) -> Int? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count, let range = lines[line - 1].range(of: needle) else { return nil }
    return lines[line - 1].unicodeScalars[lines[line - 1].startIndex..<range.lowerBound].count + 1
}

/// The two-repo fixture of the status tests, as literal files.
enum TwoRepoFixture {
    static let appsConfig = """
        repo: railiance-apps
        peers:
          railiance-platform: {path: ../platform}

        """

    static let appsWorkplanPath = "workplans/RAILIANCE-WP-0002-vergabe.md"
    static let appsWorkplan = """
        ---
        id: RAILIANCE-WP-0002
        title: Establish vergabe-teilnahme on railiance01
        status: active
        ---

        # Establish vergabe-teilnahme on railiance01

        ## T03 — Publish the image

        ```task
        id: RAILIANCE-WP-0002-T03
        status: done
        ```

        ## T04 — Provision PostgreSQL role and database

        ```task
        id: RAILIANCE-WP-0002-T04
        status: todo
        depends_on: [railiance-platform:RAILIANCE-WP-0003]
        ```

        **Decision D-02 — Backup target** (pending; required before T05)

        ## T05 — Author Helm release

        ```task
        id: RAILIANCE-WP-0002-T05
        status: todo
        depends_on: [T04]
        ```

        """

    static let platformWorkplanPath = "workplans/RAILIANCE-WP-0003-apps-pg.md"

    static func platformWorkplan(finished: Bool) -> String {
        RailianceFixture.platformWorkplan(finished: finished)
    }

    static func write(into directory: TemporaryDirectory) throws {
        try directory.write("apps/.wp.yaml", appsConfig)
        try directory.write("apps/\(appsWorkplanPath)", appsWorkplan)
        try directory.write("platform/.wp.yaml", "repo: railiance-platform\n")
        try directory.write("platform/\(platformWorkplanPath)", platformWorkplan(finished: false))
    }
}
