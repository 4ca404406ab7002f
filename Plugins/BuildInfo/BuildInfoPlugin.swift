import Foundation
import PackagePlugin

/// Generates `BuildInfo.swift` (the git commit being built) for `wp --version`.
///
/// A prebuild command runs before every build, so the commit is current even
/// when no source changed; `scripts/build-info` rewrites the file only when it
/// changes. The output lives in the plugin's work directory under `.build`, so
/// building never dirties the work tree, and without git it says "unknown".
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        var environment: [String: String] = [:]
        // git is looked up on the PATH swift was started with.
        if let path = ProcessInfo.processInfo.environment["PATH"] { environment["PATH"] = path }
        return [
            .prebuildCommand(
                displayName: "Recording the git commit \(target.name) is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [
                    package.appendingPathComponent("scripts/build-info").path,
                    package.path,
                    output.path,
                ],
                environment: environment,
                outputFilesDirectory: output)
        ]
    }
}
