import WorkplanKit
import ArgumentParser

@main
struct WP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wp",
        abstract: "Read markdown workplans across repos: what is blocked, is every plan consistent, may we promote.",
        discussion: """
            Exit codes: 0 success; 1 findings (lint errors, a failing gate); \
            2 wp could not do the job (bad .wp.yaml, unreadable input, unknown id); \
            64 the command line itself is wrong. The file format: `wp help format`; everything: `man wp`.
            """,
        version: VersionText.current,
        subcommands: [StatusCommand.self, LintCommand.self, GateCommand.self, ReadyCommand.self, ShowCommand.self, ImpactCommand.self, GraphCommand.self, ReportCommand.self,
                      SetCommand.self, StartCommand.self, DoneCommand.self, BlockCommand.self, ResolveCommand.self, NewCommand.self, MCPCommand.self,
                      FormatTopic.self])
}
