internal import CCmarkGFM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The block structure of a markdown document that wp needs, read with cmark-gfm.
///
/// This is the only place that sees cmark-gfm: it parses, copies out plain
/// Swift values with 1-based lines and Unicode-scalar columns, and frees the
/// tree. Nothing else in the library touches a C pointer.
struct MarkdownOutline: Sendable {
    struct Heading: Sendable, Hashable {
        var level: Int
        var text: String
        var line: Int
        var column: Int
    }

    struct CodeBlock: Sendable, Hashable {
        /// True for fenced blocks; indented blocks are never structured data.
        var isFenced: Bool
        /// The first word of the info string (`task`, `decision`, `gate`, `bash`).
        var language: String
        var literal: String
        /// Line and column of the opening fence.
        var line: Int
        var column: Int
        var endLine: Int
    }

    struct Paragraph: Sendable, Hashable {
        var line: Int
        var column: Int
        var endLine: Int
        /// Byte offset in the document where the paragraph's text starts.
        var startByte: Int
    }

    enum Block: Sendable, Hashable {
        case heading(Heading)
        case codeBlock(CodeBlock)
        case paragraph(Paragraph)
        /// Lines that are not prose (HTML blocks): references there are ignored.
        case opaque(startLine: Int, endLine: Int)
    }

    /// Blocks in document order, nested ones (in lists and quotes) included.
    var blocks: [Block]

    /// Markdown cmark-gfm would need too much time or memory for; nothing of it is read.
    struct TooComplex: Error, Sendable, Hashable {
        enum Reason: Sendable, Hashable {
            /// More than ``Limits/markdownBracketsPerParagraph`` `[` between two blank lines.
            case brackets
            /// More than ``Limits/markdownNodeBudget`` lines and inline marks in the file.
            case nodes
        }

        var reason: Reason
        /// Where the limit is passed (1-based line, Unicode-scalar column).
        var line: Int
        var column: Int

        /// What happened and what to do, for a diagnostic at ``line``:``column``.
        var message: String {
            switch reason {
            case .brackets:
                "more than \(Limits.markdownBracketsPerParagraph) `[` with no blank line between them; cmark-gfm would take "
                    + "quadratic time over them, so the file is not read: break the text up with blank lines"
            case .nodes:
                "more than \(Limits.markdownNodeBudget) lines and markdown marks by here; cmark-gfm would need "
                    + "gigabytes for them, so the file is not read: split it into smaller files"
            }
        }
    }

    /// Reads `source`, whose bytes are UTF-8 with LF line endings, unless it is too complex.
    ///
    /// GFM's extensions stay off: wp reads tasks, decisions and prose, not tables, and
    /// the table extension takes memory proportional to a header's cells times the rows
    /// below it (a 72 KB table needs gigabytes).
    static func read(_ source: SourceText) -> Result<MarkdownOutline, TooComplex> {
        if let excess = excess(in: source) { return .failure(excess) }
        return .success(MarkdownOutline(parsing: source))
    }

    /// Where `source` passes a limit on cmark-gfm's work, in one pass over its bytes.
    ///
    /// - Time: cmark-gfm 0.29.0.gfm.6 (the one Debian 12 ships) takes time quadratic in
    ///   the link and image openers of one paragraph (CVE-2023-22486; 160,000 `![[]()`
    ///   run for minutes). A paragraph or heading never spans a blank line, so bounding
    ///   the `[` between blank lines bounds that work by the limit times the file's size.
    /// - Memory: cmark keeps a node of about 200 bytes for every line of a paragraph and
    ///   about two for every mark that opens a node (`*`, `_`, `` ` ``, `[`, `]`, `!`, `<`,
    ///   `&`, `\`, and the block marks `-`, `+`, `>`, `#`, `=`, `~`, `.`, `)`): 8 MiB of
    ///   `- - - - - - - a` lines take 1.7 GB. Counting lines and marks bounds the tree.
    ///
    /// Both counts include code blocks and anything else cmark does not parse inline: an
    /// over-estimate, safe whatever cmark makes of the lines.
    static func excess(in source: SourceText) -> TooComplex? {
        source.bytes.withUnsafeBufferPointer { bytes -> TooComplex? in
            byteKinds.withUnsafeBufferPointer { kinds -> TooComplex? in
                guard let base = bytes.baseAddress else { return nil }
                var counts = Counts()
                var line = 1
                var lineStart = 0
                while lineStart < bytes.count {
                    let lineEnd = memchr(base + lineStart, 10, bytes.count - lineStart)
                        .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
                    // Whole lines at a time, without a branch per byte; only a line that passes a limit is walked again.
                    var marks = 0
                    var brackets = 0
                    var kindsSeen: UInt8 = 0
                    for index in lineStart..<lineEnd {
                        let kind = kinds[Int(bytes[index])]
                        marks &+= Int(kind & ByteKind.mark)
                        brackets &+= Int((kind & ByteKind.bracket) >> 1)
                        kindsSeen |= kind
                    }
                    let newline = lineEnd < bytes.count ? 1 : 0
                    if counts.brackets + brackets > Limits.markdownBracketsPerParagraph
                        || counts.nodes + marks + newline > Limits.markdownNodeBudget {
                        return counts.firstExcess(in: bytes, kinds: kinds, line: line, from: lineStart, to: lineEnd, source: source)
                    }
                    counts.brackets = kindsSeen & ByteKind.text == 0 ? 0 : counts.brackets + brackets
                    counts.nodes += marks + newline
                    line += 1
                    lineStart = lineEnd + 1
                }
                return nil
            }
        }
    }

