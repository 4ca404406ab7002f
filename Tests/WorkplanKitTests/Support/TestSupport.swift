import Foundation
@_exported import WPTestSupport
import Testing
@testable import WorkplanKit

/// Where the checked-in fixtures live, found from this file's path (not Bundle.module),
/// so the tests read the very bytes that are in the repository.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // WorkplanKitTests
        .appendingPathComponent("Fixtures")

    static let corpus = root.appendingPathComponent("corpus")

    /// Raw bytes of a fixture file, by path relative to `Fixtures/`.
    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }
}




func run(_ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
    try runProcess(executable, arguments, in: directory, environment: environment)
}

/// Text helpers that compute expected positions from the input itself, so no
/// expected value comes from the code under test.
enum TextScan {
    /// The file's lines, split on LF only (a trailing CR is kept), 1-based through `[line - 1]`.
    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// 1-based number of the first line (from `start`, 0-based) equal to `line`.
    static func lineNumber(of line: String, in text: String, after start: Int = 0) -> Int? {
        let all = lines(text)
        for index in start..<all.count where all[index] == line { return index + 1 }
        return nil
    }

    /// 1-based number of the first line (from `start`, 0-based) containing `needle`.
    static func lineNumber(containing needle: String, in text: String, after start: Int = 0) -> Int? {
        let all = lines(text)
        for index in start..<all.count where all[index].contains(needle) { return index + 1 }
        return nil
    }

    /// 1-based column (in Unicode scalars) of the first occurrence of `needle` in `line`.
    static func column(of needle: String, in line: String) -> Int? {
        guard let range = line.range(of: needle) else { return nil }
        return line.unicodeScalars[line.unicodeScalars.startIndex..<range.lowerBound].count + 1
    }

    /// Line and column of the first occurrence of `needle` on a line that contains `context`.
    static func position(of needle: String, onLineContaining context: String, in text: String) -> (line: Int, column: Int)? {
        guard let line = lineNumber(containing: context, in: text),
              let column = column(of: needle, in: lines(text)[line - 1]) else { return nil }
        return (line, column)
    }
}
