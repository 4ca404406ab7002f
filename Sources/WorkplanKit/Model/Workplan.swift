/// One workplan file: its front matter, tasks, decisions, gates and prose references.
public struct Workplan: Hashable, Sendable {
    /// Global id from the front matter (`RAILIANCE-WP-0002`).
    public var id: String
    public var title: String
    public var status: Status
    /// The repo the workplan belongs to (the repo it was read from).
    public var repo: String
    /// Path relative to its repo's root, as shown in messages.
    public var path: String
    public var owner: String?
    /// `created` and `updated` as written (`YYYY-MM-DD`).
    public var created: String?
    public var updated: String?
    public var planningPriority: String?
    public var planningOrder: Int?
    /// The workplan's own `depends_on`, which every one of its tasks inherits.
    public var dependsOn: [Reference]
    /// The whole front matter as written, unknown keys included.
    public var frontMatter: YAMLValue?
    /// Where the front matter (or, without one, the file) starts.
    public var location: SourceLocation
    public var tasks: [Task]
    public var decisions: [Decision]
    public var gates: [Gate]
    /// IDs mentioned in prose, in document order.
    public var proseReferences: [Reference]
    /// `wp-lint: ignore RULE -- reason` comments in the file.
    public var suppressions: [Suppression] = []
    /// FNV-1a hash of the file's bytes, to tell changed files apart.
    public var contentHash: UInt64 = 0

    public init(
        id: String, title: String, status: Status, repo: String, path: String,
        owner: String? = nil, created: String? = nil, updated: String? = nil,
        planningPriority: String? = nil, planningOrder: Int? = nil,
        dependsOn: [Reference] = [], frontMatter: YAMLValue? = nil, location: SourceLocation,
        tasks: [Task] = [], decisions: [Decision] = [], gates: [Gate] = [], proseReferences: [Reference] = []
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.repo = repo
        self.path = path
        self.owner = owner
        self.created = created
        self.updated = updated
        self.planningPriority = planningPriority
        self.planningOrder = planningOrder
        self.dependsOn = dependsOn
        self.frontMatter = frontMatter
        self.location = location
        self.tasks = tasks
        self.decisions = decisions
        self.gates = gates
        self.proseReferences = proseReferences
    }

    /// One ```` ```task ```` block and the section around it.
    public struct Task: Hashable, Sendable {
        /// Global id (`RAILIANCE-WP-0002-T04`).
        public var id: String
        public var status: Status
        /// The nearest heading above the block ("T04 — Provision PostgreSQL role and database").
        public var title: String
        public var priority: String?
        /// Where the work happens, when not in the workplan's repo (`repo:` in the block).
        public var repo: String?
        public var owner: String?
        public var dependsOn: [Reference]
        /// Why a `blocked`/`wait` task waits, when no dependency says it.
        public var reason: String?
        /// What proves the task done (a name gates can require).
        public var evidence: String?
        /// The block's YAML as written, unknown keys included.
        public var fields: YAMLValue
        /// The opening fence of the block.
        public var location: SourceLocation
        /// The heading the title comes from, if any.
        public var titleLocation: SourceLocation?
        /// Lines of the markdown after the block, up to the next heading of the same or higher
        /// level or the next task block; nil when there are none. The text itself is not kept
        /// (no command reads it, and it was 58 % of a workspace's bytes in memory, and in every
        /// parse-cache entry): ``body(in:)`` reads it from the file.
        public var bodyLines: ClosedRange<Int>?
        /// First and last line of the section (heading to the end of the body).
        public var sectionLines: ClosedRange<Int>
        /// The "Done when:" paragraph, if any.
        public var doneWhen: String?
        public var doneWhenLocation: SourceLocation?

        public init(
            id: String, status: Status, title: String, priority: String? = nil, repo: String? = nil,
            owner: String? = nil, dependsOn: [Reference] = [], reason: String? = nil, evidence: String? = nil,
            fields: YAMLValue, location: SourceLocation, titleLocation: SourceLocation? = nil,
            bodyLines: ClosedRange<Int>? = nil, sectionLines: ClosedRange<Int>, doneWhen: String? = nil,
            doneWhenLocation: SourceLocation? = nil
        ) {
            self.id = id
            self.status = status
            self.title = title
            self.priority = priority
            self.repo = repo
            self.owner = owner
            self.dependsOn = dependsOn
            self.reason = reason
            self.evidence = evidence
            self.fields = fields
            self.location = location
            self.titleLocation = titleLocation
            self.bodyLines = bodyLines
            self.sectionLines = sectionLines
            self.doneWhen = doneWhen
            self.doneWhenLocation = doneWhenLocation
        }
    }
}

extension Workplan.Task {
    /// The markdown after the block (``bodyLines``) in `source`, the file the task was read
    /// from, without the white space around it; empty when there is none.
    public func body(in source: SourceFile) -> String {
        guard let lines = bodyLines, lines.upperBound <= source.text.lineCount else { return "" }
        return source.text.text(lines: lines.lowerBound, through: lines.upperBound).trimmingWhitespace()
    }
}

/// A comment that silences findings of some rules on its line and the next:
/// `<!-- wp-lint: ignore rule-a, rule-b -- why this is fine -->` (or after `#` in YAML).
public struct Suppression: Hashable, Sendable {
    public var rules: [String]
    /// Empty when none was given; a suppression without a reason is itself reported.
    public var reason: String
    public var location: SourceLocation

    public init(rules: [String], reason: String, location: SourceLocation) {
        self.rules = rules
        self.reason = reason
        self.location = location
    }
}

/// `Workplan.Task` under a name that does not shadow Swift's `Task` when imported.
public typealias WorkplanTask = Workplan.Task

/// A decision, from a ```` ```decision ```` block or the prose form
/// `**Decision D-01 — title** (pending; required before T04)` … `**Resolution (date, who):** …`.
public struct Decision: Hashable, Sendable {
    public enum Form: String, Hashable, Sendable, Codable {
        case block, prose
    }

    /// Global id (`RAILIANCE-WP-0002-D01`).
    public var id: String
    public var title: String
    public var status: Status
    public var resolution: String?
    public var decidedBy: String?
    public var decidedOn: String?
    /// What may not proceed until the decision is made.
    public var blocks: [Reference]
    public var form: Form
    /// The block's YAML for the block form; nil for prose.
    public var fields: YAMLValue?
    public var location: SourceLocation
    /// Where the prose resolution was written, if any.
    public var resolutionLocation: SourceLocation?

    public init(
        id: String, title: String, status: Status, resolution: String? = nil, decidedBy: String? = nil,
        decidedOn: String? = nil, blocks: [Reference] = [], form: Form, fields: YAMLValue? = nil,
        location: SourceLocation, resolutionLocation: SourceLocation? = nil
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.resolution = resolution
        self.decidedBy = decidedBy
        self.decidedOn = decidedOn
        self.blocks = blocks
        self.form = form
        self.fields = fields
        self.location = location
        self.resolutionLocation = resolutionLocation
    }
}

/// A ```` ```gate ```` block: what must be true before a promotion may go ahead.
///
/// The parser keeps the block as written; `wp gate` gives its fields meaning.
public struct Gate: Hashable, Sendable {
    public var id: String
    public var title: String?
    public var fields: YAMLValue
    public var location: SourceLocation

    public init(id: String, title: String?, fields: YAMLValue, location: SourceLocation) {
        self.id = id
        self.title = title
        self.fields = fields
        self.location = location
    }
}
