internal import CCmarkGFM

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

    /// Parses `source`, whose bytes are UTF-8 with LF line endings.
    init(source: SourceText) {
        Self.registerExtensions
        let parser = cmark_parser_new(CMARK_OPT_DEFAULT)!
        defer { cmark_parser_free(parser) }
        if let table = cmark_find_syntax_extension("table") {
            cmark_parser_attach_syntax_extension(parser, table)
        }
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
            // The table extension can leave synthetic nodes without a position (line 0): not prose we can point at.
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

    /// cmark-gfm keeps its extension registry in process-wide state; a Swift
    /// `static let` runs the registration exactly once, thread-safely.
    private static let registerExtensions: Void = {
        cmark_gfm_core_extensions_ensure_registered()
    }()

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
