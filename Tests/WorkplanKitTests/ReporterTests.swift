import Foundation
import WPTestSupport
import Testing
@testable import WorkplanKit

/// Findings with every character that an output format must escape or encode:
/// `%`, `:`, `,`, CR, LF, non-ASCII text, and paths with a space, non-ASCII,
/// a peer's `../`, and an absolute path. Deliberately out of order.
private let diagnostics: [Diagnostic] = [
    Diagnostic(
        rule: "finished-with-open-work", severity: .error,
        message: "workplan is `finished` but only 50% of its tasks are done",
        location: WorkplanKit.SourceLocation(path: "workplans/WP-0001 roadmap.md", line: 12, column: 3),
        notes: ["open: WP-0001-T-1 (todo)", "open: WP-0001-T-2 (in_progress)"]),
    Diagnostic(
        rule: "updated-not-bumped", severity: .warning,
        message: "`updated: 2024-01-01` is older than the last change\nbump it to today's date",
        location: WorkplanKit.SourceLocation(path: "workplans/WP-0001 roadmap.md", line: 4, column: 9)),
    Diagnostic(
        rule: "schema", severity: .error,
        message: "unknown task status 'in-progress'; did you mean 'in_progress'?",
        location: WorkplanKit.SourceLocation(path: "workplans/WP-0001 roadmap.md", line: 4, column: 9)),
    Diagnostic(
        rule: "prose-unresolved-reference", severity: .note,
        message: "„Vergabe-Teilnahme“ refers to WP-0042 — no such workplan",
        location: WorkplanKit.SourceLocation(path: "workplans/Übersicht.md", line: 7, column: 14),
        notes: ["known ids: WP-0001, WP-0002"]),
    Diagnostic(
        rule: "task-id-prefix", severity: .warning,
        message: "task id `X:1` should start with `PLAT-WP-0003-`",
        location: WorkplanKit.SourceLocation(path: "../platform/workplans/PLAT-WP-0003.md", line: 3, column: 1),
        notes: ["written on Windows?\r\nthe line ends in CR LF"]),
    Diagnostic(
        rule: "yaml-syntax", severity: .error,
        message: "invalid YAML: mapping values are not allowed here",
        location: WorkplanKit.SourceLocation(path: "/srv/elsewhere/WP,odd:name.md", line: 1, column: 1)),
]

private let summary = LintSummary(diagnostics: diagnostics, files: 5)

/// Rule metadata as SARIF lists it (examples are not part of a report).
private func rule(_ id: String, _ summary: String, rationale: String = "", _ severity: Severity, helpURI: String? = nil) -> RuleDescription {
    RuleDescription(id: id, summary: summary, rationale: rationale, defaultSeverity: severity, triggering: [], nonTriggering: [], helpURI: helpURI)
}

private let rules: [RuleDescription] = [
    rule(
        "finished-with-open-work", "A finished workplan has no open tasks",
        rationale: "Finishing a plan with open work hides that work from every report.",
        .error, helpURI: "https://wp.dev/rules/finished-with-open-work"),
    rule("updated-not-bumped", "`updated:` moves with every change", .warning),
    rule("schema", "Front matter and task blocks match the schema", .error),
    rule("prose-unresolved-reference", "Ids named in prose exist", .note),
    rule("task-id-prefix", "Task ids start with their workplan's id", .warning),
    // Known but silent in this run: still listed in SARIF.
    rule("dependency-cycle", "Dependencies form no cycle", .error),
    // A repeated id is listed once, the first one winning.
    rule("schema", "duplicate entry", .note),
]

@Suite struct ReporterTests {
    // MARK: Factory and determinism

    @Test func factoryBuildsTheReporterNamedByEachKind() throws {
        for kind in LintReport.formats {
            let reporter = try #require(LintReport.reporter(for: kind, style: .plain))
            #expect(type(of: reporter).identifier == kind.rawValue)
        }
        #expect(LintReport.reporter(for: .html) == nil)
        let colored = LintReport.reporter(for: .text, style: TerminalStyle(enabled: true))
        #expect((colored as? TextReporter)?.style.enabled == true)
    }

