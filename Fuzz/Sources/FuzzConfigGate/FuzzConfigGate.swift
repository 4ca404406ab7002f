import FuzzSupport

/// The workplan every input's gates may require: finished, with done, open and
/// evidenced tasks, a resolved and a pending decision.
private let fixedWorkplan = Array("""
    ---
    id: FUZZ-WP-0001
    type: workplan
    title: Fixed plan
    status: finished
    created: "2026-01-01"
    updated: "2026-11-01"
    ---

    # Fixed plan

    ### T01 Done with evidence

    ```task
    id: FUZZ-WP-0001-T01
    status: done
    evidence: restore-drill
    done_on: "2026-11-20"
    ```

    ### T02 Cancelled

    ```task
    id: FUZZ-WP-0001-T02
    status: cancelled
    ```

    ```decision
    id: FUZZ-WP-0001-D01
    title: Pick one
    status: resolved
    resolution: the first
    decided_by: ana
    decided_on: "2026-10-01"
    ```

    **Decision FUZZ-WP-0001-D02 — which second** (pending; required before T02):

    """.utf8)

/// Harness 4: `.wp.yaml` and gate blocks. The input is a `.wp.yaml` and a runbook
/// (split at ``fileSeparator``); the runbook's gates are checked against a fixed
/// workplan with the config's lifecycles, peers unavailable. No trap; every position
/// lies inside the file it names; a gate passes only with every requirement met on
/// files that parsed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfigGate(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    let configBytes = input.part(separatedBy: fileSeparator)
    let runbookBytes = input.rest()
    let runbookPath = "docs/runbook.md"
    let workplanPath = "workplans/FUZZ-WP-0001-fixed.md"
    let shapes = FileShapes([".wp.yaml": configBytes, runbookPath: runbookBytes, workplanPath: fixedWorkplan])

    var config: WorkspaceConfig
    var engine = LintEngine()
    do {
        config = try WorkspaceConfig.parse(bytes: configBytes, path: ".wp.yaml", defaultRepo: "fuzz")
        if let raw = config.raw { for (location, what) in positions(of: raw, ".wp.yaml") { shapes.require(location, what) } }
        for (pattern, location) in config.includeLocations { shapes.require(location, "include pattern \(pattern)") }
        for peer in config.peers {
            if let location = peer.location { shapes.require(location, "peer \(peer.name)") }
            for (pattern, location) in peer.includeLocations { shapes.require(location, "peer include pattern \(pattern)") }
        }
        engine = try LintEngine(config: config)
    } catch {
        if let location = error.location { shapes.require(location, "config error '\(error.message.prefix(100))'") }
        config = WorkspaceConfig(repo: "fuzz")
    }

    let parser = WorkplanParser(repo: config.repo)
    let runbook = parser.parse(path: runbookPath, bytes: runbookBytes)
    guard let workplan = parser.parse(path: workplanPath, bytes: fixedWorkplan).workplan else {
        invariantViolated("the fixed workplan does not parse")
    }
    var local = Workspace.Repo(
        name: config.repo, kind: .local, root: "/nonexistent/wp-fuzz", availability: .available,
        workplans: [workplan], gates: runbook.gates, fileCount: 2)
    if let other = runbook.workplan { local.workplans.append(other) }
    let peers = config.peers.map { peer in
        Workspace.Repo(name: peer.name, kind: .pathPeer("../\(peer.name)"), root: nil, availability: .unavailable(reason: "not read while fuzzing"))
    }
    let workspace = Workspace(root: "/nonexistent/wp-fuzz", config: config, repos: [local] + peers, diagnostics: runbook.diagnostics)
    for (location, what) in positions(of: runbook) { shapes.require(location, what) }

    let analysis = BlockingAnalysis(WorkspaceGraph(workspace))
    for diagnostic in engine.run(LintContext(analysis: analysis, scope: .workspace)).diagnostics {
        shapes.require(diagnostic.location, "lint finding [\(diagnostic.rule)]")
    }
    let evaluator = GateEvaluator(analysis: analysis, today: fuzzToday)
    let results = evaluator.evaluateAll()
    renderAll(GateCheckView(results: results, named: results.count))
    renderAll(GateListView(results: results))
    renderAll(GateExplainView(results: results))
    for definition in evaluator.definitions {
        _ = evaluator.lookup(definition.id)
        for requirement in definition.requirements { shapes.require(requirement.location, "gate \(definition.id) requirement") }
    }
    checkGatesFailClosed(results, workspace: workspace)
    for (result, definition) in zip(results, evaluator.definitions) where result.result == .pass {
        if let malformed = definition.requirements.first(where: { if case .malformed = $0 { true } else { false } }) {
            invariantViolated("gate \(definition.id) passes with a malformed requirement: \(malformed.text)")
        }
    }
    return 0
}
