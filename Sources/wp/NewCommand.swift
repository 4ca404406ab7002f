import ArgumentParser

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a workplan or a task from a template (.wp/templates/ overrides the built-in ones).",
        subcommands: [NewWorkplanCommand.self, NewTaskCommand.self])
}