    @Test(arguments: LintReport.formats)
    func outputDoesNotDependOnInputOrder(kind: OutputFormat) throws {
        let reporter: any Reporter = kind == .sarif ? SARIFReporter(rules: rules) : try #require(LintReport.reporter(for: kind))
        let forward = try reporter.report(diagnostics, summary: summary)
        #expect(try reporter.report(diagnostics.reversed(), summary: summary) == forward)
        #expect(try reporter.report(diagnostics.sorted(), summary: summary) == forward)
    }

    @Test func summaryCountsSeverities() {
        #expect(summary == LintSummary(errors: 3, warnings: 2, notes: 1, files: 5))
    }

    // MARK: Text

    @Test func textSnapshot() {
        assertSnapshot(TextReporter(style: .plain).report(diagnostics, summary: summary), named: "text.txt", in: "Snapshots/reporters")
    }

    @Test func coloredTextSnapshot() {
        let output = TextReporter(style: TerminalStyle(enabled: true)).report(diagnostics, summary: summary)
        #expect(output.contains("\u{1B}[31merror\u{1B}[0m[schema]"))
        assertSnapshot(output, named: "text-color.txt", in: "Snapshots/reporters")
    }

    @Test func textWithoutFindings() {
        let output = TextReporter().report([], summary: LintSummary(errors: 0, warnings: 0, files: 5))
        #expect(output == "No problems in 5 files.\n")
    }

