import Foundation

/// Every bound wp puts on work, memory and output, in one place.
///
/// Files in a workspace can come from a pull request: each limit keeps a
/// hostile file from exhausting the machine or flooding a log. Every value is
/// documented in docs/security.md and has a test at limit + 1.
public enum Limits {
    /// Bytes per file read (workplans, runbooks, `.wp.yaml`): no workplan is that
    /// big, and a stray log or dump in the folder must not stall wp.
    public static let maximumFileSize = 8 * 1024 * 1024

    /// Bytes all packs of the parse cache (`$WP_CACHE_DIR/parse`) may take together. A run
    /// that wrote packs removes the oldest ones it did not use until the rest fit in three
    /// quarters of this. Packs are about a third of their files' size: this holds a few
    /// 10,000-workplan workspaces.
    public static let parseCacheBytes = 256 * 1024 * 1024

    /// Bytes of one parse-cache pack (one repo's parses): a larger pack is not written (the
    /// repo's files are parsed on every run), a larger file in the cache directory is not
    /// read (it is no pack wp wrote). A 10,000-workplan repo's pack is about 10 MiB.
    public static let parseCachePackBytes = 128 * 1024 * 1024

    /// Bytes of one cached answer (a reading command's stdout, ``AnswerCacheStore``): a
    /// larger answer is not kept (the command runs every time), a larger answer file is not
    /// read. `wp status` writes about 0.4 MiB on 1,000 workplans and 4.1 MiB on 10,000.
    public static let answerCacheAnswerBytes = 32 * 1024 * 1024

    /// Cached answers kept at once: after writing one, the oldest beyond this are removed.
    public static let answerCacheAnswers = 64

    /// Bytes of all cached answers together: after writing one, the oldest are removed
    /// until the rest fit.
    public static let answerCacheBytes = 128 * 1024 * 1024

    /// YAML nodes per document (front matter, one block, `.wp.yaml`), keys and
    /// alias expansions included: aliases can make a small file expand to
    /// billions of nodes ("billion laughs").
    public static let yamlNodeBudget = 100_000

    /// Nodes YAML aliases may add to a document, per byte of its text. `yamlNodeBudget` holds
    /// per document; without this a file (or a pull request) of many small documents, each
    /// expanding to the budget, cost millions of nodes: 100 task blocks in 22 KB took 63 s
    /// and 833 MB. Real workplans rarely use aliases at all.
    public static let yamlAliasNodesPerByte = 4

    /// Levels of YAML lists and mappings inside each other, aliases included (an alias
    /// counts its anchored node's levels where it stands). The walks over a document
    /// recurse, on threads with small stacks: nesting near libyaml's own limit of about
    /// 1,000 crashed them, and aliases of nested lists reach any depth in a few kilobytes.
    /// Workplans and `.wp.yaml` nest a few levels.
    public static let yamlNestingDepth = 64

    /// Characters of a YAML key quoted in a message (a duplicate key): a key can be
    /// megabytes long, a message should stay one line.
    public static let keyPreviewLength = 80

    /// Characters of a reference (`depends_on`, `blocks`, a gate's `requires`) read as an id;
    /// a longer one is kept cut with `…`, resolves to nothing and is reported. No id is that
    /// long, and a 100 KB value repeated 2,000 times by YAML aliases took 14 s to resolve.
    public static let maximumReferenceLength = 512

    /// Characters of a value from a file that a message quotes (a status, a reference, a
    /// field's text); the rest is cut with `…`. Through YAML aliases one long value can
    /// stand in many places, each quoted by its own finding.
    public static let quotedValueLength = 200

    /// Values a message lists (the statuses `.wp.yaml` allows, a mapping's keys); the rest
    /// are counted (`… N more`). A `.wp.yaml` listing 20,000 statuses put 149 KB into every
    /// `unknown status` finding.
    public static let valuesListedInMessage = 20

    /// Candidates a "did you mean" hint compares a value with (the first ones, in the order
    /// given): every finding may ask, and comparing with each of 20,000 statuses `.wp.yaml`
    /// listed made 300 findings take 22 s.
    public static let suggestionCandidates = 1_000

    /// Characters of one finding's message or note, whatever it quotes; the rest is cut with `…`.
    public static let messageLength = 2_000

    /// `[` (link and image openers) between two blank lines of markdown. cmark-gfm
    /// 0.29.0.gfm.6 takes time quadratic in the openers of one paragraph; with this
    /// bound its work stays linear in the file's size.
    public static let markdownBracketsPerParagraph = 2_000

    /// Lines plus markdown marks (`` *_`[]!<&\-+>#=~.) ``) in one file. cmark-gfm keeps
    /// about two nodes of some 200 bytes for each; this keeps a file's tree to about
    /// 250 MB (8 MiB of `- - - - - - - a` lines would take 1.7 GB). Real workplans
    /// have a few thousand.
    public static let markdownNodeBudget = 500_000

