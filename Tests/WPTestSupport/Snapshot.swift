import Foundation
import Testing

/// Compares `actual` with the golden file `<directory>/<name>`, where `directory`
/// is relative to the calling test file's folder (`Snapshots` by default).
///
/// With `WP_RECORD_SNAPSHOTS=1` the file is (re)written and the test fails, so a
/// recording run can never pass silently; review the diff, then rerun without it.
public func assertSnapshot(
    _ actual: String,
    named name: String,
    in directory: String = "Snapshots",
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertSnapshot(bytes: Array(actual.utf8), named: name, in: directory, filePath: filePath, sourceLocation: sourceLocation)
}

/// The same, byte for byte (CR, BOM and the final newline included): golden files of edits.
public func assertSnapshot(
    bytes actual: [UInt8],
    named name: String,
    in directory: String = "Snapshots",
    filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent(directory).standardizedFileURL
    let file = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["WP_RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual).write(to: file)
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
    let expected = [UInt8](data)
    guard actual != expected else { return }
    // Split the bytes, not a String: Swift reads CRLF as one Character.
    let want = expected.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    let got = actual.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    let first = zip(want, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(want.count, got.count)
    Issue.record("""
        output differs from snapshot \(name) at line \(first + 1):
          expected: \(first < want.count ? want[first].debugDescription : "<end of file>")
            actual: \(first < got.count ? got[first].debugDescription : "<end of output>")
        whole output:
        \(String(decoding: actual, as: UTF8.self))
        (re-record with WP_RECORD_SNAPSHOTS=1 if the change is intended)
        """, sourceLocation: sourceLocation)
}
