/// Line diffs for `--dry-run`: Myers' O(ND) algorithm and the unified format
/// `diff -u` and `git diff` print (and `patch` / `git apply` read).
///
/// Lines are compared as raw bytes, terminators included, so a CRLF file
/// diffs exactly and the output applies to the file as it is.
public enum LineDiff {
    /// One step of an edit script.
    public enum Operation: Hashable, Sendable {
        case same(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// The file's lines, each with its terminator (the last one may have none).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 10 {
            result.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { result.append(Array(bytes[start...])) }
        return result
    }

    /// A shortest edit script turning `old` into `new` (0-based line indexes).
    public static func operations<Line: Hashable>(_ old: [Line], _ new: [Line]) -> [Operation] {
        // Common prefix and suffix first: an edit changes a few lines in a long file.
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        var result = (0..<prefix).map { Operation.same(old: $0, new: $0) }
        for operation in myers(a, b) {
            switch operation {
            case .same(let o, let n): result.append(.same(old: o + prefix, new: n + prefix))
            case .delete(let o): result.append(.delete(old: o + prefix))
            case .insert(let n): result.append(.insert(new: n + prefix))
            }
        }
        for offset in 0..<suffix {
            result.append(.same(old: old.count - suffix + offset, new: new.count - suffix + offset))
        }
        return result
    }

    /// Myers' greedy algorithm, keeping each round's frontier to trace the path back.
    private static func myers<Line: Hashable>(_ a: [Line], _ b: [Line]) -> [Operation] {
        let n = a.count
        let m = b.count
        if n == 0 { return (0..<m).map { .insert(new: $0) } }
        if m == 0 { return (0..<n).map { .delete(old: $0) } }
        let max = n + m
        let offset = max
        var frontier = [Int](repeating: 0, count: 2 * max + 2)
        var trace: [[Int]] = []
        search: for d in 0...max {
            trace.append(frontier)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]) {
                    x = frontier[offset + k + 1]
                } else {
                    x = frontier[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        // Walk back from (n, m) through the saved frontiers.
        var operations: [Operation] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let saved = trace[d]
            let k = x - y
            let previousK: Int
            if k == -d || (k != d && saved[offset + k - 1] < saved[offset + k + 1]) {
                previousK = k + 1
            } else {
                previousK = k - 1
            }
            let previousX = d == 0 ? 0 : saved[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                x -= 1
                y -= 1
                operations.append(.same(old: x, new: y))
            }
            if d > 0 {
                if x == previousX {
                    y -= 1
                    operations.append(.insert(new: y))
                } else {
                    x -= 1
                    operations.append(.delete(old: x))
                }
            }
        }
        return operations.reversed()
    }

    /// A unified diff with `context` lines around each change; empty when the bytes are equal.
    ///
    /// - Parameter forDisplay: show each line's content ``Swift/String/terminalSafe``
    ///   (control characters escaped, no line begins with `:`), keeping its LF or
    ///   CR LF terminator. Lines that hold neither come out byte for byte; lines that
    ///   do are shown, so such a diff no longer applies with `patch`.
    public static func unified(
        old: [UInt8], new: [UInt8], oldName: String, newName: String, context: Int = 3, forDisplay: Bool = false
    ) -> String {
        guard old != new else { return "" }
        let a = lines(old)
        let b = lines(new)
        let script = operations(a, b)
        var output: [UInt8] = Array("--- \(oldName)\n+++ \(newName)\n".utf8)
        // Group changes whose context windows touch into hunks.
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let low = Swift.max(0, index - context)
            let high = Swift.min(script.count - 1, index + context)
            if let last = hunks.last, low <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...Swift.max(last.upperBound, high)
            } else {
                hunks.append(low...high)
            }
        }
        // Old and new lines consumed before each step of the script.
        var consumedOld = [0]
        var consumedNew = [0]
        for step in script {
            switch step {
            case .same: consumedOld.append(consumedOld.last! + 1); consumedNew.append(consumedNew.last! + 1)
            case .delete: consumedOld.append(consumedOld.last! + 1); consumedNew.append(consumedNew.last!)
            case .insert: consumedOld.append(consumedOld.last!); consumedNew.append(consumedNew.last! + 1)
            }
        }
        for hunk in hunks {
            let oldCount = consumedOld[hunk.upperBound + 1] - consumedOld[hunk.lowerBound]
            let newCount = consumedNew[hunk.upperBound + 1] - consumedNew[hunk.lowerBound]
            // A side with no lines in the hunk is named by the line before it, as diff does.
            let oldLine = consumedOld[hunk.lowerBound] + (oldCount == 0 ? 0 : 1)
            let newLine = consumedNew[hunk.lowerBound] + (newCount == 0 ? 0 : 1)
            output += Array("@@ -\(range(oldLine, oldCount)) +\(range(newLine, newCount)) @@\n".utf8)
            for step in script[hunk] {
                switch step {
                case .same(let o, _): output += line(" ", a[o], forDisplay: forDisplay)
                case .delete(let o): output += line("-", a[o], forDisplay: forDisplay)
                case .insert(let n): output += line("+", b[n], forDisplay: forDisplay)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func range(_ start: Int, _ count: Int) -> String {
        count == 1 ? "\(start)" : "\(start),\(count)"
    }

    private static func line(_ marker: String, _ bytes: [UInt8], forDisplay: Bool) -> [UInt8] {
        var content = bytes[...]
        var terminator: ArraySlice<UInt8> = []
        if content.last == 10 {
            let cut = content.dropLast().last == 13 ? content.count - 2 : content.count - 1
            terminator = content[(content.startIndex + cut)...]
            content = content[..<(content.startIndex + cut)]
        }
        var result = Array(marker.utf8)
        result += forDisplay ? Array(String(decoding: content, as: UTF8.self).terminalSafe.utf8) : Array(content)
        result += terminator
        if bytes.last != 10 { result += Array("\n\\ No newline at end of file\n".utf8) }
        return result
    }
}
