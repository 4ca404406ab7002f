import ArgumentParser
import WorkplanKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check every local workplan: schemas, references, lifecycles, and status moves since --base.",
        discussion: """
            Exit 0 when there are no errors (no warnings either under --strict), 1 when there are, \
            2 when wp could not run (bad .wp.yaml, unknown --base revision).
            Silence one finding in place with a reason: <!-- wp-lint: ignore RULE -- why --> on its line or the line above.
            """)

    @OptionGroup var workspace: WorkspaceOptions

    @Option(help: "Output format: text, json, github or sarif.")
    var format: ReporterKind = .text

    @Option(help: "Git revision to compare with: reports status moves the lifecycle forbids (e.g. origin/main).")
    var base: String?

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    func run() throws {
        let loaded = try workspace.load()
        let engine: LintEngine
        let snapshot: BaseSnapshot?
        do {
            engine = try LintEngine(config: loaded.config)
            snapshot = try base.map { revision throws(WorkspaceError) in
                try BaseRevisionReader(repoRoot: loaded.root).read(revision: revision, config: loaded.config)
            }
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
        let result = engine.run(LintContext(workspace: loaded, base: snapshot))
        let rules = RuleRegistry.descriptions.map {
            RuleInfo(id: $0.id, summary: $0.summary, rationale: $0.rationale, defaultSeverity: $0.defaultSeverity)
        }
        let summary = LintSummary(diagnostics: result.diagnostics, files: result.filesChecked)
        let style = format == .text ? Terminal.style() : .plain
        let reporter = format.makeReporter(rules: rules, style: style)
        try Terminal.write(Terminal.render { try reporter.report(result.diagnostics, summary: summary) })
        if result.errorCount > 0 || (strict && result.warningCount > 0) { throw ExitCode(1) }
    }
}

extension ReporterKind: ExpressibleByArgument {}
