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

    /// `ID FIELD VALUE` and any options among or after them, captured verbatim from the first positional
    /// word on: argument-parser alone would read a value like `-RAILIANCE-WP-0003` as the packed short
    /// options `-R -A … -C` (and `-C` takes a directory). ``invocation()`` sorts the words.
    @Argument(
        parsing: .captureForPassthrough,
        help: ArgumentHelp(
            "ID FIELD VALUE: the task, decision or workplan id (repo:ID when ambiguous); the field (status, priority, owner, "
                + "evidence, depends_on, ...; front matter fields for a workplan); the new value (for a list: +ID adds, -ID removes, "
                + "'A, B' replaces, [] empties).",
            valueName: "id field value"))
    var arguments: [String] = []

    /// The options written among or after ID FIELD VALUE, parsed by argument-parser as those before them are.
    struct LaterOptions: ParsableArguments {
        @OptionGroup var workspace: WorkspaceOptions
        @OptionGroup var edit: EditOptions
    }

    /// What the command line says.
    struct Invocation {
        var id: String
        var field: String
        var value: String
        var workspace: WorkspaceOptions
        var edit: EditOptions
    }

    /// Sorts the captured words by their shape alone: `--name`, `--name=value` and `-x` (one letter)
    /// are options, every other word is ID, FIELD or VALUE (`-RAILIANCE-WP-0003`, `-1`, `+X`), and so
    /// is every word after a `--`. Which options exist, which take a value and what they mean is
    /// argument-parser's to say: an option takes the next word when it cannot be parsed alone.
    func invocation() throws -> Invocation {
        var positional: [String] = []
        var optionWords: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let word = arguments[index]
            index += 1
            if word == "--" {
                positional += arguments[index...]
                break
            }
            guard Self.isOptionShaped(word) else {
                positional.append(word)
                continue
            }
            // Before ID, argument-parser hands `--help` over with the words it captures.
            if Self.helpWords.contains(word) { throw CleanExit.helpRequest(Self.self) }
            optionWords.append(word)
            if !word.contains("="), index < arguments.endIndex, (try? LaterOptions.parse([word])) == nil,
               (try? LaterOptions.parse([word, arguments[index]])) != nil {
                optionWords.append(arguments[index])
                index += 1
            }
        }
        let later: LaterOptions
        do {
            later = try LaterOptions.parse(optionWords)
        } catch {
            throw ValidationError(LaterOptions.message(for: error))
        }
        guard positional.count == 3 else {
            throw ValidationError(positional.count < 3
                ? "give the id, the field and the new value: wp set ID FIELD VALUE"
                : "give one value (quote it if it has spaces); got \(positional.dropFirst(2).map { "'\($0)'" }.joined(separator: " "))")
        }
        var workspace = self.workspace
        var edit = self.edit
        workspace.directory = later.workspace.directory ?? workspace.directory
        workspace.offline = workspace.offline || later.workspace.offline
        edit.dryRun = edit.dryRun || later.edit.dryRun
        edit.force = edit.force || later.edit.force
        return Invocation(id: positional[0], field: positional[1], value: positional[2], workspace: workspace, edit: edit)
    }

    private static let helpWords: Set<String> = ["--help", "-h", "-help"]

    /// `--name…` or a dash and one letter.
    private static func isOptionShaped(_ word: String) -> Bool {
        if word.hasPrefix("--") { return word.count > 2 }
        guard word.count == 2, word.hasPrefix("-"), let letter = word.last else { return false }
        return letter.isASCII && letter.isLetter
    }

    func validate() throws {
        _ = try invocation()
    }

    func run() throws {
        let invocation = try invocation()
        let (id, field, value, force) = (invocation.id, invocation.field, invocation.value, invocation.edit.force)
        try invocation.edit.perform(invocation.workspace) { editor in
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
        let session = try options.session(keepingSources: .localRepo)
        // Reading problems are shown, not fatal: the edit's own checks refuse what they make uncertain.
        Terminal.report(session.loadProblems)
        do {
            let result = try plan(session.editor)
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
