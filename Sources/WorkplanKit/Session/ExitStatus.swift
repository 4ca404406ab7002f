/// How a run of wp ends: the documented exit codes, one policy for every command.
public enum ExitStatus: Int32, Sendable, Comparable, CaseIterable {
    /// The job was done: no findings, every gate passes.
    case success = 0
    /// The job was done and found something: lint errors (or warnings under `--strict`), a failing gate, a refused edit.
    case findings = 1
    /// wp could not do the job: unusable `.wp.yaml`, unreadable input (a partial read), unknown id, a failed write.
    case failure = 2
    /// The command line itself is wrong (argument-parser's own code).
    case usage = 64

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
