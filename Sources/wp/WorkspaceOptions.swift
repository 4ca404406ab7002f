import ArgumentParser
import Foundation
import WorkplanKit

/// Options every command that reads the workspace shares.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("directory")], help: "Run as if started in this directory.")
    var directory: String?

    @Flag(help: "Do not fetch git peers; read them from the cache as it is.")
    var offline = false

    @Flag(name: .customLong("no-cache"), help: ArgumentHelp(
        "Parse every file; neither read nor write the parse cache (also WP_NO_CACHE=1).",
        discussion: "Parses (and the answers of wp status, lint, ready, show, impact and graph) are cached under $WP_CACHE_DIR/parse (default $XDG_CACHE_HOME/wp, else ~/.cache/wp), keyed by each file's bytes, wp's build and the settings that affect parsing (for answers also the command line and the day): the cache never changes an answer."))
    var noCache = false

    /// The run's session: reads the workspace once. An unusable `.wp.yaml` (or `-C`, or `WP_TODAY`) is exit 2.
    /// Edits keep the local repo's files as read (`keepingSources`); reading commands need none.
    func session(paths: [String]? = nil, allowPartial: Bool = false,
                 keepingSources: WorkspaceLoader.SourceRetention = .none) throws -> WorkspaceSession {
        let options = sessionOptions(paths: paths, allowPartial: allowPartial, keepingSources: keepingSources)
        return try Self.starting { () throws(WorkspaceError) in try WorkspaceSession(options: options) }
    }

    /// What the command line asks a session to read.
    private func sessionOptions(paths: [String]?, allowPartial: Bool, keepingSources: WorkspaceLoader.SourceRetention)
        -> WorkspaceSession.Options {
        WorkspaceSession.Options(
            directory: directory ?? FileManager.default.currentDirectoryPath, paths: paths, offline: offline,
            allowPartial: allowPartial, keepingSources: keepingSources, usesParseCache: !noCache)
    }

    /// `start`'s result, or exit 2 with its error when wp cannot start at all.
    private static func starting<Result>(_ start: () throws(WorkspaceError) -> Result) throws -> Result {
        do {
            return try start()
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}

extension WorkspaceOptions {
    /// A reading command's session, unless wp's cache holds this command line's answer over
    /// the same files, settings and day: then that answer is written to stdout and the run
    /// ends here with its exit status. The command calls ``WorkspaceSession/remember(_:)``
    /// with what it wrote, when it wrote nothing to stderr.
    /// `keepsYAMLTrees: false` for a command that reads no block's YAML tree (`wp status`).
    func answeringSession(paths: [String]? = nil, allowPartial: Bool = false, keepsYAMLTrees: Bool = true) throws -> WorkspaceSession {
        var options = sessionOptions(paths: paths, allowPartial: allowPartial, keepingSources: .none)
        options.keepsYAMLTrees = keepsYAMLTrees
        let opening = try Self.starting { () throws(WorkspaceError) in
            try WorkspaceSession.open(options: options, answering: Self.question(environment: options.environment))
        }
        switch opening {
        case .loaded(let session):
            return session
        case .answered(let answer):
            try Terminal.write(answer.output)
            try Terminal.exit(answer.status)
        }
    }

    /// Everything besides the workspace and the day that this run's output depends on: the
    /// whole command line, where it runs, whether stdout and stderr are terminals (colour,
    /// progress) and the variables that choose colour.
    static func question(environment: [String: String]) -> AnswerRequest {
        var context = [
            "cwd": FileManager.default.currentDirectoryPath,
            "stdout-terminal": String(isatty(STDOUT_FILENO) == 1),
            "stderr-terminal": String(isatty(STDERR_FILENO) == 1),
        ]
        for name in ["NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS"] {
            context["env " + name] = environment[name].map { "=" + $0 } ?? "unset"
        }
        return AnswerRequest(arguments: Array(CommandLine.arguments.dropFirst()), context: context)
    }
}

/// `--allow-partial`, for the commands where showing what could be read is useful.
struct PartialReadOption: ParsableArguments {
    @Flag(help: "When some file or peer cannot be read, show the rest and exit 0 (default: exit 2).")
    var allowPartial = false
}

/// `--format`, declared once: each command's view says which formats it renders.
struct FormatOption<View: OutputView>: ParsableArguments {
    @Option(name: .customLong("format"), help: ArgumentHelp(
        "Output format: \(View.formats.map(\.rawValue).joined(separator: ", ")) (default: \(View.defaultFormat.rawValue)).",
        valueName: View.formats.map(\.rawValue).joined(separator: "|")))
    var formatAsked: OutputFormat?

    /// The format asked for, else the view's default.
    var format: OutputFormat { formatAsked ?? View.defaultFormat }

    /// The format asked for, else the one `path`'s extension names (`r.html`, `r.md`, `r.json`)
    /// when the view renders it, else the view's default.
    func format(writingTo path: String?) -> OutputFormat {
        if let formatAsked { return formatAsked }
        let suffix = path.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? ""
        let inferred: OutputFormat? = switch suffix {
        case "html", "htm": .html
        case "md", "markdown": .markdown
        case "json": .json
        default: nil
        }
        return inferred.flatMap { View.formats.contains($0) ? $0 : nil } ?? View.defaultFormat
    }

    @Option(help: ArgumentHelp(
        "Colour text output: auto (on a terminal, unless NO_COLOR; always with FORCE_COLOR or CLICOLOR_FORCE), always, never.",
        valueName: "auto|always|never"))
    var color: ColorChoice = .auto

    func validate() throws {
        guard View.formats.contains(format) else {
            throw ValidationError("--format \(format.rawValue) is not available here; use \(View.formats.map(\.rawValue).joined(separator: ", "))")
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}

/// Counts on the command line (`--limit`, `--stale-days`, `--depth`): a negative one is a usage error that says so.
enum NumberArgument {
    static func requireNonNegative(_ value: Int?, _ option: String) throws {
        guard let value, value < 0 else { return }
        throw ValidationError("\(option) takes a number of 0 or more, not \(value)")
    }
}

/// The one element a command is about (`wp show ID`, `wp impact ID`).
struct ElementArgument: ParsableArguments {
    @Argument(help: "The id (qualify with repo: when ambiguous).")
    var id: String
}
