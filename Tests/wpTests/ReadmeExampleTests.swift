import Foundation
import Testing

/// README's examples are what wp prints on the shipped examples (issue 12): every
/// fenced block that starts with `$ wp … -C examples/…` is run from the package root,
/// and its output must match the block. In the block, a line that is only `…` stands
/// for any number of lines, and `…` inside a line for any text.
@Suite struct ReadmeExampleTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    struct Example: CustomStringConvertible {
        var arguments: [String]
        var expected: [String]
        var description: String { "wp " + arguments.joined(separator: " ") }
    }

    /// The blocks of README that show a run of wp on `examples/`.
    static func examples() throws -> [Example] {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        var examples: [Example] = []
        var block: [String]?
        var inLongFence = false
        var inFence = false
        for line in readme.components(separatedBy: "\n") {
            // ````markdown … ```` shows fences inside: none of them is an example.
            if line.hasPrefix("````") {
                inLongFence.toggle()
                continue
            }
            if inLongFence { continue }
            if line.hasPrefix("```") {
                if inFence {
                    if let lines = block, let first = lines.first, first.hasPrefix("$ wp "), first.contains(" -C examples/") {
                        let command = first.dropFirst("$ wp ".count).split(separator: "#").first ?? ""
                        examples.append(Example(arguments: command.split(separator: " ").map(String.init), expected: Array(lines.dropFirst())))
                    }
                    block = nil
                } else {
                    // Only a plain fence shows a terminal; ```sh, ```json … show something else.
                    block = line == "```" ? [] : nil
                }
                inFence.toggle()
                continue
            }
            block?.append(line)
        }
        return examples
    }

    /// Whether `actual` matches `pattern` line by line (`…` lines and `…` in lines as wildcards).
    static func matches(_ actual: [String], _ pattern: [String]) -> Bool {
        // matched[i][j]: actual[i...] matches pattern[j...]; filled from the end, no recursion.
        var matched = Array(repeating: Array(repeating: false, count: pattern.count + 1), count: actual.count + 1)
        matched[actual.count][pattern.count] = true
        for j in stride(from: pattern.count - 1, through: 0, by: -1) {
            for i in stride(from: actual.count, through: 0, by: -1) {
                if pattern[j] == "…" {
                    matched[i][j] = matched[i][j + 1] || (i < actual.count && matched[i + 1][j])
                } else {
                    matched[i][j] = i < actual.count && lineMatches(actual[i], pattern[j]) && matched[i + 1][j + 1]
                }
            }
        }
        return matched[0][0]
    }

    static func lineMatches(_ line: String, _ pattern: String) -> Bool {
        let parts = pattern.components(separatedBy: "…")
        guard parts.count > 1 else { return line == pattern }
        guard line.hasPrefix(parts[0]) else { return false }
        var rest = line.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        let last = parts[parts.count - 1]
        return rest.hasSuffix(last) && rest.count >= last.count
    }

    @Test("the matcher: `…` lines take any number of lines, `…` in a line any text, everything else is exact")
    func matcher() {
        #expect(Self.matches(["a", "b", "c"], ["a", "…", "c"]))
        #expect(Self.matches(["a", "c"], ["a", "…", "c"]))
        #expect(!Self.matches(["a", "b"], ["a", "…", "c"]))
        #expect(Self.matches(["x (long text) y"], ["x (…) y"]))
        #expect(!Self.matches(["x (long text) z"], ["x (…) y"]))
        #expect(!Self.matches(["a", "b"], ["a"]))
        #expect(!Self.matches(["0 errors, 6 warnings in 3 files"], ["0 errors, 6 warnings in 2 files"]))
    }

    @Test("README shows examples run on examples/, the in-flight state among them")
    func readmeHasExamples() throws {
        let examples = try Self.examples()
        #expect(examples.count >= 3, "\(examples)")
        #expect(examples.contains { $0.arguments.contains("examples/in-flight/railiance-apps") && $0.expected.contains { $0.contains("blocked on RAILIANCE-WP-0003") } })
    }

    @Test("every README example prints what README shows", arguments: try ReadmeExampleTests.examples())
    func example(_ example: Example) throws {
        let cache = try TemporaryDirectory("wp-readme-cache")
        let result = try run(try WPBinary.require(), example.arguments, in: Self.packageRoot,
                             environment: ["NO_COLOR": "1", "WP_TODAY": "2026-11-28", "WP_CACHE_DIR": cache.path])
        var actual = result.stdout.components(separatedBy: "\n")
        if actual.last == "" { actual.removeLast() }
        var expected = example.expected
        if expected.last == "" { expected.removeLast() }
        #expect(Self.matches(actual, expected), "\(example) printed:\n\(result.stdout)\nREADME shows:\n\(expected.joined(separator: "\n"))")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}
