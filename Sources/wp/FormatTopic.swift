import ArgumentParser

/// `wp help format`: the file format in brief, for an installed wp that has no
/// docs/ beside it. Hidden from the command list (it is a help topic, not a
/// command); the man page lists it with the commands, so the summary is there too.
struct FormatTopic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format",
        abstract: "The workplan file format, .wp.yaml, gates and exit codes in brief (`wp help format`).",
        discussion: summary,
        shouldDisplay: false)

    func run() throws {
        try Terminal.write(Self.helpMessage() + "\n")
    }

    /// Lines are broken by hand: argument-parser keeps line breaks and does not
    /// indent wrapped lines, so each line stays under 80 columns.
    static let summary = """
        FILES
          A workplan is a UTF-8 markdown file workplans/<ID>-<slug>.md (what
          `include:` in .wp.yaml matches; default workplans/**/*.md). It
          starts with YAML front matter between two `---` lines:
            id: RAILIANCE-WP-0002       (PREFIX-WP-DIGITS)
            title, status, owner, repo, created, updated (YYYY-MM-DD),
            planning_priority, planning_order, depends_on; others are kept
          Files without front matter (runbooks) may hold gate blocks only.
          Files over 8 MiB, with NUL bytes or not UTF-8 are reported, skipped.

        TASKS
          Every fenced block whose info string is `task` is a task:
            ```task
            id: RAILIANCE-WP-0002-T04   (required; the workplan's id + -T04)
            status: todo                (required)
            priority: high              (critical, high, medium, low)
            depends_on: [railiance-platform:RAILIANCE-WP-0003]
            reason: what it waits for   (for blocked and wait)
            evidence: restore-drill     (what proves it done; gates ask)
            ```
          Its title is the heading above it, its body runs to the next
          heading of the same or a higher level, and its paragraph
          "**Done when:** ..." is its acceptance criterion.

        DECISIONS
          A ```decision block (id, title, status, resolution, decided_by,
          decided_on, blocks), or prose:
            **Decision D-01 - title** (pending; required before T04)
            **Resolution (2026-05-18, bernd):** the option chosen

        GATES
          A ```gate block in any included file (a runbook under docs/):
            id: app/promote-production
            requires:
              - RAILIANCE-WP-0003             (complete)
              - {ref: ID, status: done}       (exactly that status)
              - {evidence: restore-drill, max_age: 30d}
              - {gate: app/smoke}             (that gate passes)
          Gates fail closed: whatever wp cannot establish is unmet.

        REFERENCES
          RAILIANCE-WP-0003 (global), T05 or D-01 (in the same workplan),
          railiance-platform:RAILIANCE-WP-0003 (in that repo). In prose
          also RAILIANCE-WP-0002 T04, and railiance-apps-WP-0004 I03 (the
          workplan numbered 0004 of repo railiance-apps, its item I03).
          Prose that says "blocked on X" should have `depends_on: [X]`.

        LIFECYCLES
          Defaults; `lifecycles:` in .wp.yaml overrides them. Each status
          has roles (initial, planned, active, waiting, complete,
          succeeded, closed) and wp asks the roles, never the words:
            workplan  draft proposed backlog: planned; active: active;
                      paused: waiting; finished: complete, succeeded;
                      cancelled: closed
            task      todo: planned; in_progress: active; wait blocked:
                      waiting; done: complete, succeeded; cancelled:
                      complete, closed
            decision  pending: waiting; resolved: complete, succeeded;
                      rejected superseded: closed
          Every status but paused, cancelled (workplan) and superseded is
          also initial. wp start, done and block write the first active,
          succeeded and waiting status (`prefer: {waiting: blocked}` for
          tasks picks another); .wp.yaml lists a role's statuses as
            lifecycles: {task: {statuses: [...], active: [doing]}}
          A task is blocked when it waits, or when something in its
          depends_on, its workplan's depends_on, or a decision that blocks
          it is not complete. A reference that does not resolve is never
          complete.

        CONFIGURATION
          wp reads .wp.yaml from the working directory upwards; the
          directory holding it is the repo root.
            repo: railiance-apps
            include: [workplans/**/*.md, docs/**/*.md]
            exclude: []
            peers:
              railiance-platform: {path: ../railiance-platform}
              other: {git: https://git.example.org/o/other.git, ref: main}
            rules: {prose-unresolved-reference: off}  # error|warning|note|off
          Silence one finding, with a reason, on its line or the line above:
            <!-- wp-lint: ignore RULE -- the reason -->
          (in a YAML block: # wp-lint: ignore RULE -- the reason).

        ENVIRONMENT
          WP_CACHE_DIR    where git peers are cloned and parses are cached
                          (default $XDG_CACHE_HOME/wp, else ~/.cache/wp)
          WP_NO_CACHE     1: parse every file, without the parse cache
                          (as --no-cache)
          NO_COLOR        no colours even on a terminal
          WP_TODAY        the date wp takes as today (YYYY-MM-DD)

        EXIT CODES
          0   success
          1   findings: lint errors (or warnings with --strict), a failing
              gate, a refused edit
          2   wp could not do the job: unusable .wp.yaml, unknown id or
              repo, an input file that could not be read
          64  the command line is wrong

        Every command: `wp help COMMAND`. All of it: `man wp`.
        """
}
