import ArgumentParser

/// `wp help gates`: deploy gates in brief, for an installed wp without docs/ beside it.
struct GatesTopic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gates",
        abstract: "Deploy gates in brief: defining one, its requirement forms, when it passes (`wp help gates`).",
        discussion: summary,
        shouldDisplay: false)

    func run() throws {
        try Terminal.write(Self.helpMessage() + "\n")
    }

    /// Lines are broken by hand (see ``FormatTopic/summary``).
    static let summary = """
        GATES
          A gate says what must be true before a promotion may go ahead.
          The deploy asks `wp gate check GATE-ID` and goes on only on exit 0.
          Gates fail closed: what wp cannot establish is unmet (exit 1);
          what it cannot decide (an id several elements carry, a peer that
          could not be read, a gate cycle) is an error (exit 2).

        DEFINING ONE
          A ```gate block in any file .wp.yaml includes: a workplan, or a
          runbook without front matter (include: [workplans/**/*.md,
          docs/**/*.md]):
            ```gate
            id: app/promote-production        (unique; else repo:id)
            title: Promote app beyond smoke use
            requires:
              - railiance-platform:RAILIANCE-WP-0003
              - {ref: RAILIANCE-WP-0004-I03, status: done}
              - {evidence: restore-drill, max_age: 30d}
              - {gate: app/smoke}
            ```
          A gate without requirements fails: nothing proves it may pass.

        REQUIREMENTS
          ID                        the workplan, task or decision has
                                    succeeded (finished, done, resolved)
                                    and lint reports no error on it
          {ref: ID, status: S}      ID is in exactly status S (or one of
                                    a list), and lint reports no error on it
          {evidence: NAME,          a task with `evidence: NAME` is done,
           max_age: 30d}            lint reports no error on it, and its
                                    `done_on: YYYY-MM-DD` is at most that
                                    old (d days, w weeks, h hours)
          {gate: GATE-ID}           the other gate passes
          A cancelled task is complete for depends_on, but not done: it
          meets no requirement. For a workplan, a lint error on any of its
          tasks or decisions makes the requirement unmet.

        COMMANDS
          wp gate list              every gate and its result
          wp gate check ID...       exit 0 only when every named gate passes
          wp gate explain ID        the requirement tree, required gates
                                    expanded
          Evidence age counts from today in UTC; WP_TODAY=YYYY-MM-DD pins it.
        """
}
