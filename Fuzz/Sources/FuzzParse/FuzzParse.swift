import FuzzSupport

/// Harness 1: bytes → `WorkplanParser.parse`. Never traps; every position it reports
/// (diagnostics, elements, every YAML key and value, references) lies inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParse(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let path = "workplans/FUZZ-WP-0001-fuzz.md"
    let parsed = WorkplanParser(repo: "fuzz").parse(path: path, bytes: bytes)
    let shape = FileShape(path: path, bytes: bytes)
    for (location, what) in positions(of: parsed) { shape.require(location, what) }
    if let workplan = parsed.workplan {
        guard workplan.path == path, workplan.repo == "fuzz" else {
            invariantViolated("workplan names \(workplan.repo):\(workplan.path), not fuzz:\(path)")
        }
        for task in workplan.tasks where task.sectionLines.upperBound > shape.lineLengths.count || task.sectionLines.lowerBound < 1 {
            invariantViolated("task \(task.id) section \(task.sectionLines) outside the file's \(shape.lineLengths.count) lines")
        }
    }
    // A file that did not parse says why, at a position.
    if parsed.workplan == nil, parsed.gates.isEmpty, bytes.starts(with: Array("---".utf8)), parsed.diagnostics.isEmpty,
       bytes.count > 3, bytes[3] == 10 || bytes[3] == 13 {
        invariantViolated("front matter opened but neither a workplan nor a diagnostic came out")
    }
    return 0
}
