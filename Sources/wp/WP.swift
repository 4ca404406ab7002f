import Foundation
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
            64 the command line itself is wrong. The file format: `wp help format`; lint rules: `wp help rules`; gates: `wp help gates`; everything: `man wp`.
            """,
        version: VersionText.current,
        subcommands: [StatusCommand.self, LintCommand.self, GateCommand.self, ReadyCommand.self, ShowCommand.self, ImpactCommand.self, GraphCommand.self, ReportCommand.self, LSPCommand.self,
                      SetCommand.self, StartCommand.self, DoneCommand.self, BlockCommand.self, ResolveCommand.self, NewCommand.self, EvidenceCommand.self, ServeCommand.self, MCPCommand.self,
                      FormatTopic.self, RulesTopic.self, GatesTopic.self])

    /// `-C DIR` before the command, a suggestion for a mistyped command, and `wp help` of
    /// unknown topics are handled first (``CommandLinePreflight``); argument-parser does the rest.
    static func main() {
        StandardDescriptors.reserve()
        switch CommandLinePreflight.prepare(Array(CommandLine.arguments.dropFirst()), root: Self.self) {
        case .run(let arguments):
            main(arguments)
        case .stop(let message, let status):
            Terminal.error(message)
            Foundation.exit(status.rawValue)
        }
    }
}
