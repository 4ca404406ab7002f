@testable import WorkplanKit
import FuzzSupport

/// Harness 5: glob patterns (`.wp.yaml` `include:`/`exclude:`) against paths. The input
/// is a pattern and a path, one per line. No trap, no hang (libFuzzer's `-timeout`:
/// a pattern comes from a pull request); and the laws a reader relies on:
/// a pattern with no wildcard matches exactly its own path; `**/P` matches whatever `P`
/// matches; `P/**` matches every path under one `P` matches; a match starts with the
/// pattern's literal prefix (where wp starts walking the tree).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGlob(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    let pattern = input.text(upTo: 10, limit: 4096)
    let path = input.text(upTo: 10, limit: 4096)
    let glob = Glob(pattern)
    let matches = glob.matches(path)
    _ = glob.base
    _ = glob.leavesRoot
    _ = glob.hasWildcards

    // Cut at `/` bytes: a combining mark after `/` makes one Character of the two.
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    // A NUL matches nothing (fnmatch would stop at it), so it has no literal meaning either.
    let special: Set<Unicode.Scalar> = ["*", "?", "[", "\\", "\0"]
    if !glob.isAbsolute, !pattern.unicodeScalars.contains(where: special.contains), !glob.segments.isEmpty {
        let same = glob.segments == segments
        guard matches == same else {
            invariantViolated("literal pattern \(pattern.debugDescription) \(matches ? "matches" : "does not match") \(path.debugDescription)")
        }
    }
    if matches {
        guard Glob("**/" + glob.pattern).matches(path) else {
            invariantViolated("\(pattern.debugDescription) matches \(path.debugDescription) but **/ of it does not")
        }
        guard Glob(glob.pattern + "/**").matches(path + "/below/file.md") else {
            invariantViolated("\(pattern.debugDescription) matches \(path.debugDescription) but /** of it misses a file below")
        }
        if !glob.pattern.utf8.contains(UInt8(ascii: "\\")) {
            let prefix = glob.literalPrefix
            guard segments.count >= prefix.count, Array(segments.prefix(prefix.count)) == prefix else {
                invariantViolated("\(pattern.debugDescription) matches \(path.debugDescription) outside its literal prefix \(prefix)")
            }
        }
    }
    return 0
}
