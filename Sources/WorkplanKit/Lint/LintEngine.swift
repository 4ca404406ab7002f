/// Runs the rules, applies `.wp.yaml` severities and in-place suppressions,
/// and adds the problems met while reading the local files.
public struct LintEngine: Sendable {
    public struct Result: Sendable {
        /// Sorted by path, line, column, rule.
        public var diagnostics: [Diagnostic]
        public var filesChecked: Int

        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
        public var noteCount: Int { diagnostics.filter { $0.severity == .note }.count }
    }

    /// Severity per rule id from `.wp.yaml` `rules:`; nil turns a rule off.
    public var severities: [String: Severity?]

    public init(severities: [String: Severity?] = [:]) {
        self.severities = severities
    }

    /// The severities `.wp.yaml` `rules:` sets (read with the rest of the file).
    public init(config: WorkspaceConfig) {
        self.init(severities: config.ruleSeverities)
    }

    public func run(_ context: LintContext) -> Result {
        run(context, bounded: true)
    }

    /// `bounded: false` keeps every finding (``bounded(_:)`` leaves out all but the first
    /// ``Limits/findingsPerRuleAndFile`` of a rule in a file): gates ask about each element.
    func run(_ context: LintContext, bounded: Bool) -> Result {
        let workspace = context.workspace
        let checkedPaths = Set(context.checkedWorkplans.map { context.graph.workplans[$0].path })
        let peerPrefixes = workspace.repos.dropFirst().map(\.displayPrefix).filter { !$0.isEmpty }
        var findings = workspace.diagnostics.filter { diagnostic in
            // Reading problems in peers belong to the peers' own CI; unavailable peers are reported here.
            context.scope == .workspace || diagnostic.rule == ReadingCheck.peerUnavailable.rawValue
                || !peerPrefixes.contains { diagnostic.location.path.hasPrefix($0) }
        }
        // A reading problem in a workplan's file is about that workplan (a block that does not
        // parse may hide an open task): gates must see it on the workplan.
        var workplanOfPath: [String: Diagnostic.Subject] = [:]
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            workplanOfPath[workplan.path] = Diagnostic.Subject(workplan)
        }
        for index in findings.indices where findings[index].subject == nil {
            findings[index].subject = workplanOfPath[findings[index].location.path]
        }
        let ruleFindings = parallelMap(RuleRegistry.rules.map { RuleBox(type: $0) }) { box in box.type.init().check(context) }
        findings += ruleFindings.joined()

        // Suppressions: a reasoned `wp-lint: ignore` on the finding's line or the line above.
        // By path and the repo of the file's workplan: a local file may be named like a git peer's
        // (`peer:workplans/….md` is a legal local path), and its comments must not silence the
        // peer's findings (a gate on the peer's task passed).
        var suppressions: [String: [(repo: String, suppression: Suppression)]] = [:]
        for index in context.checkedWorkplans {
            let workplan = context.graph.workplans[index]
            for suppression in workplan.suppressions {
                if suppression.reason.isEmpty {
                    findings.append(Diagnostic(
                        check: .suppressionWithoutReason, severity: .error,
                        message: "`wp-lint: ignore` needs a reason: `wp-lint: ignore \(suppression.rules.joined(separator: ", ")) -- why this is fine`".terminalSafe,
                        location: suppression.location, subject: Diagnostic.Subject(workplan)))
                } else {
                    suppressions[workplan.path, default: []].append((workplan.repo, suppression))
                }
            }
        }
        var result: [Diagnostic] = []
        for var finding in findings {
            // Every command warns about an unknown `.wp.yaml` key; lint, where CI looks, fails on it.
            if finding.rule == ReadingCheck.unknownConfigKey.rawValue { finding.severity = .error }
            if let configured = severities[finding.rule] {
                guard let severity = configured else { continue }
                finding.severity = severity
            }
            let silenced = suppressions[finding.location.path]?.contains { repo, suppression in
                (finding.subject.map { $0.repo == repo } ?? true)
                    && (suppression.location.line == finding.location.line || suppression.location.line == finding.location.line - 1)
                    && suppression.rules.contains(finding.rule)
            } ?? false
            if !silenced { result.append(finding) }
        }
        let filesChecked = context.scope == .workspace ? workspace.repos.reduce(0) { $0 + $1.fileCount }
            : workspace.repos.first.map(\.fileCount) ?? checkedPaths.count
        let sorted = Array(Set(result)).sorted()
        return Result(diagnostics: bounded ? Self.bounded(sorted) : sorted, filesChecked: filesChecked)
    }

    /// At most ``Limits/findingsPerRuleAndFile`` findings of one rule in one file, and
    /// ``Limits/notesPerFinding`` notes per finding; what is left out is counted in a last
    /// finding (or note). One reference repeated a thousand times in a file, or one id
    /// defined a thousand times, would otherwise print the same finding a thousand times.
    static func bounded(_ sorted: [Diagnostic]) -> [Diagnostic] {
        struct Key: Hashable {
            var path: String
            var rule: String
        }
        var kept: [Diagnostic] = []
        var seen: [Key: Int] = [:]
        var firstLeftOut: [Key: Diagnostic] = [:]
        for var diagnostic in sorted {
            let key = Key(path: diagnostic.location.path, rule: diagnostic.rule)
            let count = seen[key, default: 0]
            seen[key] = count + 1
            guard count < Limits.findingsPerRuleAndFile else {
                if firstLeftOut[key] == nil { firstLeftOut[key] = diagnostic }
                continue
            }
            if diagnostic.notes.count > Limits.notesPerFinding {
                let more = diagnostic.notes.count - (Limits.notesPerFinding - 1)
                diagnostic.notes = diagnostic.notes.prefix(Limits.notesPerFinding - 1) + ["… \(more) more"]
            }
            kept.append(diagnostic)
        }
        guard !firstLeftOut.isEmpty else { return kept }
        for (key, first) in firstLeftOut {
            let more = seen[key, default: 0] - Limits.findingsPerRuleAndFile
            kept.append(Diagnostic(
                rule: key.rule, severity: first.severity,
                message: "… \(more) more \(key.rule) finding\(more == 1 ? "" : "s") in this file, from here on, not shown; fix the ones above and run wp lint again",
                location: first.location))
        }
        return kept.sorted()
    }
}

/// Lets rule types cross into parallel work.
private struct RuleBox: Sendable {
    let type: any Rule.Type
}