    /// The `[` since the last blank line and the marks since the file's start.
    private struct Counts {
        var brackets = 0
        var nodes = 0

        /// Walks one line byte by byte to the one that passes a limit (the line's newline: the next line's start).
        func firstExcess(
            in bytes: UnsafeBufferPointer<UInt8>, kinds: UnsafeBufferPointer<UInt8>, line: Int, from start: Int, to end: Int,
            source: SourceText
        ) -> TooComplex {
            var counts = self
            for index in start..<end {
                let kind = kinds[Int(bytes[index])]
                counts.nodes += Int(kind & ByteKind.mark)
                counts.brackets += Int((kind & ByteKind.bracket) >> 1)
                let reason: TooComplex.Reason? = counts.brackets > Limits.markdownBracketsPerParagraph ? .brackets
                    : counts.nodes > Limits.markdownNodeBudget ? .nodes : nil
                if let reason {
                    return TooComplex(reason: reason, line: line, column: source.column(line: line, byteColumn: index - start + 1))
                }
            }
            return TooComplex(reason: .nodes, line: line + 1, column: 1)
        }
    }

    /// What each byte value counts for in ``excess(in:)``, as bits: a table, since the check reads every
    /// byte of every file.
    private enum ByteKind {
        /// Opens a cmark node (`[` included).
        static let mark: UInt8 = 1
        /// `[`.
        static let bracket: UInt8 = 2
        /// Anything but a space or a tab: the line is not blank.
        static let text: UInt8 = 4
    }

    private static let byteKinds: [UInt8] = {
        var kinds = [UInt8](repeating: ByteKind.text, count: 256)
        kinds[Int(UInt8(ascii: " "))] = 0
        kinds[Int(UInt8(ascii: "\t"))] = 0
        for mark in "*_`]!<&\\-+>#=~.)".utf8 { kinds[Int(mark)] = ByteKind.text | ByteKind.mark }
        kinds[Int(UInt8(ascii: "["))] = ByteKind.text | ByteKind.mark | ByteKind.bracket
        return kinds
    }()

    private init(parsing source: SourceText) {
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        source.bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        let document = cmark_parser_finish(parser)!
        defer { cmark_node_free(document) }

        var blocks: [Block] = []
        let iterator = cmark_iter_new(document)!
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let line = Int(cmark_node_get_start_line(node))
            let byteColumn = Int(cmark_node_get_start_column(node))
            // A node without a position (line 0, as extensions can make) is nothing wp can point at.
            guard line >= 1, line <= source.lineCount else { continue }
            let endLine = min(max(Int(cmark_node_get_end_line(node)), line), source.lineCount)
            switch type {
            case CMARK_NODE_HEADING:
                blocks.append(.heading(Heading(
                    level: Int(cmark_node_get_heading_level(node)),
                    text: Self.plainText(of: node),
                    line: line,
                    column: source.column(line: line, byteColumn: byteColumn))))
            case CMARK_NODE_CODE_BLOCK:
                var fenceLength: Int32 = 0
                var fenceOffset: Int32 = 0
                var fenceChar: CChar = 0
                let fenced = cmark_node_get_fenced(node, &fenceLength, &fenceOffset, &fenceChar) != 0
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" }).first.map(String.init) ?? ""
                blocks.append(.codeBlock(CodeBlock(
                    isFenced: fenced,
                    language: fenced ? language : "",
                    literal: cmark_node_get_literal(node).map { String(cString: $0) } ?? "",
                    line: line,
                    column: source.column(line: line, byteColumn: byteColumn),
                    endLine: endLine)))
            case CMARK_NODE_PARAGRAPH:
                let lineStart = source.byteRange(ofLine: line)
                blocks.append(.paragraph(Paragraph(
                    line: line, column: source.column(line: line, byteColumn: byteColumn), endLine: endLine,
                    startByte: min(lineStart.lowerBound + max(byteColumn - 1, 0), lineStart.upperBound))))
            case CMARK_NODE_HTML_BLOCK:
                blocks.append(.opaque(startLine: line, endLine: endLine))
            default:
                break
            }
        }
        self.blocks = blocks
    }

    /// The text of a heading without markup: text, code spans and line breaks.
    private static func plainText(of node: OpaquePointer) -> String {
        var result = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(current) { result += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                result += " "
            default:
                result += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return result
    }
}

extension MarkdownOutline {
    /// The cmark-gfm library this process parses with, as a file (``SharedLibrary/identity(containing:)``):
    /// part of the parse cache's key, so an upgraded library never reads parses of the old one.
    static var libraryIdentity: String {
        SharedLibrary.identity(containing: unsafeBitCast(cmark_version_string as @convention(c) () -> UnsafePointer<CChar>?, to: UnsafeRawPointer.self))
            + " " + String(cString: cmark_version_string())
    }
}
