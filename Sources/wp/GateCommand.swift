import ArgumentParser

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Deploy gates: may a promotion go ahead?",
        discussion: "Gates are ```gate blocks in any file .wp.yaml includes. See docs/gates.md.",
        subcommands: [GateListCommand.self, GateCheckCommand.self, GateExplainCommand.self])
}
