import Foundation
import PackagePlugin

/// Generates `BuildInfo.swift` (the git commit being built) for `wp --version`.
///
/// A build command, not a prebuild command: SwiftPM skips plugins, and with
/// them prebuild commands, on incremental builds (swift-package-manager issue
/// 5476), so a new commit without a source change would keep the old hash. A
/// build command stays in the build graph with its inputs, and those are what
/// moves when the commit or the sources change: the git files HEAD, its
/// reflog, the branch ref and the index, and every source file wp is built
/// from. `scripts/build-info` rewrites the file only when its content changes.
/// The output lives in the plugin's work directory under `.build`, so building
/// never dirties the work tree; without git it says "unknown".
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let script = package.appendingPathComponent("scripts/build-info")
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("generated")
        var environment: [String: String] = [:]
        // git is looked up on the PATH swift was started with.
        if let path = ProcessInfo.processInfo.environment["PATH"] { environment["PATH"] = path }
        let sources = ([target] + target.recursiveTargetDependencies)
            .compactMap { $0.sourceModule }
            .filter { $0.kind != .test }
            .flatMap { $0.sourceFiles.map(\.url) }
        let inputs = [script, package.appendingPathComponent("Package.swift")] + sources + GitState.files(of: package)
        return [
            .buildCommand(
                displayName: "Recording the git commit \(target.name) is built from",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, package.path, output.path],
                environment: environment,
                inputFiles: inputs,
                outputFiles: [output.appendingPathComponent("BuildInfo.swift")])
        ]
    }
}

/// The files git changes when HEAD moves or the index changes, for a
/// repository whose top is `root` (`.git` a directory, or a worktree's file).
enum GitState {
    static func files(of root: URL) -> [URL] {
        let dotGit = root.appendingPathComponent(".git")
        guard let gitDirectory = gitDirectory(dotGit) else { return [] }
        let common = commonDirectory(gitDirectory)
        var files = [
            gitDirectory.appendingPathComponent("HEAD"),
            gitDirectory.appendingPathComponent("logs/HEAD"),
            gitDirectory.appendingPathComponent("index"),
            common.appendingPathComponent("packed-refs"),
        ]
        if let head = try? String(contentsOf: gitDirectory.appendingPathComponent("HEAD"), encoding: .utf8),
           head.hasPrefix("ref: ") {
            let ref = head.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
            // Only a plain refs/... path, never one that climbs out.
            if ref.hasPrefix("refs/"), !ref.split(separator: "/").contains("..") {
                files.append(common.appendingPathComponent(ref))
            }
        }
        return files.filter { FileManager.default.fileExists(atPath: $0.path) }
    }

    private static func gitDirectory(_ dotGit: URL) -> URL? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dotGit.path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return dotGit }
        // A worktree: ".git" is a file "gitdir: PATH".
        guard let text = try? String(contentsOf: dotGit, encoding: .utf8), text.hasPrefix("gitdir: ") else { return nil }
        let path = text.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(fileURLWithPath: path, relativeTo: dotGit.deletingLastPathComponent()).standardizedFileURL
    }

    private static func commonDirectory(_ gitDirectory: URL) -> URL {
        guard let text = try? String(contentsOf: gitDirectory.appendingPathComponent("commondir"), encoding: .utf8) else {
            return gitDirectory
        }
        let path = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return URL(fileURLWithPath: path, relativeTo: gitDirectory.appendingPathComponent("x")).standardizedFileURL
    }
}
