import ArgumentParser

struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Deploy gates: may a promotion go ahead?",
        discussion: "Gates are ```gate blocks in any file .wp.yaml includes; their fields: `wp help format`, in full: `man wp`.",
        subcommands: [GateListCommand.self, GateCheckCommand.self, GateExplainCommand.self])
}
