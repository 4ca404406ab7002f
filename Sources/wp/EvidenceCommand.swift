import ArgumentParser

struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Evidence gates require: list it, record recurring evidence again.",
        discussion: """
            A task names the evidence it produces (`evidence: restore-drill`) and the day it did (`done_on:`, \
            written by `wp done`); a gate requires it, maybe no older than `max_age`. See docs/gates.md.
            """,
        subcommands: [EvidenceListCommand.self, EvidenceRecordCommand.self])
}
