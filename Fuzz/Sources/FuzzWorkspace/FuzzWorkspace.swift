import FuzzSupport

private let repo = ScratchRepo("workspace")
private let config = Array("repo: fuzz\ninclude: [workplans/**/*.md, docs/**/*.md]\n".utf8)

/// Harness 2: bytes → a workspace of two files (a workplan and a runbook, split at
/// ``fileSeparator``) → status, lint and every gate. No trap; every position names a
/// file at a place it has; a gate never passes on a file that failed to parse.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkspace(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    let first = input.part(separatedBy: fileSeparator)
    let second = input.rest()
    let files = [
        ".wp.yaml": config,
        "workplans/FUZZ-WP-0001-first.md": first,
        // The second file is a workplan or a runbook as its first byte says: both hold gates.
        (second.first.map { $0 & 1 == 0 } ?? true ? "docs/runbook.md" : "workplans/FUZZ-WP-0002-second.md"): second,
    ]
    repo.write(files)
    let workspace: Workspace
    do {
        workspace = try WorkspaceLoader(offline: true, cacheDirectory: repo.root + "/.cache").load(from: repo.root)
    } catch {
        invariantViolated("a fixed .wp.yaml and two files made the loader give up: \(error)")
    }
    let shapes = FileShapes(files)
    for diagnostic in workspace.diagnostics { shapes.require(diagnostic.location, "reading diagnostic [\(diagnostic.rule)]") }
    for workplan in workspace.workplans {
        for (location, what) in positions(of: workplan) { shapes.require(location, what) }
    }

    let analysis = BlockingAnalysis(WorkspaceGraph(workspace))
    let status = StatusReport(analysis: analysis)
    renderAll(status)

    let lint = LintEngine().run(LintContext(analysis: analysis, scope: .workspace))
    for diagnostic in lint.diagnostics { shapes.require(diagnostic.location, "lint finding [\(diagnostic.rule)]") }

    let gates = GateEvaluator(analysis: analysis, today: fuzzToday).evaluateAll()
    renderAll(GateCheckView(results: gates, named: gates.count))
    checkGatesFailClosed(gates, workspace: workspace)
    return 0
}

