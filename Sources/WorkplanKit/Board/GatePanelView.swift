/// Every gate's current result, as `wp gate list --format json` gives it, with when
/// each dated piece of evidence stops counting: `wp serve`'s gates panel.
public struct GatePanelView: Codable, Sendable, Equatable, OutputView {
    public static let formats: [OutputFormat] = [.json]

    /// A met evidence requirement with a `max_age`: the day it is last met.
    public struct Expiry: Codable, Sendable, Equatable {
        /// The requirement's line in the gate's file (its ``GateResult/Requirement/line``).
        public var line: Int
        public var evidence: String
        /// The task that records it and its `done_on`.
        public var task: String
        public var recorded: String
        /// The last day the evidence is young enough; the gate fails the day after.
        public var expires: String
        /// Days from today to ``expires`` (0: it expires today).
        public var daysLeft: Int
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var gate: GateResult
        public var expiries: [Expiry]
    }

    public var today: String
    public var gates: [Entry]

    public init(index: DependencyIndex) {
        let evaluator = index.gates
        let graph = index.graph
        let today = evaluator.today
        self.today = today.description
        gates = zip(evaluator.definitions, index.gateResults).map { definition, result in
            var expiries: [Expiry] = []
            for (requirement, outcome) in zip(definition.requirements, result.requirements) where outcome.met {
                guard case .evidence(let name, let maxAgeDays?, _) = requirement, let taskID = outcome.id else { continue }
                let recording = graph.nodes(withID: taskID).compactMap(graph.task).first {
                    GateEvaluator.evidenceNames($0).contains(name) && $0.fields["done_on"]?.string != nil
                }
                guard let recorded = recording?.fields["done_on"]?.string, let day = CalendarDate(recorded),
                      let expires = day.adding(days: maxAgeDays) else { continue }
                expiries.append(Expiry(line: outcome.line, evidence: name, task: taskID, recorded: recorded,
                                       expires: expires.description, daysLeft: today.days(to: expires)))
            }
            return Entry(gate: result, expiries: expiries)
        }
    }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        guard format == .json else { throw unsupported(format) }
        return try json(self)
    }
}