    @Test func textSummaryLine() {
        #expect(TextReporter.summaryLine(LintSummary(errors: 2, warnings: 3, files: 5)) == "2 errors, 3 warnings in 5 files")
        #expect(TextReporter.summaryLine(LintSummary(errors: 1, warnings: 0, files: 1)) == "1 error, 0 warnings in 1 file")
        #expect(TextReporter.summaryLine(LintSummary(errors: 0, warnings: 1, notes: 2, files: 3))
            == "0 errors, 1 warning, 2 notes in 3 files")
        #expect(TextReporter.summaryLine(LintSummary(errors: 0, warnings: 0, files: 1)) == "No problems in 1 file.")
    }

    @Test func textGroupsByFileInSortedOrder() {
        let lines = TextReporter().report(diagnostics, summary: summary).split(separator: "\n", omittingEmptySubsequences: false)
        let headers = lines.filter { !$0.hasPrefix(" ") && $0.contains(": ") && $0.contains("[") }
        #expect(headers.map { $0.prefix { $0 != " " } } == [
            "../platform/workplans/PLAT-WP-0003.md:3:1:",
            "/srv/elsewhere/WP,odd:name.md:1:1:",
            "workplans/WP-0001",  // the path has a space
            "workplans/WP-0001",
            "workplans/WP-0001",
            "workplans/Übersicht.md:7:14:",
        ])
        #expect(lines.contains("workplans/WP-0001 roadmap.md:4:9: error[schema] unknown task status 'in-progress'; did you mean 'in_progress'?"))
        // One blank line between the four files, one before the summary.
        #expect(lines.filter(\.isEmpty).count == 3 + 1 + 1)  // + the final newline
    }

    // MARK: JSON

    @Test func jsonSnapshot() throws {
        assertSnapshot(try JSONReporter().report(diagnostics, summary: summary), named: "json.json", in: "Snapshots/reporters")
    }

    @Test func jsonFollowsTheContract() throws {
        let output = try JSONReporter().report(diagnostics, summary: summary)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["diagnostics", "summary"])
        let entries = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(entries.count == diagnostics.count)
        for entry in entries {
            #expect(Set(entry.keys) == ["path", "line", "column", "severity", "rule", "message", "notes"])
        }
        let first = try #require(entries.first)
        #expect(first["path"] as? String == "../platform/workplans/PLAT-WP-0003.md")
        #expect(first["line"] as? Int == 3)
        #expect(first["column"] as? Int == 1)
        #expect(first["severity"] as? String == "warning")
        #expect(first["rule"] as? String == "task-id-prefix")
        #expect(first["notes"] as? [String] == ["written on Windows?\r\nthe line ends in CR LF"])
        #expect(entries.map { $0["rule"] as? String } == diagnostics.sorted().map(\.rule))
        let counts = try #require(object["summary"] as? [String: Int])
        #expect(counts == ["errors": 3, "warnings": 2, "notes": 1, "files": 5])
    }

    @Test func jsonMatchesItsPublishedSchema() throws {
        let schema = repositoryRoot.appendingPathComponent("schemas/lint-output.schema.json")
        for output in [try JSONReporter().report(diagnostics, summary: summary),
                       try JSONReporter().report([], summary: LintSummary(errors: 0, warnings: 0, files: 0))] {
            let result = try #require(try check(output, against: schema))
            #expect(result.validator == "Draft202012Validator")
            #expect(result.errors == [])
        }
        // The check can fail: a diagnostic without its rule is rejected.
        let broken = try JSONReporter().report(diagnostics, summary: summary).replacingOccurrences(of: #""rule" :"#, with: #""ruleID" :"#)
        #expect(try check(broken, against: schema)?.errors.isEmpty == false)
    }

    // MARK: GitHub

    @Test func githubSnapshot() {
        assertSnapshot(GitHubReporter().report(diagnostics, summary: summary), named: "github.txt", in: "Snapshots/reporters")
    }

    @Test func githubEscapesData() {
        #expect(GitHubReporter.escapeData("100% done") == "100%25 done")
        #expect(GitHubReporter.escapeData("a\nb\r\nc\rd") == "a%0Ab%0D%0Ac%0Dd")
        #expect(GitHubReporter.escapeData("%0A is not a newline") == "%250A is not a newline")
        // Colons and commas are fine in data, and so is text outside ASCII.
        #expect(GitHubReporter.escapeData("a: b, c — „ü“") == "a: b, c — „ü“")
    }

    @Test func githubEscapesProperties() {
        #expect(GitHubReporter.escapeProperty("dir/WP,odd:name.md") == "dir/WP%2Codd%3Aname.md")
        #expect(GitHubReporter.escapeProperty("50%,\n:") == "50%25%2C%0A%3A")
        #expect(GitHubReporter.escapeProperty("a b/Übersicht.md") == "a b/Übersicht.md")
    }

    @Test func githubCommandShape() {
        let output = GitHubReporter().report(diagnostics, summary: summary)
        let lines = output.split(separator: "\n")
        #expect(lines.count == diagnostics.count)  // no raw newline escapes a command
        #expect(lines.allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::warning ") || $0.hasPrefix("::notice ") })
        #expect(lines.contains(
            "::error file=/srv/elsewhere/WP%2Codd%3Aname.md,line=1,col=1,title=yaml-syntax::invalid YAML: mapping values are not allowed here"))
        #expect(lines.contains(
            "::error file=workplans/WP-0001 roadmap.md,line=12,col=3,title=finished-with-open-work::"
            + "workplan is `finished` but only 50%25 of its tasks are done%0Aopen: WP-0001-T-1 (todo)%0Aopen: WP-0001-T-2 (in_progress)"))
        #expect(GitHubReporter().report([], summary: summary) == "")
    }

    @Test func githubOmitsUnknownPositions() {
        let whole = Diagnostic(rule: "read", severity: .note, message: "m", location: WorkplanKit.SourceLocation(path: "a.md", line: 0, column: 0))
        #expect(GitHubReporter().command(for: whole) == "::notice file=a.md,title=read::m")
    }

    // MARK: SARIF

    @Test func sarifSnapshot() throws {
        assertSnapshot(try SARIFReporter(rules: rules).report(diagnostics, summary: summary), named: "sarif.json", in: "Snapshots/reporters")
    }

    @Test func sarifValidatesAgainstTheOfficialSchema() throws {
        let schema = Fixtures.root.appendingPathComponent("sarif/sarif-schema-2.1.0.json")
        let outputs = [
            try SARIFReporter(rules: rules).report(diagnostics, summary: summary),
            try SARIFReporter(rules: rules, sourceRoot: "/work/my repo").report(diagnostics, summary: summary),
            try SARIFReporter().report([], summary: LintSummary(errors: 0, warnings: 0, files: 0)),
        ]
        for output in outputs {
            // The OASIS schema (errata 01) declares draft-04; validate with the draft it declares.
            let result = try #require(try check(output, against: schema))
            #expect(result.validator == "Draft4Validator")
            #expect(result.errors == [])
        }
        // The check can fail: SARIF has no level `fatal`, and no `severity` key on a result.
        let broken = outputs[0]
            .replacingOccurrences(of: #""level" : "error""#, with: #""level" : "fatal""#)
            .replacingOccurrences(of: #""ruleIndex" : 6"#, with: #""ruleIndex" : 6, "severity" : "high""#)
        let errors = try #require(try check(broken, against: schema)).errors
        #expect(errors.contains { $0.contains("'fatal' is not one of") })
        #expect(errors.contains { $0.contains("'severity' was unexpected") })
    }

    @Test func sarifStructure() throws {
        let output = try SARIFReporter(rules: rules).report(diagnostics, summary: summary)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(log["version"] as? String == "2.1.0")
        let runs = try #require(log["runs"] as? [[String: Any]])
        let run = try #require(runs.first)
        #expect(runs.count == 1)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        let baseIDs = try #require(run["originalUriBaseIds"] as? [String: Any])
        #expect(Set(baseIDs.keys) == ["%SRCROOT%"])

        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "wp")
        #expect(driver["version"] as? String == WorkplanKitVersion.current)
        #expect(driver["informationUri"] as? String == SARIFReporter.informationURI)
        let ruleObjects = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = ruleObjects.compactMap { $0["id"] as? String }
        // Every known rule once, plus the unknown `yaml-syntax`, sorted.
        #expect(ruleIDs == ["dependency-cycle", "finished-with-open-work", "prose-unresolved-reference",
                            "schema", "task-id-prefix", "updated-not-bumped", "yaml-syntax"])
        let finished = try #require(ruleObjects.first { $0["id"] as? String == "finished-with-open-work" })
        #expect((finished["shortDescription"] as? [String: String])?["text"] == "A finished workplan has no open tasks")
        #expect((finished["fullDescription"] as? [String: String])?["text"]
            == "Finishing a plan with open work hides that work from every report.")
        #expect(finished["helpUri"] as? String == "https://wp.dev/rules/finished-with-open-work")
        let schemaRule = try #require(ruleObjects.first { $0["id"] as? String == "schema" })
        #expect((schemaRule["defaultConfiguration"] as? [String: String])?["level"] == "error")
        let yaml = try #require(ruleObjects.last)
        #expect((yaml["defaultConfiguration"] as? [String: String])?["level"] == "error")

        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == diagnostics.count)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(ruleIDs[index] == result["ruleId"] as? String)
        }
        let uris = results.compactMap { result -> String? in
            let locations = result["locations"] as? [[String: Any]]
            let physical = locations?.first?["physicalLocation"] as? [String: Any]
            return (physical?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        #expect(uris == [
            "../platform/workplans/PLAT-WP-0003.md",
            "file:///srv/elsewhere/WP,odd%3Aname.md",
            "workplans/WP-0001%20roadmap.md",
            "workplans/WP-0001%20roadmap.md",
            "workplans/WP-0001%20roadmap.md",
            "workplans/%C3%9Cbersicht.md",
        ])
        for uri in uris { #expect(URL(string: uri) != nil, "\(uri) is not a URI reference") }
        let levels = results.compactMap { $0["level"] as? String }
        #expect(levels == ["warning", "error", "error", "warning", "error", "note"])
    }

    @Test func sarifRegionsAndBases() throws {
        let reporter = SARIFReporter(sourceRoot: "/work/my repo")
        let output = try reporter.report([
            Diagnostic(rule: "r", severity: .warning, message: "m", location: WorkplanKit.SourceLocation(path: "./a.md", line: 2, column: 5)),
            Diagnostic(rule: "r", severity: .warning, message: "m", location: WorkplanKit.SourceLocation(path: "b.md", line: 0, column: 0)),
        ], summary: summary)
        #expect(output.contains(#""uri" : "file:///work/my%20repo/""#))
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let physical = results.map { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]) ?? [:] }
        #expect((physical[0]["artifactLocation"] as? [String: String]) == ["uri": "a.md", "uriBaseId": "%SRCROOT%"])
        #expect((physical[0]["region"] as? [String: Int]) == ["startLine": 2, "startColumn": 5])
        #expect(physical[1]["region"] == nil)
    }

    @Test func sarifPercentEncoding() {
        #expect(SARIFReporter.relativeURI("./dir/a b.md") == "dir/a%20b.md")
        #expect(SARIFReporter.relativeURI("a:b/100%#?.md") == "a%3Ab/100%25%23%3F.md")
        #expect(SARIFReporter.relativeURI("Übersicht.md") == "%C3%9Cbersicht.md")
        #expect(SARIFReporter.relativeURI("../peer/x-y_z~(1).md") == "../peer/x-y_z~(1).md")
        #expect(SARIFReporter.fileURI(forDirectory: "/") == "file:///")
    }
}

