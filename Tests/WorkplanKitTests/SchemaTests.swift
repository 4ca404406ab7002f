import Foundation
import Testing
@testable import WorkplanKit

/// Paths found from this file (not Bundle.module), so the tests read the repository's own bytes.
private enum SchemaRepo {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // WorkplanKitTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()
    static let schemas = root.appendingPathComponent("schemas")
    static let corpus = root.appendingPathComponent("Tests/WorkplanKitTests/Fixtures/corpus")
    static let embedded = root.appendingPathComponent("Sources/WorkplanKit/Schema/EmbeddedSchemas.swift")
    static let embedScript = root.appendingPathComponent("scripts/embed-schemas.sh")

    /// The schemas wp itself defines (other files in `schemas/` are output contracts).
    static let inputSchemas = ["workplan", "task", "decision", "gate", "wp-config"]

    static func schemaFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: schemas.resolvingSymlinksInPath(), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func schemaFile(_ name: String) -> URL {
        schemas.appendingPathComponent("\(name).schema.json")
    }
}

/// Runs a Python snippet with jsonschema and PyYAML; a missing interpreter or package fails the test.
private func runPython(_ script: String, _ arguments: [String] = []) -> String? {
    let preamble = """
        import sys
        try:
            import json, datetime, yaml, jsonschema
        except ImportError as error:
            sys.exit("missing Python package: %s" % error)

        """
    let output = CommandRunner().run("python3", ["-c", preamble + script] + arguments)
    guard output.status == 0, !output.timedOut else {
        Issue.record("""
            SchemaTests check wp's schemas against the reference implementation and need python3 with \
            the jsonschema and PyYAML packages (`pip install jsonschema pyyaml`; CI installs them). \
            python3 exited with \(output.status): \(output.stderr)
            """)
        return nil
    }
    return String(decoding: output.stdout, as: UTF8.self)
}

/// Parses a YAML snippet as if it started at line 1 of `path`.
private func yaml(_ text: String, path: String = "test.yaml") throws -> YAMLValue {
    guard case .success(let value?) = YAMLLoader(path: path, firstLine: 1, columnOffset: 0).load(text) else {
        throw SchemaTestError("test YAML does not parse: \(text)")
    }
    return value
}

private struct SchemaTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

private func at(_ line: Int, _ column: Int, _ path: String = "test.yaml") -> WorkplanKit.SourceLocation {
    WorkplanKit.SourceLocation(path: path, line: line, column: column)
}

@Suite("Schema")
struct SchemaTests {
    // MARK: The schema files

