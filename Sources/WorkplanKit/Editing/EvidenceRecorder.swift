extension WorkplanEditor {
    // MARK: Evidence

    /// `wp evidence record NAME`: recurring evidence (a restore drill every 30 days) produced
    /// again. The done task that records `NAME` gets `done_on:` today, and the note, when given,
    /// is appended to its `evidence_note:` as `YYYY-MM-DD: text`.
    ///
    /// The task is the one of the local repo that names the evidence, or `task` when given (a
    /// task that names no evidence yet gets `evidence: NAME`). It must have succeeded already:
    /// the first recording is `wp done`.
    public func planEvidenceRecord(_ name: String, task taskID: String? = nil, note: String? = nil, force: Bool = false) throws(EditError) -> EditPlan {
        let name = try checkedLine(name, what: "the evidence name")
        let note = try note.map { text throws(EditError) in try checkedLine(text, what: "--note") }
        let task: Workplan.Task
        var changes: [FieldChange] = []
        if let taskID {
            task = try locatedTask(taskID, command: "wp evidence record")
            let names = GateEvaluator.evidenceNames(task)
            if names.isEmpty {
                changes.append(.set(field: "evidence", value: name))
            } else if !names.contains(name) {
                throw EditError.refused(.evidenceNamed(id: task.id, names: names, given: name), at: task.fields["evidence"]?.location)
            }
        } else {
            let local = workspace.workplans.filter { $0.repo == workspace.config.repo }
            let recording = local.flatMap { workplan in workplan.tasks.filter { GateEvaluator.evidenceNames($0).contains(name) } }
            guard let only = recording.first else { throw EditError.refused(.noEvidenceTask(name: name)) }
            guard recording.count == 1 else {
                throw EditError.refused(.evidenceInSeveralTasks(name: name, tasks: recording.prefix(Limits.gateCandidatesShown).map(\.id)))
            }
            task = only
        }
        let lifecycle = workspace.lifecycles.task
        guard lifecycle.hasSucceeded(task.status) else {
            let done = lifecycle.status(for: .succeeded) ?? task.status
            throw EditError.refused(.evidenceTaskNotDone(id: task.id, status: task.status, done: done), at: task.fields["status"]?.location)
        }
        changes.append(.set(field: "done_on", value: todayText))
        if let note {
            let entry = "\(todayText): \(note)"
            let old = task.fields["evidence_note"]?.string?.trimmingWhitespace() ?? ""
            changes.append(.set(field: "evidence_note", value: old.isEmpty ? entry : old + "; " + entry))
        }
        return try plan(EditRequest(id: task.id, changes: changes, force: force))
    }
}
