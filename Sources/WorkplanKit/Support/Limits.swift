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

    /// YAML nodes per document (front matter, one block, `.wp.yaml`), keys and
    /// alias expansions included: aliases can make a small file expand to
    /// billions of nodes ("billion laughs").
    public static let yamlNodeBudget = 100_000

    /// Characters of a YAML key quoted in a message (a duplicate key): a key can be
    /// megabytes long, a message should stay one line.
    public static let keyPreviewLength = 80

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

    /// Seconds a `git clone`/`fetch` of a peer may take before its whole process group is killed.
    public static let gitNetworkTimeout: TimeInterval = 120

    /// Seconds a local `git` query (config, show, ls-tree) may take.
    public static let gitLocalTimeout: TimeInterval = 10

    /// Seconds Graphviz (`dot`) may take to lay out a report's graph.
    public static let graphvizTimeout: TimeInterval = 60
}
