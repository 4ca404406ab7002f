/// One change to one field of a workplan, task or decision.
public enum FieldChange: Sendable, Hashable {
    /// Sets a field. For a list field (`depends_on`, `blocks`, or any field whose value
    /// is a list) the value is read as `wp set` reads it: `+X` adds, `-X` removes,
    /// `a, b` or `[a, b]` replaces the list, `[]` empties it.
    case set(field: String, value: String)
    /// Adds an item to a list field (nothing happens when it is listed already).
    case add(field: String, item: String)
    /// Removes an item from a list field.
    case remove(field: String, item: String)
    /// Replaces a list field.
    case replaceList(field: String, items: [String])

    public var field: String {
        switch self {
        case .set(let field, _), .add(let field, _), .remove(let field, _), .replaceList(let field, _): field
        }
    }
}

/// What to change: an element by id, and its fields.
public struct EditRequest: Sendable, Hashable {
    /// A workplan, task or block decision id (`RAILIANCE-WP-0002-T04`, or `repo:ID`).
    public var id: String
    public var changes: [FieldChange]
    /// Go ahead although the lifecycle forbids the move, a dependency is open, or the
    /// edit adds lint errors; what was overridden is listed in ``EditPlan/overridden``.
    /// Never overrides the schema or a lifecycle's required fields.
    public var force: Bool

    public init(id: String, changes: [FieldChange], force: Bool = false) {
        self.id = id
        self.changes = changes
        self.force = force
    }
}

/// A checked edit, ready to show (`--dry-run`) or to write.
public struct EditPlan: Sendable {
    /// Absolute path of the file.
    public var path: String
    /// The path as messages show it (relative to the repo root).
    public var displayPath: String
    /// The bytes the edit was computed from; nil when the file is new.
    public var original: [UInt8]?
    /// The bytes to write.
    public var updated: [UInt8]
    /// What changes, one line each (`RAILIANCE-WP-0002-T04 status: todo → in_progress`).
    public var changes: [String]
    /// Checks `--force` overrode, as warnings; empty without `--force`.
    public var overrides: [EditProblem]
    /// Things worth knowing that did not stop the edit.
    public var notes: [String]
    /// The id of the element created (new workplan or task) or edited.
    public var id: String

    /// ``overrides`` as wp prints them, one line each.
    public var overridden: [String] { overrides.map(\.description) }

    /// True when the file already says what the edit asks for: nothing to write.
    public var isNoChange: Bool { original == updated }

    /// A unified diff of the change (`--- a/path`, `+++ b/path`), empty when nothing changes,
    /// made to be read on a terminal (see ``LineDiff/unified(old:new:oldName:newName:context:forDisplay:)``).
    public func diff() -> String {
        LineDiff.unified(
            old: original ?? [], new: updated,
            oldName: original == nil ? "/dev/null" : "a/\(displayPath.terminalSafe)", newName: "b/\(displayPath.terminalSafe)",
            forDisplay: true)
    }

    /// Refuses, as ``commit(replacingReadOnly:beforeCommit:)`` would, when the file is read-only
    /// (so `--dry-run` refuses what the edit would refuse).
    public func checkWritable(replacingReadOnly: Bool = false) throws(EditError) {
        guard original != nil, !isNoChange else { return }
        try AtomicFileWriter.checkWritable(path, displayPath: displayPath, replacingReadOnly: replacingReadOnly)
    }

    /// Writes the change atomically (see ``AtomicFileWriter``); returns warnings
    /// about what the replacement could not keep (other hard links, the owner).
    ///
    /// - Parameter replacingReadOnly: write a read-only file anyway (`--force`).
    /// - Parameter beforeCommit: runs after the new bytes are on disk in a
    ///   temporary file and before the original is compared and replaced (tests).
    @discardableResult
    public func commit(replacingReadOnly: Bool = false, beforeCommit: (() throws -> Void)? = nil) throws(EditError) -> [String] {
        guard !isNoChange else { return [] }
        if let original {
            return try AtomicFileWriter.replace(
                path, expecting: original, with: updated, displayPath: displayPath, replacingReadOnly: replacingReadOnly,
                beforeCommit: beforeCommit)
        }
        if let beforeCommit {
            do { try beforeCommit() } catch { throw EditError.failed(.aborted(path: displayPath, reason: "\(error)")) }
        }
        try AtomicFileWriter.create(path, with: updated, displayPath: displayPath)
        return []
    }
}