    @Test func everySchemaFileIsValidJSONAndAValidDraft202012Schema() throws {
        let files = try SchemaRepo.schemaFiles()
        #expect(Set(SchemaRepo.inputSchemas.map { "\($0).schema.json" }).isSubset(of: files.map(\.lastPathComponent)))
        for file in files {
            #expect(throws: Never.self, "\(file.lastPathComponent) is not JSON") {
                _ = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
            }
        }
        let script = """
            result = {}
            for path in sys.argv[1:]:
                try:
                    jsonschema.Draft202012Validator.check_schema(json.load(open(path, encoding="utf-8")))
                    result[path] = "ok"
                except Exception as error:
                    result[path] = "%s: %s" % (type(error).__name__, error)
            print(json.dumps(result))
            """
        guard let output = runPython(script, files.map(\.path)) else { return }
        let verdicts = try JSONDecoder().decode([String: String].self, from: Data(output.utf8))
        #expect(verdicts.count == files.count)
        for file in files {
            #expect(verdicts[file.path] == "ok", "\(file.lastPathComponent): \(verdicts[file.path] ?? "not checked")")
        }
    }

    @Test(arguments: SchemaRepo.inputSchemas)
    func schemaFollowsTheConventions(name: String) throws {
        let data = try Data(contentsOf: SchemaRepo.schemaFile(name))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(root["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(root["$id"] as? String == "https://wp.dev/schemas/\(name).schema.json")
        #expect((root["title"] as? String)?.isEmpty == false)
        #expect((root["description"] as? String)?.isEmpty == false)
        // Editors show `description` as the hover text, so every property carries one.
        func walk(_ value: Any, _ pointer: String) {
            if let object = value as? [String: Any] {
                for (key, child) in object {
                    if key == "properties", let properties = child as? [String: Any] {
                        for (property, schema) in properties {
                            let place = "\(pointer)/properties/\(property)"
                            #expect((schema as? [String: Any])?["description"] is String, "\(name): \(place) has no description")
                            walk(schema, place)
                        }
                    } else if !["enum", "const", "examples", "required"].contains(key) {
                        walk(child, "\(pointer)/\(key)")
                    }
                }
            } else if let array = value as? [Any] {
                for (offset, child) in array.enumerated() { walk(child, "\(pointer)/\(offset)") }
            }
        }
        walk(root, "#")
    }

    // MARK: Embedding

    @Test func embeddedSchemasMatchTheFilesByteForByte() throws {
        let files = try SchemaRepo.schemaFiles()
        let names = files.map { $0.lastPathComponent.replacingOccurrences(of: ".schema.json", with: "") }
        #expect(EmbeddedSchemas.all.keys.sorted() == names.sorted())
        for (name, file) in zip(names, files) {
            let onDisk = try [UInt8](Data(contentsOf: file))
            #expect(EmbeddedSchemas.all[name].map { Array($0.utf8) } == onDisk, "\(name) is stale; run scripts/embed-schemas.sh")
        }
    }

    @Test func embeddedSchemasFileIsWhatTheScriptGenerates() throws {
        let output = FileManager.default.temporaryDirectory
            .appendingPathComponent("EmbeddedSchemas-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: output) }
        let run = CommandRunner().run("bash", [SchemaRepo.embedScript.path, output.path])
        try #require(run.status == 0, "embed-schemas.sh failed: \(run.stderr)")
        let generated = try Data(contentsOf: output)
        let checkedIn = try Data(contentsOf: SchemaRepo.embedded)
        #expect(generated == checkedIn, "EmbeddedSchemas.swift is stale; run scripts/embed-schemas.sh")
    }

    @Test func everyBuiltinSchemaLoads() throws {
        for name in BuiltinSchemas.names {
            let text = try #require(BuiltinSchemas.source(named: name))
            #expect(throws: Never.self, "\(name)") { _ = try JSONSchema(json: text) }
            #expect(BuiltinSchemas.named(name) != nil)
        }
        #expect(BuiltinSchemas.named("config")?.id == "https://wp.dev/schemas/wp-config.schema.json")
        #expect(BuiltinSchemas.workplan.id == "https://wp.dev/schemas/workplan.schema.json")
        #expect(BuiltinSchemas.named("no-such-schema") == nil)
    }

    // MARK: The real corpus

    static let corpus: [(path: String, repo: String, tasks: Int)] = [
        ("railiance-apps/workplans/RAILIANCE-WP-0002-vergabe-teilnahme-on-railiance01.md", "railiance-apps", 8),
        ("railiance-apps/workplans/RAILIANCE-WP-0004-app-deployment-improvements.md", "railiance-apps", 7),
        ("railiance-platform/workplans/RAILIANCE-WP-0003-apps-pg-shared-cluster.md", "railiance-platform", 6),
    ]

    @Test(arguments: SchemaTests.corpus.map(\.path))
    func corpusWorkplanValidates(path: String) throws {
        let entry = try #require(Self.corpus.first { $0.path == path })
        let bytes = try [UInt8](Data(contentsOf: SchemaRepo.corpus.appendingPathComponent(path)))
        let relative = String(path.drop { $0 != "/" }.dropFirst())
        let parsed = WorkplanParser(repo: entry.repo).parse(path: relative, bytes: bytes)
        let workplan = try #require(parsed.workplan)
        let frontMatter = try #require(workplan.frontMatter)
        #expect(BuiltinSchemas.workplan.validate(frontMatter) == [])
        // The count guards against a parser change that silently validates nothing.
        #expect(workplan.tasks.count == entry.tasks)
        for task in workplan.tasks {
            #expect(BuiltinSchemas.task.validate(task.fields) == [], "\(task.id)")
        }
    }

    // MARK: Triggering cases, through the parser so positions are file positions

    @Test func workplanFileFindingsPointAtTheValues() throws {
        let markdown = """
            ---
            id: DEMO-WP-0001
            title: Demo
            status: actve
            created: 2026-02-30
            planning_order: "2"
            ---

            # Demo

            ## T01 — First

            ```task
            id: DEMO-WP-0001-T01
            status: in-progress
            depends_on: [DEMO-WP-0001-T02, 42, "T03 and T04"]
            ```

            ## T02 — Second

            ```task
            id: DEMO-WP-0001-T02
            priority: urgent
            ```

            """
        let parsed = WorkplanParser(repo: "demo").parse(path: "workplans/demo.md", bytes: Array(markdown.utf8))
        let workplan = try #require(parsed.workplan)
        let file = "workplans/demo.md"

        let front = BuiltinSchemas.workplan.validate(try #require(workplan.frontMatter))
        #expect(front == [
            SchemaViolation(
                message: "unknown status 'actve'; did you mean 'active'? (allowed: draft, proposed, backlog, active, paused, finished, cancelled)",
                location: at(4, 9, file), keyword: "enum", path: "status", suggestion: "active"),
            SchemaViolation(
                message: "'created' must be a date YYYY-MM-DD, found '2026-02-30'",
                location: at(5, 10, file), keyword: "format", path: "created"),
            SchemaViolation(
                message: "'planning_order' must be an integer, found string; remove the quotes",
                location: at(6, 17, file), keyword: "type", path: "planning_order"),
        ])

        try #require(workplan.tasks.count == 2)
        let first = BuiltinSchemas.task.validate(workplan.tasks[0].fields)
        #expect(first == [
            SchemaViolation(
                message: "unknown status 'in-progress'; did you mean 'in_progress'? (allowed: todo, in_progress, wait, blocked, done, cancelled)",
                location: at(15, 9, file), keyword: "enum", path: "status", suggestion: "in_progress"),
            SchemaViolation(
                message: "'depends_on[1]' must be a string, found integer; put it in quotes",
                location: at(16, 32, file), keyword: "type", path: "depends_on[1]"),
            SchemaViolation(
                message: "'depends_on[2]' must match ^(?:[A-Za-z0-9._-]+:)?[A-Za-z0-9][A-Za-z0-9._-]*$ (for example 'RAILIANCE-WP-0003-T05'), found 'T03 and T04'",
                location: at(16, 36, file), keyword: "pattern", path: "depends_on[2]"),
        ])

        let second = BuiltinSchemas.task.validate(workplan.tasks[1].fields)
        #expect(second == [
            SchemaViolation(
                message: "missing required field 'status'",
                location: at(22, 1, file), keyword: "required", path: ""),
            SchemaViolation(
                message: "unknown priority 'urgent' (allowed: high, medium, low, critical)",
                location: at(23, 11, file), keyword: "enum", path: "priority"),
        ])
    }

    // MARK: Triggering cases, one keyword at a time

    @Test func wrongTypesSayWhatWasFound() throws {
        let found = BuiltinSchemas.workplan.validate(try yaml("""
            id: DEMO-WP-1
            title: 2026
            status: active
            type: plan
            planning_order: soon
            depends_on: DEMO-WP-2
            updated: [2026-05-18]
            """))
        #expect(found.map(\.message) == [
            "'title' must be a string, found integer; put it in quotes",
            "'type' must be 'workplan', found 'plan'",
            "'planning_order' must be an integer, found string",
            "'depends_on' must be a list, found string",
            "'updated' must be a date YYYY-MM-DD, found list",
        ])
        #expect(found.map(\.location) == [at(2, 8), at(4, 7), at(5, 17), at(6, 13), at(7, 10)])
    }

    @Test func requiredFieldsAreReportedAtTheMapping() throws {
        let found = BuiltinSchemas.workplan.validate(try yaml("""

            owner: someone
            statu: active
            """))
        #expect(found.map(\.message) == [
            "missing required field 'id'",
            "missing required field 'title'",
            "missing required field 'status'",
        ])
        #expect(found.allSatisfy { $0.location == at(2, 1) && $0.keyword == "required" })
    }

    @Test func datesMustBeRealCalendarDates() throws {
        let found = BuiltinSchemas.workplan.validate(try yaml("""
            id: DEMO-WP-1
            title: Dates
            status: active
            created: "2026-13-01"
            updated: 2024-02-29
            """))
        #expect(found == [SchemaViolation(
            message: "'created' must be a date YYYY-MM-DD, found '2026-13-01'",
            location: at(4, 10), keyword: "format", path: "created")])
        let decision = BuiltinSchemas.decision.validate(try yaml("""
            id: D-01
            status: resolved
            decided_on: 2025-02-29
            """))
        #expect(decision.map(\.message) == ["'decided_on' must be a date YYYY-MM-DD, found '2025-02-29'"])
        #expect(decision.map(\.location) == [at(3, 13)])
    }

    @Test func dependsOnItemsAreCheckedOneByOne() throws {
        let found = BuiltinSchemas.task.validate(try yaml("""
            id: DEMO-WP-1-T01
            status: todo
            depends_on:
              - DEMO-WP-1-T02
              - {id: DEMO-WP-1-T03}
              - railiance-platform:RAILIANCE-WP-0003
              - DEMO-WP-1-T02
            """))
        #expect(found == [
            SchemaViolation(
                message: "'depends_on[1]' must be a string, found mapping",
                location: at(5, 5), keyword: "type", path: "depends_on[1]"),
            SchemaViolation(
                message: "'depends_on' lists 'DEMO-WP-1-T02' more than once; remove the repeat",
                location: at(7, 5), keyword: "uniqueItems", path: "depends_on[3]"),
        ])
    }

    @Test func gateRequirementsOfTheWrongShapeAreExplained() throws {
        let found = BuiltinSchemas.gate.validate(try yaml("""
            id: demo/promote
            requires:
              - DEMO-WP-1-T01
              - {evidence: smoke-test, max_age: 3 days}
              - {foo: bar}
              - 7
              - {ref: DEMO-WP-1-T02, state: done}
              - {gate: demo/staging}
              - {ref: DEMO-WP-1-T02, status: done}
              - {evidence: smoke-test, max_age: 7d}
            """))
        let shapes = "a reference (ID or repo:ID), {ref: ID, status: STATUS}, {evidence: NAME, max_age: AGE}, {gate: GATE-ID}"
        #expect(found == [
            SchemaViolation(
                message: "'requires[1].max_age' must match ^[0-9]+[dhw]$ (for example '7d'), found '3 days'",
                location: at(4, 37), keyword: "pattern", path: "requires[1].max_age"),
            SchemaViolation(
                message: "'requires[2]' must be one of: \(shapes); found a mapping with keys foo",
                location: at(5, 5), keyword: "oneOf", path: "requires[2]"),
            SchemaViolation(
                message: "'requires[3]' must be one of: \(shapes); found integer 7",
                location: at(6, 5), keyword: "oneOf", path: "requires[3]"),
            SchemaViolation(
                message: "unknown field 'state' in 'requires[4]'; did you mean 'status'? (allowed: ref, status)",
                location: at(7, 26), keyword: "additionalProperties", path: "requires[4].state", suggestion: "status"),
        ])
    }

    @Test func configMistakesAreExplained() throws {
        let found = BuiltinSchemas.config.validate(try yaml("""
            repo: demo
            include: workplans/**/*.md
            peers:
              platform: {url: "https://example.com/platform.git"}
              apps: {path: ../apps}
            rules:
              unused-task: warn
              schema: off
            lifecycles:
              tsk: {statuses: [todo, done]}
              task:
                statuses: []
                transitions: {todo: doing, doing: [done, done]}
            """))
        #expect(found.map(\.message) == [
            "'peers.platform' must be one of: {path: DIR}, {git: URL, ref: BRANCH}; found a mapping with keys url",
            "unknown value 'warn' for 'rules.unused-task'; did you mean 'warning'? (allowed: error, warning, note, off, false)",
            "unknown field 'tsk' in 'lifecycles'; did you mean 'task'? (allowed: decision, task, workplan)",
            "'lifecycles.task.statuses' must have at least 1 item, found 0",
            "'lifecycles.task.transitions.doing' lists 'done' more than once; remove the repeat",
        ])
        #expect(found.map(\.location) == [at(4, 13), at(7, 16), at(10, 3), at(12, 15), at(13, 46)])
    }

    // MARK: Lifecycles from .wp.yaml replace the status enum

    @Test func allowedValuesReplaceTheStatusEnum() throws {
        let custom = ["status": ["todo", "doing", "review", "done"]]
        let doing = try yaml("id: DEMO-WP-1-T01\nstatus: doing\n")
        #expect(BuiltinSchemas.task.validate(doing, allowedValues: custom) == [])
        #expect(BuiltinSchemas.task.validate(doing).map(\.keyword) == ["enum"])

        let builtin = try yaml("id: DEMO-WP-1-T01\nstatus: in_progress\n")
        #expect(BuiltinSchemas.task.validate(builtin, allowedValues: custom) == [SchemaViolation(
            message: "unknown status 'in_progress' (allowed: todo, doing, review, done)",
            location: at(2, 9), keyword: "enum", path: "status")])

        let typo = try yaml("id: DEMO-WP-1-T01\nstatus: Reveiw\n")
        let found = BuiltinSchemas.task.validate(typo, allowedValues: custom)
        #expect(found.map(\.suggestion) == ["review"])

        // The type is still the schema's: a list is not a status whatever the lifecycle.
        let list = try yaml("id: DEMO-WP-1-T01\nstatus: [todo]\n")
        #expect(BuiltinSchemas.task.validate(list, allowedValues: custom).map(\.message)
            == ["'status' must be a string, found list"])
    }

    // MARK: Suggestions

    @Test func suggestionsFindTheIntendedWord() {
        let statuses = ["todo", "in_progress", "wait", "blocked", "done", "cancelled"]
        #expect(suggestion(for: "in-progress", among: statuses) == "in_progress")
        #expect(suggestion(for: "In Progress", among: statuses) == "in_progress")
        #expect(suggestion(for: "Done", among: statuses) == "done")
        #expect(suggestion(for: "canceled", among: statuses) == "cancelled")
        #expect(suggestion(for: "blokced", among: statuses) == "blocked")
        #expect(suggestion(for: "finished", among: statuses) == nil)
        #expect(suggestion(for: "do", among: statuses) == nil)
        #expect(suggestion(for: "", among: statuses) == nil)
        #expect(suggestion(for: "warn", among: ["error", "warning", "note", "off"]) == "warning")
        #expect(suggestion(for: "in_prog", among: ["in_progress", "in_programme"]) == nil)
        #expect(editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    // MARK: The validator refuses what it does not implement

    @Test func schemasOutsideTheSubsetAreRefused() {
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: #"{"if": {"type": "string"}}"#) }
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: ##"{"$ref": "#/$defs/missing"}"##) }
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: #"{"$ref": "other.json"}"#) }
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: #"{"type": "strin"}"#) }
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: #"{"pattern": "("}"#) }
        #expect(throws: JSONSchema.LoadError.self) { try JSONSchema(json: "{") }
        #expect(throws: JSONSchema.LoadError.self) {
            try JSONSchema(json: ##"{"$schema": "http://json-schema.org/draft-07/schema#"}"##)
        }
    }

    // MARK: Cross-check against the reference implementation

    /// Documents on both sides of every supported keyword; the verdicts must agree with python-jsonschema.
    static let crossCheckCases: [(schema: String, yaml: String)] = [
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\ncreated: 2026-05-18\nplanning_order: 1.0\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\nplanning_order: 1.5\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\nplanning_order: -1\n"),
        ("workplan", "id: a-wp-1\ntitle: t\nstatus: active\n"),
        ("workplan", "id: A-WP-1\ntitle: \"\"\nstatus: active\n"),
        ("workplan", "id: A-WP-1\ntitle: yes\nstatus: active\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus:\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\ntype: workplan\nextra: {anything: [1, 2]}\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\ncreated: \"2026-02-30\"\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\ncreated: \"2024-02-29\"\nupdated: \"18.05.2026\"\n"),
        ("workplan", "id: A-WP-1\ntitle: t\nstatus: active\ndepends_on: [B-WP-2, B-WP-2]\n"),
        ("workplan", "- not\n- a mapping\n"),
        ("task", "id: A-WP-1-T01\nstatus: in-progress\n"),
        ("task", "id: A-WP-1-T01\nstatus: wait\nreason: waiting for the cluster\ndepends_on: ['repo:A-WP-2-T01']\n"),
        ("task", "id: A-WP-1-T01\nstatus: done\nevidence: 42\n"),
        ("task", "id: A-WP-1-T01\nstatus: done\npriority: Critical\n"),
        ("decision", "id: D-01\nstatus: resolved\ndecided_on: 2026-05-18\nblocks: [T01, T02]\n"),
        ("decision", "id: D-01\nstatus: open\n"),
        ("decision", "id: D-01\nstatus: pending\nblocks: T01\n"),
        ("gate", "id: g\nrequires: [T01, {ref: T02}, {ref: T03, status: done}, {evidence: e, max_age: 12h}, {gate: h}]\n"),
        ("gate", "id: g\nrequires: [{ref: T01, gate: h}]\n"),
        ("gate", "id: g\nrequires: [{evidence: e, max_age: 7}]\n"),
        ("gate", "id: g\nrequires: [{}]\n"),
        ("gate", "id: g\nrequires: [null]\n"),
        ("gate", "title: no id\n"),
        ("wp-config", "repo: r\ninclude: [workplans/**/*.md]\nexclude: drafts/*.md\n"),
        ("wp-config", "peers: {a: {path: ../a}, b: {git: 'https://x/b.git', ref: main, include: [w/*.md]}}\n"),
        ("wp-config", "peers: {a: {path: ../a, git: 'https://x/a.git'}}\n"),
        ("wp-config", "peers: {a: {path: ../a, ref: main}}\n"),
        ("wp-config", "rules: {schema: error, unused: off, other: note}\n"),
        ("wp-config", "rules: {schema: fatal}\n"),
        ("wp-config", "lifecycles: {task: {statuses: [a, b], initial: a, complete: [b], transitions: {a: [b]}, require: {b: evidence}}}\n"),
        ("wp-config", "lifecycles: {task: {statuses: [a, a]}}\n"),
        ("wp-config", "lifecycles: {task: {statuses: [a], waiting: [a], colour: red}}\n"),
        ("wp-config", "lifecycles: {story: {statuses: [a]}}\n"),
        ("wp-config", "include: [1]\n"),
    ]

    @Test func verdictsAgreeWithPythonJsonschema() throws {
        var cases: [(schema: String, yaml: String)] = Self.crossCheckCases
        // The corpus's front matter and task blocks too, cut out of the files as text.
        for entry in Self.corpus {
            let text = try String(contentsOf: SchemaRepo.corpus.appendingPathComponent(entry.path), encoding: .utf8)
            let lines = text.components(separatedBy: "\n")
            let close = try #require(lines.dropFirst().firstIndex(of: "---"))
            cases.append(("workplan", lines[1..<close].joined(separator: "\n")))
            var block: [String]?
            for line in lines {
                if line == "```task" {
                    block = []
                } else if line == "```", let body = block {
                    cases.append(("task", body.joined(separator: "\n")))
                    block = nil
                } else {
                    block?.append(line)
                }
            }
        }
        #expect(cases.count > Self.crossCheckCases.count + 20)

        let input = try JSONSerialization.data(withJSONObject: cases.map {
            ["schema": SchemaRepo.schemaFile($0.schema).path, "yaml": $0.yaml]
        })
        let inputFile = FileManager.default.temporaryDirectory.appendingPathComponent("schema-cases-\(UUID().uuidString).json")
        try input.write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let script = """
            def plain(value):
                # YAML dates become their ISO text, as they would in a JSON file.
                if isinstance(value, (datetime.date, datetime.datetime)):
                    return value.isoformat()
                if isinstance(value, dict):
                    return {str(key): plain(item) for key, item in value.items()}
                if isinstance(value, list):
                    return [plain(item) for item in value]
                return value

            results = []
            for case in json.load(open(sys.argv[1], encoding="utf-8")):
                schema = json.load(open(case["schema"], encoding="utf-8"))
                validator = jsonschema.Draft202012Validator(
                    schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
                instance = plain(yaml.safe_load(case["yaml"]))
                results.append([error.message for error in validator.iter_errors(instance)])
            print(json.dumps(results))
            """
        guard let output = runPython(script, [inputFile.path]) else { return }
        let reference = try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
        try #require(reference.count == cases.count)
        var invalid = 0
        for (offset, testCase) in cases.enumerated() {
            let schema = try #require(BuiltinSchemas.named(testCase.schema))
            let found = schema.validate(try yaml(testCase.yaml))
            if !reference[offset].isEmpty { invalid += 1 }
            #expect(found.isEmpty == reference[offset].isEmpty, """
                \(testCase.schema) verdicts differ on:
                \(testCase.yaml)
                wp: \(found.map(\.message))
                python-jsonschema: \(reference[offset])
                """)
        }
        // Both verdicts must be exercised, or agreement proves nothing.
        #expect(invalid >= 15)
        #expect(cases.count - invalid >= 15)
    }
}
