/// The schemas wp ships with (from `schemas/`, embedded in the binary).
public enum BuiltinSchemas {
    /// Workplan front matter.
    public static let workplan = load("workplan")
    /// ```` ```task ```` blocks.
    public static let task = load("task")
    /// ```` ```decision ```` blocks.
    public static let decision = load("decision")
    /// ```` ```gate ```` blocks.
    public static let gate = load("gate")
    /// `.wp.yaml`.
    public static let config = load("wp-config")

    /// Names `named(_:)` accepts: the file names without `.schema.json`, sorted.
    public static var names: [String] { EmbeddedSchemas.all.keys.sorted() }

    /// The schema `schemas/<name>.schema.json` (`"config"` also names `wp-config`), or nil.
    public static func named(_ name: String) -> JSONSchema? {
        switch name {
        case "workplan": return workplan
        case "task": return task
        case "decision": return decision
        case "gate": return gate
        case "config", "wp-config": return config
        default:
            // Output contracts are rarely validated in process; loading them on demand keeps
            // a problem in one of them from touching the input schemas.
            return EmbeddedSchemas.all[name].flatMap { try? JSONSchema(json: $0) }
        }
    }

    /// The schema's JSON text exactly as in `schemas/`, e.g. for `wp schema print`.
    public static func source(named name: String) -> String? {
        EmbeddedSchemas.all[name == ReadingCheck.config.rawValue ? "wp-config" : name]
    }

    private static func load(_ name: String) -> JSONSchema {
        guard let text = EmbeddedSchemas.all[name] else {
            preconditionFailure("no embedded schema \(name); run scripts/embed-schemas.sh")
        }
        do {
            return try JSONSchema(json: text)
        } catch {
            // SchemaTests compiles every embedded schema, so this only fires on a build that skipped them.
            preconditionFailure("embedded schema \(name) does not load: \(error)")
        }
    }
}
