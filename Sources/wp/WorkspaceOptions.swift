import ArgumentParser
import Foundation
import WorkplanKit

/// Options every command that reads the workspace shares.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    /// The run's session: reads the workspace once. An unusable `.wp.yaml` (or `-C`, or `WP_TODAY`) is exit 2.
    /// Edits keep the local repo's files as read (`keepingSources`); reading commands need none.
    func session(paths: [String]? = nil, allowPartial: Bool = false,
                 keepingSources: WorkspaceLoader.SourceRetention = .none) throws -> WorkspaceSession {
        let options = WorkspaceSession.Options(
            directory: directory ?? FileManager.default.currentDirectoryPath, paths: paths, offline: offline,
            allowPartial: allowPartial, keepingSources: keepingSources)
        do {
            return try WorkspaceSession(options: options)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}

/// `--allow-partial`, for the commands where showing what could be read is useful.
struct PartialReadOption: ParsableArguments {
    @Flag(help: "When some file or peer cannot be read, show the rest and exit 0 (default: exit 2).")
    var allowPartial = false
}

/// `--format`, declared once: each command's view says which formats it renders.
struct FormatOption<View: OutputView>: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Output format: \(View.formats.map(\.rawValue).joined(separator: ", ")).",
        valueName: View.formats.map(\.rawValue).joined(separator: "|")))
    var format: OutputFormat = View.defaultFormat

    func validate() throws {
        guard View.formats.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not available here; use \(View.formats.map(\.rawValue).joined(separator: ", "))")
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// The one element a command is about (`wp show ID`, `wp impact ID`).
struct ElementArgument: ParsableArguments {
    @Argument(help: "The id (qualify with repo: when ambiguous).")
    var id: String
}
