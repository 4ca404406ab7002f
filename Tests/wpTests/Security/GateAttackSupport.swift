import Foundation
import Testing
import WorkplanKit

/// What the gate attack tests share: a two-repo workspace on disk, the built `wp`
/// run under a memory limit and a timeout, and wp's own JSON Schema validator.
enum GateAttack {
    /// Address space a bounded run may use: far above what a healthy run needs
    /// (about 60 MB for a 3,000-gate chain), far below what a blow-up takes.
    static let memoryLimit = 512 * 1024 * 1024
    /// Seconds before `timeout` kills a bounded run: generous, a hang is what it catches.
    static let timeoutSeconds = 120

    /// `apps` (the local repo, gates in `docs/`) and its path peer `platform`, side by side.
    struct Workspace {
        let directory: TemporaryDirectory
        var apps: String { directory.absolute("apps") }
        var cache: String { directory.absolute("cache") }

        init(appsConfigExtra: String = "") throws {
            directory = try TemporaryDirectory("wp-gate-attack")
            try directory.write("apps/.wp.yaml", """
                repo: apps
                include: [workplans/**/*.md, docs/**/*.md]
                peers:
                  platform: {path: ../platform}
                \(appsConfigExtra)
                """)
            try directory.write("platform/.wp.yaml", "repo: platform\n")
        }

        func write(_ path: String, _ text: String) throws { try directory.write(path, text) }

        /// `wp` in the apps repo with a private cache and a pinned date.
        func wp(_ arguments: [String]) throws -> RunResult {
            try wpTests.wp(arguments, in: apps, cache: cache, environment: ["WP_TODAY": "2026-05-20"])
        }

        /// Makes the peer unreadable in a way that holds for root too (chmod does not stop root).
        func removePeer() throws {
            try FileManager.default.moveItem(atPath: directory.absolute("platform"), toPath: directory.absolute("platform-gone"))
        }
    }

    /// A workplan file: front matter, then one task block per `(short id, yaml)`.
    static func workplan(_ id: String, status: String, tasks: [(String, String)] = [], body: String = "") -> String {
        var text = "---\nid: \(id)\ntitle: Plan \(id)\nstatus: \(status)\n---\n\n# Plan \(id)\n\n"
        for (short, yaml) in tasks {
            text += "## \(short)\n\n```task\nid: \(id)-\(short)\n\(yaml)\n```\n\n"
        }
        return text + body
    }

    /// A gate block requiring each line of `requires` (YAML list items).
    static func gate(_ id: String, _ requires: String...) -> String {
        "```gate\nid: \(id)\nrequires:\n" + requires.map { "  - \($0)\n" }.joined() + "```\n\n"
    }

    /// Runs the built `wp` under `prlimit --as` and `timeout`, with Swift's crash backtraces off
    /// (a crash must show as its exit status, not as megabytes of stderr).
    static func bounded(_ arguments: [String], in directory: String, cache: String) throws -> RunResult {
        let binary = try WPBinary.require()
        return try run("/usr/bin/env", ["timeout", String(timeoutSeconds), "prlimit"] + AddressSpaceLimit.arguments(memoryLimit) + ["--", binary] + arguments,
                       in: directory, environment: ["WP_CACHE_DIR": cache, "WP_TODAY": "2026-05-20", "SWIFT_BACKTRACE": "enable=no"])
    }

    /// Exit statuses that mean the process did not end on its own terms.
    static func describeAbnormal(_ status: Int32) -> String? {
        switch status {
        case 124: "killed by timeout after \(timeoutSeconds) s"
        case 127: "timeout or prlimit is missing"
        case 128...: "killed by signal \(status - 128)"
        default: nil
        }
    }

    // MARK: wp's own JSON Schema validator

    /// Every way `json` fails `schemas/<name>.schema.json`, checked by wp's validator with every
    /// object closed (`additionalProperties: false` where the schema leaves it open), so an
    /// undocumented key fails too.
    static func schemaViolations(_ json: String, schema name: String) throws -> [String] {
        let source = try #require(BuiltinSchemas.source(named: name), "no embedded schema \(name)")
        let object = try JSONSerialization.jsonObject(with: Data(source.utf8))
        let strict = try JSONSerialization.data(withJSONObject: closed(object), options: [.sortedKeys])
        let schema = try JSONSchema(json: String(decoding: strict, as: UTF8.self))
        let node = try JSONDecoder().decode(Node.self, from: Data(json.utf8))
        return schema.validate(node.yaml(path: "\(name).json")).map(\.description)
    }

    private static func closed(_ value: Any) -> Any {
        if let array = value as? [Any] { return array.map(closed) }
        guard var object = value as? [String: Any] else { return value }
        for (key, child) in object where !["enum", "const", "examples"].contains(key) { object[key] = closed(child) }
        if object["properties"] != nil, object["additionalProperties"] == nil { object["additionalProperties"] = false }
        return object
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A JSON document as its exact JSON types (JSONSerialization blurs booleans and numbers).
    private indirect enum Node: Decodable {
        case null
        case bool(Bool)
        case integer(Int)
        case number(Double)
        case string(String)
        case array([Node])
        case object([String: Node])

        init(from decoder: any Decoder) throws {
            // Most values are strings, then objects and arrays: try them first (a failed try costs an error).
            if let members = try? decoder.container(keyedBy: AnyKey.self) {
                var object: [String: Node] = [:]
                for key in members.allKeys { object[key.stringValue] = try members.decode(Node.self, forKey: key) }
                self = .object(object)
                return
            }
            if var items = try? decoder.unkeyedContainer() {
                var array: [Node] = []
                while !items.isAtEnd { array.append(try items.decode(Node.self)) }
                self = .array(array)
                return
            }
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(String.self) { self = .string(value) }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .integer(value) }
            else { self = .number(try container.decode(Double.self)) }
        }

        func yaml(path: String) -> YAMLValue {
            let here = WorkplanKit.SourceLocation(path: path, line: 1, column: 1)
            func scalar(_ text: String, _ kind: YAMLValue.Scalar.Kind) -> YAMLValue {
                .scalar(YAMLValue.Scalar(text: text, kind: kind, style: .plain, location: here))
            }
            switch self {
            case .null: return scalar("null", .null)
            case .bool(let value): return scalar(value ? "true" : "false", .bool)
            case .integer(let value): return scalar(String(value), .int)
            case .number(let value): return scalar(String(value), .float)
            case .string(let value): return .scalar(YAMLValue.Scalar(text: value, kind: .string, style: .doubleQuoted, location: here))
            case .array(let items): return .sequence(items.map { $0.yaml(path: path) }, here)
            case .object(let members):
                return .mapping(members.keys.sorted().map {
                    YAMLValue.Entry(key: $0, keyLocation: here, value: members[$0]!.yaml(path: path))
                }, here)
            }
        }
    }
}
