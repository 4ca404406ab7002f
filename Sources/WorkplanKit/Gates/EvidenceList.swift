/// `wp evidence list`: every evidence name the workspace records or a gate requires, the tasks
/// that record it with their `done_on`, and for each gate that needs it the last day it counts.
public struct EvidenceListView: OutputView {
    public static let formats: [OutputFormat] = [.text, .json]

    public struct Entry: Codable, Sendable, Equatable {
        public var name: String
        /// The tasks that record it, in workspace order.
        public var tasks: [Recording]
        /// The gates that require it, in definition order.
        public var gates: [Need]
    }

    public struct Recording: Codable, Sendable, Equatable {
        public var repo: String
        public var id: String
        public var status: String
        /// The task's `done_on` as written (nil when it has none).
        public var doneOn: String?
        public var note: String?
        public var path: String
        public var line: Int
    }

    public struct Need: Codable, Sendable, Equatable {
        /// The gate as `repo:id`.
        public var gate: String
        public var maxAgeDays: Int?
        /// The last day the newest valid recording counts for this gate; nil without `max_age`
        /// or without a done task with a valid `done_on`.
        public var expiresOn: String?
    }

    public var evidence: [Entry]

    public init(evidence: [Entry]) {
        self.evidence = evidence
    }

    /// The list for the workspace `gates` evaluates.
    public init(gates: GateEvaluator) {
        let graph = gates.analysis.graph
        let lifecycle = graph.workspace.lifecycles.task
        var order: [String] = []
        var recordings: [String: [Recording]] = [:]
        for workplan in graph.workplans {
            for task in workplan.tasks {
                for name in GateEvaluator.evidenceNames(task) {
                    if recordings[name] == nil { order.append(name) }
                    recordings[name, default: []].append(Recording(
                        repo: workplan.repo, id: task.id, status: task.status.rawValue, doneOn: task.fields["done_on"]?.string,
                        note: task.fields["evidence_note"]?.string, path: task.location.path, line: task.location.line))
                }
            }
        }
        // The newest valid `done_on` of a done recording, per name and per name and repo, found
        // once: each gate's need is then one look-up, however many gates ask for the same name.
        var newest: [String: CalendarDate] = [:]
        var newestInRepo: [String: [String: CalendarDate]] = [:]
        for (name, list) in recordings {
            for recording in list where lifecycle.hasSucceeded(Status(recording.status)) {
                guard let day = recording.doneOn.flatMap(CalendarDate.init) else { continue }
                newest[name] = max(newest[name] ?? day, day)
                newestInRepo[name, default: [:]][recording.repo] = max(newestInRepo[name]?[recording.repo] ?? day, day)
            }
        }
        var needs: [String: [Need]] = [:]
        for need in gates.evidenceNeeds {
            if recordings[need.name] == nil, needs[need.name] == nil { order.append(need.name) }
            let counted = need.repo.map { newestInRepo[need.name]?[$0] } ?? newest[need.name]
            let expires = need.maxAgeDays.flatMap { days in counted?.adding(days: days) }
            needs[need.name, default: []].append(Need(gate: need.gate, maxAgeDays: need.maxAgeDays, expiresOn: expires?.description))
        }
        evidence = order.map { Entry(name: $0, tasks: recordings[$0] ?? [], gates: needs[$0] ?? []) }
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: text(context.style)
        case .json: try json(Document(evidence: evidence))
        default: throw unsupported(format)
        }
    }

    struct Document: Codable {
        var evidence: [Entry]
    }

    /// Every line starts with wp's own words; values from files are escaped.
    private func text(_ style: TerminalStyle) -> String {
        guard !evidence.isEmpty else { return "No task records evidence and no gate requires any.\n" }
        var out = ""
        for entry in evidence {
            out += "evidence " + style.bold(entry.name.terminalSafe) + "\n"
            if entry.tasks.isEmpty { out += "  recorded by no task\n" }
            for task in entry.tasks {
                out += "  recorded by \(task.repo.terminalSafe):\(task.id.terminalSafe) (\(task.status.terminalSafe)), "
                    + (task.doneOn.map { "done on \($0.terminalSafe)" } ?? "no done_on") + "\n"
            }
            for need in entry.gates {
                let age = need.maxAgeDays.map { " (at most \($0)d old)" } ?? ""
                let until = need.maxAgeDays == nil ? "counts while its task is done"
                    : need.expiresOn.map { "counts until \($0)" } ?? "no valid done_on to count from"
                out += "  needed by gate \(need.gate.terminalSafe)\(age): \(until)\n"
            }
        }
        return out
    }
}
