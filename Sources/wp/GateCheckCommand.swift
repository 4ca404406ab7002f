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

    @Option(help: "Output format: text or json.")
    var format: GateFormat = .text

    @Argument(help: "Gate ids (qualify with repo: when ambiguous).")
    var gates: [String]

    func validate() throws {
        if gates.isEmpty { throw ValidationError("name at least one gate id; `wp gate list` shows them") }
    }

    func run() throws {
        let loaded = try workspace.load()
        let evaluator = GateEvaluator(workspace: loaded, today: Today.utc(environment: ProcessInfo.processInfo.environment))
        var named: [Int] = []
        for id in gates {
            switch evaluator.lookup(id) {
            case .found(let index):
                named.append(index)
            case .unknown:
                // A file that could not be read may be what holds the gate: say so before "no gate".
                Terminal.report(loaded.diagnostics)
                let known = evaluator.definitions.map(\.id).sorted().map(\.terminalSafe)
                let hint = suggestion(for: id, among: known).map { "; did you mean '\($0)'?" } ?? ""
                Terminal.error("error: no gate '\(id)'\(hint) (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
                throw ExitCode(2)
            case .ambiguous(let candidates):
                Terminal.report(loaded.diagnostics)
                Terminal.error("error: gate id '\(id)' is ambiguous: \(candidates.map(\.terminalSafe).joined(separator: ", ")); qualify it as repo:ID")
                throw ExitCode(2)
            }
        }
        // JSON lists every gate evaluated, each once (requirements name required gates by id);
        // text shows the named gates, whose requirement lines say how each required gate did.
        let results = evaluator.evaluateWithRequired(named)
        let shown = Set(named).count
        try Terminal.write(Terminal.render { format == .json ? try GateRenderer.json(results) : GateRenderer.text(Array(results.prefix(shown)), style: Terminal.style()) })
        Terminal.report(loaded.diagnostics)
        // Something could not be read: never answer "pass" on a partial picture.
        if results.contains(where: { $0.result == .error }) || loaded.isIncomplete { throw ExitCode(2) }
        if results.contains(where: { $0.result == .fail }) { throw ExitCode(1) }
    }
}

extension GateFormat: ExpressibleByArgument {}
extension GateExplainFormat: ExpressibleByArgument {}
