/// A `.wp.yaml` whose lifecycles rename every default status and give each new word the
/// role the default word has, plus the renaming itself, so a test can build one workspace
/// in both vocabularies and compare wp's answers after mapping the words back.
public enum RenamedLifecycles {
    /// Default word → renamed word, per kind.
    public static let task: [String: String] = [
        "todo": "open", "in_progress": "doing", "wait": "parked", "blocked": "stuck", "done": "shipped", "cancelled": "dropped",
    ]
    public static let workplan: [String: String] = [
        "draft": "idea", "proposed": "pitched", "backlog": "later", "active": "live", "paused": "onhold",
        "finished": "delivered", "cancelled": "scrapped",
    ]
    public static let decision: [String: String] = [
        "pending": "asked", "resolved": "answered", "rejected": "declined", "superseded": "replaced",
    ]

    /// The `lifecycles:` section, written out by hand the way a team would (not generated
    /// from wp's defaults): the same statuses in the same order, with the same roles, moves
    /// and preferred statuses.
    public static let config = """
        lifecycles:
          task:
            statuses: [open, doing, parked, stuck, shipped, dropped]
            initial: [open, doing, parked, stuck, shipped, dropped]
            planned: [open]
            active: [doing]
            waiting: [parked, stuck]
            complete: [shipped, dropped]
            succeeded: [shipped]
            closed: [dropped]
            prefer: {waiting: stuck}
            transitions:
              open: [doing, parked, stuck, shipped, dropped]
              doing: [open, parked, stuck, shipped, dropped]
              parked: [open, doing, stuck, shipped, dropped]
              stuck: [open, doing, parked, shipped, dropped]
              shipped: []
              dropped: [open]
          workplan:
            statuses: [idea, pitched, later, live, onhold, delivered, scrapped]
            initial: [idea, pitched, later, live, delivered]
            planned: [idea, pitched, later]
            active: [live]
            waiting: [onhold]
            complete: [delivered]
            succeeded: [delivered]
            closed: [scrapped]
            transitions:
              idea: [pitched, later, live, scrapped]
              pitched: [idea, later, live, scrapped]
              later: [pitched, live, onhold, scrapped]
              live: [onhold, later, delivered, scrapped]
              onhold: [live, later, scrapped]
              delivered: [live]
              scrapped: [idea, later]
          decision:
            statuses: [asked, answered, declined, replaced]
            initial: [asked, answered, declined]
            waiting: [asked]
            complete: [answered]
            succeeded: [answered]
            closed: [declined, replaced]
            transitions:
              asked: [answered, declined]
              answered: [replaced]
              declined: [asked]
              replaced: []

        """

    /// Every renamed word, each to its default word.
    public static var back: [String: String] {
        var back: [String: String] = [:]
        for table in [task, workplan, decision] {
            for (word, renamed) in table { back[renamed] = word }
        }
        return back
    }
}
