@testable import WorkplanKit
import FuzzSupport

private let schemas: [(String, JSONSchema)] = BuiltinSchemas.names.compactMap { name in BuiltinSchemas.named(name).map { (name, $0) } }
private let allowed: [String: [String]] = ["status": ["todo", "in_progress", "done", "draft", "active", "finished", "pending", "resolved"]]

/// Harness 6: the JSON Schema validator against fuzzed instances. The first byte picks
/// how the instance is made: read as YAML text (positions from the file), or built
/// node by node from the bytes (any shape, any scalar kind with any text). Every
/// built-in schema validates it: no trap; `isValid` agrees with `validate`; every
/// violation of a YAML instance points into the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    let path = "instance.yaml"
    var shape: FileShape?
    let value: YAMLValue
    if input.bool() {
        let bytes = input.rest()
        // As wp reads every YAML text: a BOM dropped, CRLF and lone CRs made LF, UTF-8 checked
        // (libyaml counts a lone CR inside a scalar as no line break; wp never hands it one).
        guard case .success(let source) = SourceText.decode(path: path, raw: bytes),
              case .success(let loaded?) = YAMLLoader(path: path, firstLine: 1, columnOffset: 0, maximumDepth: Limits.yamlNestingDepth).load(String(decoding: source.bytes, as: UTF8.self)) else {
            return 0
        }
        value = loaded
        shape = FileShape(path: path, bytes: bytes)
    } else {
        var budget = 2_000
        value = build(&input, budget: &budget)
    }
    for (name, schema) in schemas {
        let violations = schema.validate(value, allowedValues: allowed)
        guard schema.isValid(value, allowedValues: allowed) == violations.isEmpty else {
            invariantViolated("schema \(name): isValid disagrees with validate (\(violations.count) violations)")
        }
        if let shape {
            for violation in violations { shape.require(violation.location, "schema \(name) violation '\(violation.message.prefix(100))'") }
        }
        _ = violations.map(\.description)
    }
    return 0
}

/// A YAML value from bytes, breadth bounded by `budget` nodes; nesting is iterative-safe
/// because the budget bounds it too (the validator recurses as deep as the value).
private func build(_ input: inout FuzzInput, budget: inout Int, depth: Int = 0) -> YAMLValue {
    budget -= 1
    let location = SourceLocation(path: "built", line: 1 + input.choose(5), column: 1 + input.choose(5))
    let keys = ["id", "status", "title", "requires", "depends_on", "blocks", "evidence", "max_age", "ref", "gate", "repo", "include",
                "peers", "lifecycles", "created", "updated", "done_on", "decided_on", "planning_order", "type", "path", "git", "x"]
    let texts = ["", "todo", "done", "FUZZ-WP-0001", "FUZZ-WP-0001-T01", "2026-11-28", "2026-02-30", "30d", "-1", "1e309", "0x1F",
                 "NaN", ".inf", "true", "null", "~", "a:b", "../x", "🙂", "\u{1B}[2J", String(repeating: "9", count: 40)]
    let kind = budget <= 0 || depth > 64 ? 0 : input.choose(4)
    switch kind {
    case 1:
        let count = input.choose(6)
        return .sequence((0..<count).map { _ in build(&input, budget: &budget, depth: depth + 1) }, location)
    case 2:
        let count = input.choose(6)
        return .mapping((0..<count).map { _ in
            YAMLValue.Entry(key: input.pick(keys), keyLocation: location, value: build(&input, budget: &budget, depth: depth + 1))
        }, location)
    default:
        let kinds: [YAMLValue.Scalar.Kind] = [.string, .int, .float, .bool, .null, .timestamp]
        let styles: [YAMLValue.Scalar.Style] = [.plain, .singleQuoted, .doubleQuoted, .literal, .folded]
        let text = input.bool() ? input.pick(texts) : input.text(upTo: 0, limit: 24)
        return .scalar(YAMLValue.Scalar(text: text, kind: input.pick(kinds), style: input.pick(styles), location: location))
    }
}
