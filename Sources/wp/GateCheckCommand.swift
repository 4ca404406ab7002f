import Foundation
import ArgumentParser
import WorkplanKit

struct GateCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check gates: exit 0 when every named gate passes, 1 when any fails, 2 when wp could not evaluate.",
        discussion: """
            Fails closed: a requirement that is missing, open, malformed or rejected by lint is unmet (exit 1); \
            one wp cannot decide (an id several elements carry, an unqualified id while a peer is unreadable, \
            a cycle of gates) is an error (exit 2). See docs/gates.md.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<GateCheckView>

    @Argument(help: "Gate ids (qualify with repo: when ambiguous).")
    var gates: [String]

    func validate() throws {
        if gates.isEmpty { throw ValidationError("name at least one gate id; `wp gate list` shows them") }
    }

    func run() throws {
        let session = try workspace.session()
        let named = try gates.map { try session.gate(named: $0) }
        // JSON lists every gate evaluated, each once (requirements name required gates by id);
        // text shows the named gates, whose requirement lines say how each required gate did.
        let results = session.gates.evaluateWithRequired(named)
        try Terminal.show(GateCheckView(results: results, named: Set(named).count), output.format)
        // Something could not be read or decided: never answer "pass" on a partial picture
        // (gate check has no --allow-partial).
        let status: ExitStatus = results.contains { $0.result == .error } ? .failure
            : results.contains { $0.result == .fail } ? .findings : .success
        try session.finish(status)
    }
}

