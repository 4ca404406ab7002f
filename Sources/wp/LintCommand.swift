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

    @OptionGroup var output: FormatOption<LintReport>

    @Option(help: "Git revision to compare with: reports status moves the lifecycle forbids (e.g. origin/main).")
    var base: String?

    @Flag(help: "Fail (exit 1) on warnings too.")
    var strict = false

    /// Reading problems are findings here (reported in the chosen format, exit 1), not a reason to stop:
    /// reporting them is lint's job.
    func run() throws {
        // Against --base, the answer depends on git history the answer cache does not hash.
        let session = try base == nil ? workspace.answeringSession() : workspace.session()
        let result: LintEngine.Result
        do {
            result = try session.lint(base: base)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
        let kept = try session.showKeeping(LintReport(result), output)
        let status: ExitStatus = result.errorCount > 0 || (strict && result.warningCount > 0) ? .findings : .success
        // Reading problems are in the report, not on stderr: the answer is whole.
        if let kept { session.remember(CachedAnswer(output: kept, status: status)) }
        try Terminal.exit(status)
    }
}

