import Foundation
import Testing

/// `wp serve` end to end: the built `wp` runs the built `wp-serve`; Tests/serve (pytest)
/// drives it over HTTP and in headless Chromium through Selenium.
///
/// The browser, its driver and the Python packages come from `scripts/install-deps`
/// (`make test` runs it first); when one is missing the test fails and says so, it never skips.
@Suite("wp serve end to end")
struct ServeEndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Tests/serve passes: the API's contracts and refusals, and the board in Chromium")
    func apiAndBrowserSuite() throws {
        let binary = try WPBinary.require()
        let server = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("wp-serve").path
        try #require(FileManager.default.isExecutableFile(atPath: server), "no wp-serve beside \(binary): run `swift build`")
        let check = try run("/usr/bin/env", ["python3", "-c", "import pytest, selenium, jsonschema, referencing"], in: "/")
        try #require(check.status == 0, "Tests/serve needs python3 with pytest, selenium, jsonschema: run scripts/install-deps (\(check.stderr))")
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(FileManager.default.isExecutableFile(atPath: tool), "no \(tool): run scripts/install-deps")
        }
        let scratch = try TemporaryDirectory("wp-e2e-serve")
        var environment = ["WP_BINARY": binary, "PYTHONDONTWRITEBYTECODE": "1"]
        if let screenshots = ProcessInfo.processInfo.environment["WP_SCREENSHOTS"] { environment["WP_SCREENSHOTS"] = screenshots }
        let result = try run("/usr/bin/env", [
            "python3", "-m", "pytest", "Tests/serve", "-q", "-p", "no:cacheprovider", "--basetemp", scratch.absolute("pytest"),
        ], in: Self.packageRoot.path, environment: environment)
        #expect(result.status == 0, "Tests/serve failed (exit \(result.status)):\n\(result.stdout.suffix(20_000))\n\(result.stderr.suffix(4_000))")
        #expect(result.stdout.contains(" passed"), "pytest ran no test:\n\(result.stdout)")
        #expect(!result.stdout.contains(" skipped"), "a serve test was skipped:\n\(result.stdout)")
    }
}

@Suite("wp serve command")
struct ServeCommandTests {
    /// wp and wp-serve declare the same options twice (wp cannot link wp-serve's target);
    /// one help text proves they agree.
    @Test("`wp serve --help` and `wp-serve --help` print the same help")
    func helpsAgree() throws {
        let binary = try WPBinary.require()
        let server = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("wp-serve").path
        let scratch = try TemporaryDirectory("wp-e2e-serve-help")
        let wpHelp = try run(binary, ["help", "serve"], in: scratch.path)
        let serverHelp = try run(server, ["--help"], in: scratch.path)
        #expect(wpHelp.status == 0 && serverHelp.status == 0)
        #expect(wpHelp.stdout.contains("USAGE: wp serve "))
        for option in ["--port <port>", "--host <host>", "--read-only", "--link-base <url>", "--offline", "--directory <directory>"] {
            #expect(wpHelp.stdout.contains(option), "wp serve's help lacks \(option)")
        }
        #expect(wpHelp.stdout.replacingOccurrences(of: "  --version               Show the version.\n", with: "") == serverHelp.stdout)
    }

    @Test("wp links no HTTP stack: Hummingbird and SwiftNIO are in wp-serve only")
    func wpLinksNoServer() throws {
        let binary = try WPBinary.require()
        let server = URL(fileURLWithPath: binary).deletingLastPathComponent().appendingPathComponent("wp-serve").path
        let scratch = try TemporaryDirectory("wp-e2e-serve-symbols")
        let wpSymbols = try run("/usr/bin/env", ["nm", binary], in: scratch.path)
        let serverSymbols = try run("/usr/bin/env", ["nm", server], in: scratch.path)
        try #require(wpSymbols.status == 0 && serverSymbols.status == 0, "nm (binutils) failed: \(wpSymbols.stderr)")
        // Swift mangles module names with their length: 11Hummingbird, 7NIOCore.
        #expect(serverSymbols.stdout.contains("11Hummingbird") && serverSymbols.stdout.contains("7NIOCore"))
        #expect(!wpSymbols.stdout.contains("11Hummingbird") && !wpSymbols.stdout.contains("7NIOCore"))
    }

    @Test("a wrong option is a usage error (64) and starts no server")
    func usageErrors() throws {
        let binary = try WPBinary.require()
        let scratch = try TemporaryDirectory("wp-e2e-serve-usage")
        for arguments in [["serve", "--port", "70000"], ["serve", "--host", ""], ["serve", "--link-base", "ftp://x"], ["serve", "--bogus"]] {
            let result = try run(binary, arguments, in: scratch.path)
            #expect(result.status == 64, "\(arguments): exit \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments) printed \(result.stdout)")
        }
    }

    @Test("wp without wp-serve beside it says how to build it and exits 2")
    func missingCompanion() throws {
        let binary = try WPBinary.require()
        let scratch = try TemporaryDirectory("wp-e2e-serve-alone")
        try FileManager.default.createDirectory(atPath: scratch.absolute("bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: binary, toPath: scratch.absolute("bin/wp"))
        let result = try run(scratch.absolute("bin/wp"), ["serve", "--port", "0"], in: scratch.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("swift build --product wp-serve"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