    /// Root chains kept per node; more say nothing new to a reader.
    public static let chainsPerNode = 8

    /// Links of a dependency chain printed (status, report, show, gates): a
    /// longer chain shows its first `chainLinksShown - 1` links, "… N more" and
    /// its root. A chain of N tasks has N chains of up to N links; printed whole
    /// they would fill N² lines' worth of output.
    public static let chainLinksShown = 8

    /// Blockers `wp status` and `wp report` list for one task (`… N more` counts the
    /// rest). Every task inherits its workplan's `depends_on`: T tasks and W
    /// dependencies would list T × W blockers.
    public static let blockersShownPerTask = 16

    /// Root causes listed for one task, over all its blockers (each has at most
    /// `chainsPerNode`); the rest are counted.
    public static let rootsShownPerTask = 16

    /// Characters of field values `wp show` prints for one element; the rest is cut
    /// with `…`. YAML aliases can repeat one long value thousands of times: a 1 MB
    /// file printed 2 GB.
    public static let fieldTextShown = 64 * 1024

    /// Findings of one rule in one file that `wp lint` reports; one more finding
    /// counts the rest. A paragraph naming thousands of ids, or one task that
    /// thousands of decisions block, would otherwise repeat a finding thousands of times.
    public static let findingsPerRuleAndFile = 100

    /// Notes of one finding that `wp lint` reports (`… N more` stands for the rest):
    /// an id defined N times has N - 1 "also defined at" notes.
    public static let notesPerFinding = 20

    /// Seconds a `git clone`/`fetch` of a peer may take before its whole process group is killed.
    public static let gitNetworkTimeout: TimeInterval = 120

    /// Seconds the fetches of all git peers of one run may take together; a peer reached after
    /// that is unavailable ("not fetched"). Fetches run one after another, so a `.wp.yaml`
    /// naming many hanging remotes would otherwise take peers × ``gitNetworkTimeout``.
    public static let gitFetchTimePerRun: TimeInterval = 300

    /// Seconds a local `git` query (config, show, ls-tree) may take.
    public static let gitLocalTimeout: TimeInterval = 10

    /// Seconds Graphviz (`dot`) may take to lay out a report's graph.
    public static let graphvizTimeout: TimeInterval = 60

    /// Open elements a report draws one by one; above it the report's graph has one node per
    /// workplan (and gate): 1,000 workplans drew 9,700 DOT lines Graphviz could not route and
    /// 1.5 MB of Mermaid nobody could read.
    public static let reportGraphElements = 300

    /// Workplan nodes a report's per-workplan graph may have; above it the report draws one node
    /// per repo with the plan-to-plan waits between repos counted: Graphviz did not lay out the
    /// per-workplan graph of 10,000 workplans within ``graphvizTimeout``, and a page of hundreds
    /// of plan nodes has labels no one can read.
    public static let reportGraphWorkplans = 150

    /// Other positions a `duplicate-id` finding lists in its notes: each of n copies names
    /// the others, so without a cap n copies would print n² positions.
    public static let duplicatePositionsShown = 5

    /// Ids a gate's chain (from a requirement down to its root cause) keeps: the first
    /// and last half of this many, with the number left out between them. Without it a
    /// chain of n gates would repeat O(n) ids in each of n results.
    public static let gateChainIDsShown = 16

    /// Characters of another gate's root-cause reason embedded in a requirement's reason
    /// ("gate X fails: <root cause>"); longer ones are cut with "…" (the gate's own
    /// entry carries the whole reason once).
    public static let gateEmbeddedReasonLength = 400

    /// Candidates an ambiguous gate requirement names ("ambiguous: a:X, b:X, … 3 more").
    public static let gateCandidatesShown = 5

    /// Levels of required gates `wp gate explain` expands in its text tree; deeper gates
    /// are named with a hint to explain them on their own, so the indentation (and the
    /// output) stays linear in the number of gates.
    public static let gateExplainDepth = 32

    /// Seconds any other child process may take (a caller that names no limit).
    public static let commandTimeout: TimeInterval = 120

    /// Seconds a timed-out process group gets between SIGTERM and SIGKILL, and
    /// how long wp keeps reading a child's pipes after the child itself exited
    /// (a process that left the group may still hold them open).
    public static let processTerminationGrace: TimeInterval = 2

    /// Child processes (git, dot) wp runs at once, each recorded so that SIGINT, SIGTERM or
    /// SIGHUP to wp kills its process group too (a child in its own session outlived an
    /// interrupted wp). wp runs one at a time; a child past the table is not started.
    public static let concurrentChildProcesses = 64

    /// Bytes of standard output kept from one child process (a peer's workplans
    /// come through `git cat-file` in one stream); more kills the child.
    public static let maximumCommandOutput = 256 * 1024 * 1024

    /// Bytes of standard error kept from one child process; the rest is dropped.
    public static let maximumCommandErrorOutput = 64 * 1024

