import ArgumentParser
import Foundation
import WorkplanKit

struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change one field of a task, decision block or workplan, checked and byte for byte in place.",
        discussion: """
            Examples: wp set RAILIANCE-WP-0002-T04 priority high; wp set T depends_on +X; wp set T depends_on -X; \
            wp set RAILIANCE-WP-0002 status active.
            Only the value's bytes change (and the front matter's `updated:`, set to today); comments, quoting, \
            key order, line endings and everything else stay. The edit is refused (exit 1, nothing written) when \
            the lifecycle forbids the status move, a field the new status requires is missing, `done` has open \
            dependencies, the result breaks the schema, adds lint errors, or the file changed meanwhile. \
            Exit 2: unknown id or wp could not read or write. Statuses, moves and fields: `wp help format`.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    /// `ID FIELD VALUE`, captured verbatim so that a value like `-RAILIANCE-WP-0003` is not read as options.
    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp(
            "ID FIELD VALUE: the task, decision or workplan id (repo:ID when ambiguous); the field (status, priority, owner, "
                + "evidence, depends_on, ...; front matter fields for a workplan); the new value (for a list: +ID adds, -ID removes, "
                + "'A, B' replaces, [] empties).",
            valueName: "id field value"))
    var arguments: [String] = []

    /// The positional words and the options written after them.
    struct Words {
        var positional: [String] = []
        var dryRun = false
        var force = false
        var offline = false
        var directory: String?
    }

    /// Reads the captured words: options after ID FIELD VALUE are still options; any other word is positional.
    static func split(_ arguments: [String]) throws -> Words {
        var words = Words()
        var index = 0
        var onlyPositional = false
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            if onlyPositional {
                words.positional.append(word)
                continue
            }
            switch word {
            case "--": onlyPositional = true
            case "--help", "-h", "-help": throw CleanExit.helpRequest(SetCommand.self)
            case "--dry-run": words.dryRun = true
            case "--force": words.force = true
            case "--offline": words.offline = true
            case "-C", "--directory":
                guard index < arguments.count else { throw ValidationError("\(word) needs a directory") }
                words.directory = arguments[index]
                index += 1
            default:
                if word.hasPrefix("--directory=") {
                    words.directory = String(word.dropFirst("--directory=".count))
                } else if word.hasPrefix("--") {
                    throw ValidationError("unknown option '\(word)' (a value that starts with -- goes after a `--`)")
                } else {
                    words.positional.append(word)
                }
            }
        }
        return words
    }

    func validate() throws {
        let words = try Self.split(arguments)
        guard words.positional.count == 3 else {
            throw ValidationError(words.positional.count < 3
                ? "give the id, the field and the new value: wp set ID FIELD VALUE"
                : "give one value (quote it if it has spaces); got \(words.positional.dropFirst(2).map { "'\($0)'" }.joined(separator: " "))")
        }
    }

    func run() throws {
        let words = try Self.split(arguments)
        var workspace = self.workspace
        var edit = self.edit
        if let directory = words.directory { workspace.directory = directory }
        workspace.offline = workspace.offline || words.offline
        edit.dryRun = edit.dryRun || words.dryRun
        edit.force = edit.force || words.force
        let (id, field, value) = (words.positional[0], words.positional[1], words.positional[2])
        let force = edit.force
        try edit.perform(workspace) { editor in
            try editor.plan(EditRequest(id: id, changes: [.set(field: field, value: value)], force: force))
        }
    }
}

/// Options every editing command shares.
struct EditOptions: ParsableArguments {
    @Flag(help: "Print the change as a unified diff instead of writing it.")
    var dryRun = false

    @Flag(help: """
        Make the edit although the lifecycle forbids the move, a dependency is open, it adds lint errors, \
        or the file is read-only (each override is printed).
        """)
    var force = false

    /// Loads the workspace, plans the edit, then prints the diff (`--dry-run`) or writes it.
    ///
    /// Results go to stdout; refusals, overrides and notes to stderr. Exit 1 when refused, 2 when wp could not do it.
    /// Every line shown is ``terminalSafe``: change lines and notes quote values from the file.
    func perform(_ options: WorkspaceOptions, _ plan: (WorkplanEditor) throws -> EditPlan) throws {
        let loaded = try options.load(keepingSources: .localRepo)
        let editor = WorkplanEditor(workspace: loaded, today: Today.localDate(environment: ProcessInfo.processInfo.environment))
        do {
            let result = try plan(editor)
            for problem in result.overrides { Terminal.error(problem.description) }
            for note in result.notes { Terminal.error("note: \(note.terminalSafe)") }
            if dryRun {
                try result.checkWritable(replacingReadOnly: force)
                try Terminal.write(result.diff())
                return
            }
            let warnings = try result.commit(replacingReadOnly: force)
            for warning in warnings { Terminal.error("warning: \(warning)") }
            guard !result.isNoChange else { return }
            try Terminal.write(result.changes.map { $0.terminalSafe + "\n" }.joined() + "wrote \(result.displayPath.terminalSafePath)\n")
        } catch let error as EditError {
            for problem in error.problems { Terminal.error(problem.description) }
            if let advice = error.advice { Terminal.error(advice.text) }
            throw ExitCode(error.exitCode)
        }
    }
}
