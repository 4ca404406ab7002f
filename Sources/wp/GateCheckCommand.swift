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
            a cycle of gates) is an error (exit 2). A git peer whose fetch failed is read from its cached copy, \
            and the check exits 2 on it unless --allow-stale-peers. With --warn-within 7d, evidence a gate counts \
            now but that stops counting within 7 days is a warning (stderr; `warnings` in JSON): the gate still \
            passes. See `wp help gates`.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var output: FormatOption<GateCheckView>

    @Argument(help: "Gate ids (qualify with repo: when ambiguous).")
    var gates: [String]

    @Flag(help: "Accept a git peer read from its cached copy because its fetch failed (by default the check exits 2 on it).")
    var allowStalePeers = false

    @Option(name: .customLong("warn-within"), help: ArgumentHelp(
        "Warn when evidence a gate counts stops counting within this time (7d, 2w, 12h).", valueName: "age"))
    var warnWithin: String?

    func validate() throws {
        if gates.isEmpty { throw ValidationError("name at least one gate id; `wp gate list` shows them") }
        if let warnWithin, GateDefinition.parseAge(warnWithin) == nil {
            throw ValidationError("--warn-within must look like 7d, 2w or 12h (at most 100 years)")
        }
    }

    func run() throws {
        let session = try workspace.session()
        let named = try gates.map { try session.gate(named: $0) }
        // JSON lists every gate evaluated, each once (requirements name required gates by id);
        // text shows the named gates, whose requirement lines say how each required gate did.
        let results = session.gates.evaluateWithRequired(named)
        let warnings = warnWithin.flatMap(GateDefinition.parseAge).map { session.gates.expiryWarnings(results, within: $0) }
        for warning in warnings ?? [] { Terminal.error("warning: \(warning.terminalSafe)") }
        try Terminal.show(GateCheckView(results: results, named: Set(named).count, warnings: warnings), output)
        // Something could not be read or decided: never answer "pass" on a partial picture
        // (gate check has no --allow-partial).
        var status: ExitStatus = results.contains { $0.result == .error } ? .failure
            : results.contains { $0.result == .fail } ? .findings : .success
        // A gate must not pass on an old copy of a peer without being told to.
        let stale = session.workspace.stalePeers
        if !allowStalePeers, !stale.isEmpty {
            for peer in stale {
                let age = peer.staleCopy?.fetchedOn.map { "fetched on \($0)" } ?? "of an earlier fetch"
                Terminal.error("error: peer `\(peer.name)` is only known from its cached copy \(age) (this run's fetch failed); "
                    + "a gate does not pass on old data: fix the fetch, or pass --allow-stale-peers to accept the copy")
            }
            status = max(status, .failure)
        }
        try session.finish(status, peersDecidedPerRequirement: true)
    }
}

