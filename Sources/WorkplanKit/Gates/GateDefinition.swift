/// A gate's requirements, read from its ```` ```gate ```` block.
///
/// ```gate
/// id: vergabe-teilnahme/promote-production
/// title: Promote vergabe-teilnahme beyond smoke use
/// requires:
///   - railiance-platform:RAILIANCE-WP-0003     # workplan finished, task done, decision resolved
///   - ref: RAILIANCE-WP-0004-I03              # ... or exactly this status (or one of a list)
///     status: [wait, done]
///   - evidence: restore-drill                 # a done task with `evidence: restore-drill`
///     max_age: 30d                            #   whose `done_on` is at most 30 days old
///   - gate: railiance-platform/backup-verified  # another gate passes
/// ```
public struct GateDefinition: Hashable, Sendable {
    public enum Requirement: Hashable, Sendable {
        /// A workplan, task or decision that must be complete (or in one of `statuses`).
        case element(Reference, statuses: [Status]?)
        /// A done task whose `evidence:` names `name`, optionally no older than `maxAgeDays`.
        case evidence(name: String, maxAgeDays: Int?, location: SourceLocation)
        /// Another gate that must pass.
        case gate(Reference)
        /// A requirement wp could not read: always unmet.
        case malformed(text: String, problem: String, location: SourceLocation)

        public var location: SourceLocation {
            switch self {
            case .element(let reference, _), .gate(let reference): reference.location
            case .evidence(_, _, let location), .malformed(_, _, let location): location
            }
        }

        /// The requirement as a user would write it in one line.
        public var text: String {
            switch self {
            case .element(let reference, let statuses):
                statuses.map { "\(reference.text) (status \($0.map(\.rawValue).joined(separator: " or ")))" } ?? reference.text
            case .evidence(let name, let days, _): "evidence \(name)" + (days.map { " (at most \($0)d old)" } ?? "")
            case .gate(let reference): "gate \(reference.text)"
            case .malformed(let text, _, _): text
            }
        }
    }

    public var id: String
    public var title: String?
    public var repo: String
    public var location: SourceLocation
    public var requirements: [Requirement]

    public init(gate: Gate, repo: String) {
        id = gate.id
        title = gate.title
        self.repo = repo
        location = gate.location
        requirements = Self.requirements(of: gate)
    }

    private static func requirements(of gate: Gate) -> [Requirement] {
        guard let requires = gate.fields["requires"] else {
            return [.malformed(text: "requires", problem: "the gate has no `requires:` list, so nothing proves it may pass", location: gate.location)]
        }
        guard let items = requires.items else {
            return [.malformed(text: "requires", problem: "`requires` must be a list", location: requires.location)]
        }
        if items.isEmpty {
            return [.malformed(text: "requires", problem: "`requires` is empty, so nothing proves the gate may pass", location: requires.location)]
        }
        return items.map(requirement)
    }

    private static func requirement(_ item: YAMLValue) -> Requirement {
        if let text = item.string {
            return .element(Reference(parsing: text, kind: .requires, location: item.location), statuses: nil)
        }
        guard item.entries != nil else {
            return .malformed(text: "\(item.typeName)", problem: "a requirement is an id, or a mapping with `ref`, `evidence` or `gate`", location: item.location)
        }
        // A key the form does not know would silently loosen the gate: fail closed instead.
        let keys = Set(item.entries!.map(\.key))
        let form = ["ref", "evidence", "gate"].filter(keys.contains)
        guard form.count == 1 else {
            return .malformed(text: "mapping", problem: form.isEmpty ? "a requirement mapping needs `ref`, `evidence` or `gate`"
                              : "a requirement has exactly one of `ref`, `evidence`, `gate`; this one has \(form.joined(separator: ", "))",
                              location: item.location)
        }
        let allowed: Set<String> = switch form[0] {
        case "ref": ["ref", "status"]
        case "evidence": ["evidence", "max_age"]
        default: ["gate"]
        }
        if let unknown = item.entries!.first(where: { !allowed.contains($0.key) }) {
            let hint = suggestion(for: unknown.key, among: Array(allowed)).map { "; did you mean `\($0)`?" } ?? ""
            return .malformed(text: form[0], problem: "unknown key `\(unknown.key)` in a `\(form[0])` requirement\(hint)",
                              location: unknown.keyLocation)
        }
        if let ref = item["ref"]?.string {
            var statuses: [Status]?
            if let status = item["status"] {
                if let one = status.string {
                    statuses = [Status(one)]
                } else if let many = status.items, many.allSatisfy({ $0.string != nil }), !many.isEmpty {
                    statuses = many.compactMap(\.string).map { Status($0) }
                } else {
                    return .malformed(text: "ref \(ref)", problem: "`status` must be a status or a list of statuses", location: status.location)
                }
            }
            return .element(Reference(parsing: ref, kind: .requires, location: item["ref"]!.location), statuses: statuses)
        }
        if let name = item["evidence"]?.string {
            var days: Int?
            if let age = item["max_age"] {
                guard let text = age.string, let parsed = parseAge(text) else {
                    return .malformed(text: "evidence \(name)", problem: "`max_age` must look like 30d, 12h or 2w (at most 100 years)", location: age.location)
                }
                days = parsed
            }
            return .evidence(name: name, maxAgeDays: days, location: item["evidence"]!.location)
        }
        if let gate = item["gate"]?.string {
            return .gate(Reference(parsing: gate, kind: .requires, location: item["gate"]!.location))
        }
        return .malformed(text: "mapping", problem: "a requirement mapping needs `ref`, `evidence` or `gate`", location: item.location)
    }

    /// `30d`, `2w`, `12h` (hours round up to whole days) → days.
    public static func parseAge(_ text: String) -> Int? {
        // ASCII digits and nothing else: `Int(_:)` would also take `+30d`.
        let digits = text.utf8.dropLast()
        guard let unit = text.last, !digits.isEmpty, digits.count <= 7,
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(text.dropLast()),
              // More than 100 years is a typo, and bounding it keeps the arithmetic from overflowing.
              number <= 36_500 * 24 else { return nil }
        switch unit {
        case "d": return number
        case "w": return number * 7
        case "h": return (number + 23) / 24
        default: return nil
        }
    }
}