    /// Characters of git's error text quoted in a message about a peer.
    public static let maximumGitErrorLength = 1_000

    /// Moves (a status and one status it may move to) wp examines when it looks for a
    /// chain of allowed moves between two statuses (`wp lint --base`, edits): a real
    /// lifecycle has a few dozen; `.wp.yaml` could declare millions.
    public static let moveChainSearch = 10_000

    /// Statuses one message names when it lists what a status leads to (the rest are counted).
    public static let statusesNamedPerMessage = 8

    /// Commits `wp lint --base REV` walks from where HEAD meets REV up to HEAD, each
    /// checked on its own; more is exit 2 with a hint to lint against a nearer revision.
    public static let baseCommitsWalked = 1_000

    // MARK: wp lsp

    /// Bytes of one message a language client may send (`Content-Length`): an 8 MiB file
    /// (``maximumFileSize``) written as a JSON string with every byte escaped fits. A larger
    /// body is skipped unread (answered with an error), never held in memory.
    public static let lspMessageSize = 64 * 1024 * 1024

    /// Bytes of a message's header lines: a header that never ends must not grow without bound.
    public static let lspHeaderSize = 8 * 1024

    /// Completion items offered at once; the list says it is incomplete, and typing more narrows it.
    public static let completionItemsListed = 200

    /// Workspace symbols listed for one query (a workspace of 10,000 workplans has 130,000 ids).
    public static let workspaceSymbolsListed = 500

    /// Milliseconds `wp lsp` waits after a change before it lints again: a burst of keystrokes is one round.
    public static let lspDiagnosticsDelayMilliseconds = 150

    // MARK: wp serve

    /// Bytes of a request body `wp serve` reads (a card move is a few dozen); a larger
    /// body is refused with 413 before it is read whole.
    public static let serveRequestBodyBytes = 16 * 1024

    /// Characters of an id a request may name (`/api/show?id=…`, a card move); a longer
    /// one is refused with 400 before any lookup.
    public static let serveIDLength = 512

    /// Seconds between two looks at the workspace on disk (only files whose stat
    /// changed are read again): a change reaches the page within a second.
    public static let serveRefreshInterval: TimeInterval = 0.25

    /// Seconds between two keep-alive comments on an open event stream, so a closed
    /// page is noticed and its stream ended.
    public static let serveHeartbeatInterval: TimeInterval = 15

    /// Event streams (open pages) served at once; one more is refused with 503.
    public static let serveEventStreams = 64

    /// Elements the graph view lays out with Graphviz at once; with more open work it
    /// asks for a repo or workplan to narrow it (dot's layout time grows faster than linearly).
    public static let serveGraphNodes = 600

    /// Cards the board page shows per column and lane before a "show N more" button:
    /// 12,000 cards drawn at once would take the browser seconds.
    public static let boardCardsShownPerCell = 100

    /// Bytes of one JSON-RPC message `wp mcp` reads (one line of standard input). A
    /// longer line is skipped and answered with a JSON-RPC error (-32600, id null): a
    /// client must not make the server buffer without bound.
    public static let mcpMessageBytes = 4 * 1024 * 1024

    /// Characters of one string argument of a `wp mcp` tool (an id, a title, evidence, a
    /// value); a longer one is refused with a tool error, before the workspace is read.
    public static let mcpArgumentCharacters = 64 * 1024

    /// Items of one list argument of a `wp mcp` tool (gate ids, graph ids).
    public static let mcpArgumentItems = 1_000

    /// Entries a `wp mcp` tool lists per list when the call names no `limit` (status's
    /// workplans, blocked tasks and problems; ready's tasks; lint's findings; impact's items):
    /// an answer an agent reads whole. The tool says how many there are in all.
    public static let mcpListedItemsDefault = 50

    /// The largest `limit` a `wp mcp` tool takes. The Swift MCP SDK decodes every tool result
    /// again (as `MCP.Value`, at about 0.4 s per MB on the benchmark machine): the whole
    /// status of 1,000 workplans, 6.5 MB, took 2.5 s a call. The whole documents stay
    /// readable as the resources `wp://status` and `wp://ready`.
    public static let mcpListedItemsMaximum = 200

    /// Elements a `wp mcp` `graph` call draws; a larger graph is refused with a hint to name
    /// ids (and `depth`): Mermaid of thousands of elements is unreadable and megabytes long.
    public static let mcpGraphElements = 300

    /// Seconds between two looks of `wp mcp` at the workspace, to notify its client of
    /// files changed on disk; every tool call and resource read looks first anyway.
    public static let mcpWatchInterval: TimeInterval = 1

    /// Bytes a streamed result (``FileDescriptorSink``) holds before it writes them out: large
    /// enough that a big document costs few `write(2)` calls, small enough that memory does
    /// not grow with the document. A JSON output that fails to encode within its first this
    /// many bytes has printed nothing (see ``JSONOutput/stream(_:to:)``).
    public static let outputBufferBytes = 64 * 1024
}
