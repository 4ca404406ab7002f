import ArgumentParser
import WorkplanKit

struct EvidenceRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record recurring evidence again: its done task gets done_on today, and the note is appended to evidence_note.",
        discussion: """
            The task is the one of this repo that names the evidence (`evidence: NAME`), or --task. It must be done \
            already: the first recording is `wp done TASK`. Checked and written like every edit (`wp help set`).
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var edit: EditOptions

    @Argument(help: "The evidence name, as the task and the gate write it (restore-drill).")
    var name: String

    @Option(help: ArgumentHelp("The task that records it, when several do or it names none yet.", valueName: "id"))
    var task: String?

    @Option(help: ArgumentHelp("What was done this time, appended to evidence_note as `YYYY-MM-DD: text`.", valueName: "text"))
    var note: String?

    func run() throws {
        try edit.perform(workspace) { editor in
            try editor.planEvidenceRecord(name, task: task, note: note, force: edit.force)
        }
    }
}
