import Foundation
import Testing

/// Compares `actual` with the golden file `Snapshots/<name>` next to the tests.
///
/// With `WP_RECORD_SNAPSHOTS=1` the file is (re)written and the test fails,
/// so a recording run can never pass silently; review the diff, then rerun
/// without the variable.
func assertSnapshot(
    _ actual: String,
    named name: String,
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let file = directory.appendingPathComponent(name)
    let recording = ProcessInfo.processInfo.environment["WP_RECORD_SNAPSHOTS"] == "1"

    if recording {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file)
            Issue.record("recorded snapshot \(name); rerun without WP_RECORD_SNAPSHOTS to check it", sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot write snapshot \(file.path): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
        Issue.record("no snapshot \(name) at \(file.path); record it with WP_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard actual != expected else { return }
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let first = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        ?? min(actualLines.count, expectedLines.count)
    let want = first < expectedLines.count ? String(expectedLines[first]) : "<end of file>"
    let got = first < actualLines.count ? String(actualLines[first]) : "<end of output>"
    Issue.record("""
        output differs from snapshot \(name) at line \(first + 1):
          expected: \(want)
            actual: \(got)
        whole output:
        \(actual)
        (re-record with WP_RECORD_SNAPSHOTS=1 if the change is intended)
        """, sourceLocation: sourceLocation)
}