// MARK: Helpers

/// The package root, found from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // WorkplanKitTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()


/// What Python's `jsonschema` says about one document.
private struct SchemaCheck {
    /// The validator class the schema's `$schema` selected, e.g. `Draft4Validator`.
    var validator: String
    /// `/json/pointer: message` per violation; empty when the document is valid.
    var errors: [String]
}

/// Validates JSON `output` against the schema at `schema` with Python's `jsonschema`,
/// using the draft the schema declares. Nil (and a recorded issue) when it could not run.
///
/// A missing python3 or jsonschema fails the test: schema conformance is not optional.
private func check(_ output: String, against schema: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SchemaCheck? {
    let script = """
        import json, sys
        try:
            import jsonschema
            from jsonschema import validators
        except ImportError as error:
            print(f"python3 cannot import jsonschema ({error}); run scripts/install-deps")
            sys.exit(3)
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            instance = json.load(f)
        cls = validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=getattr(cls, "FORMAT_CHECKER", None))
        errors = sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.absolute_path])
        print(cls.__name__)
        for error in errors:
            print("/" + "/".join(str(p) for p in error.absolute_path) + ": " + error.message.replace("\\n", " "))
        sys.exit(1 if errors else 0)
        """
    let directory = try TemporaryDirectory("wp-reporter")
    let instance = try directory.write("output.json", output)
    let result: ProcessResult
    do {
        result = try run("/usr/bin/env", ["python3", "-c", script, schema.path, instance], in: directory.path)
    } catch {
        Issue.record("Cannot run python3 to validate against \(schema.lastPathComponent): \(error)", sourceLocation: sourceLocation)
        return nil
    }
    let lines = result.stdout.split(separator: "\n").map(String.init)
    guard result.status == 0 || result.status == 1, let validator = lines.first else {
        Issue.record("""
            Could not validate against \(schema.lastPathComponent) (exit \(result.status)):
            \(result.stdout)\(result.stderr)
            """, sourceLocation: sourceLocation)
        return nil
    }
    return SchemaCheck(validator: validator, errors: Array(lines.dropFirst()))
}
