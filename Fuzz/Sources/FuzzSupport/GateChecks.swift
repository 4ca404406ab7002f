/// A passing gate stands only on files that parsed: no requirement it meets is an element
/// of a file with a reading error, directly or through a gate it requires.
public func checkGatesFailClosed(_ results: [GateResult], workspace: Workspace) {
    let unreadable = Set(workspace.diagnostics.filter { $0.severity == .error }.map(\.location.path))
    var fileOfElement: [String: Set<String>] = [:]
    for workplan in workspace.workplans {
        fileOfElement[workplan.id, default: []].insert(workplan.path)
        for task in workplan.tasks { fileOfElement[task.id, default: []].insert(workplan.path) }
        for decision in workplan.decisions { fileOfElement[decision.id, default: []].insert(workplan.path) }
    }
    for result in results where result.result == .pass {
        if result.requirements.isEmpty { invariantViolated("gate \(result.id) passes with no requirement") }
        if let open = result.requirements.first(where: { !$0.met || $0.undecided }) {
            invariantViolated("gate \(result.id) passes with requirement '\(open.ref)' unmet or undecided")
        }
        for requirement in result.requirements where requirement.met && requirement.gate == nil {
            guard let id = requirement.id else {
                invariantViolated("gate \(result.id) passes on requirement '\(requirement.ref)' that resolves to nothing")
            }
            let files = fileOfElement[id] ?? []
            if let broken = files.first(where: unreadable.contains) {
                invariantViolated("gate \(result.id) passes although \(broken), which holds \(id), failed to parse "
                    + "(\(workspace.diagnostics.filter { $0.location.path == broken }.map(\.description).joined(separator: "; ")))")
            }
        }
    }
}
