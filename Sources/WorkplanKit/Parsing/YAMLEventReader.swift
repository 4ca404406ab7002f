internal import CLibYAML

/// A position in a YAML text as libyaml counts it, made 1-based: the line, and
/// the column in Unicode scalars.
struct YAMLMark: Sendable, Hashable {
    var line: Int
    var column: Int
}

/// One event of libyaml's parser, copied out of C into Swift values.
struct YAMLEvent: Sendable {
    enum Kind: Sendable, Hashable {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias, scalar, sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    enum ScalarStyle: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    var kind: Kind
    /// The anchor a node defines (`&name`), or the one an alias (`*name`) refers to.
    var anchor: String?
    /// The tag as written, resolved against `%TAG` directives (`!x`, `tag:yaml.org,2002:str`).
    var tag: String?
    /// A scalar's style; `.plain` for every other event.
    var style: ScalarStyle
    /// Where the event starts.
    var mark: YAMLMark
}

/// Reads a YAML text as libyaml's stream of events, one ``next()`` at a time.
///
/// This is the only file that sees libyaml's C API: the parser and a copy of the
/// input live and die with the reader, and every event leaves as a ``YAMLEvent``
/// value. A scalar's text is copied only when asked for (``scalarText``): most
/// scalars are never looked at by a check, and copying each cost more than parsing.
///
/// Yams links its own copy of libyaml into the binary (its `CYaml` target,
/// statically); the executable's copy is the one every `yaml_*` call binds to,
/// so this reader and Yams' composer always see the same parser and the same
/// events. The header comes from `libyaml-dev` (0.2.5), whose declarations are
/// the ones of Yams' copy (0.2.5 plus `yaml_set_max_nest_level`); a test pins
/// the nesting limit only Yams' copy has, so a switch to another libyaml is noticed.
final class YAMLEventReader {
    /// Why libyaml stopped: its own words, and where.
    struct Failure: Error, Sendable, Hashable {
        enum Kind: Sendable, Hashable {
            /// The bytes are not text in the encoding (libyaml's reader).
            case reader
            /// A token could not be read (libyaml's scanner).
            case scanner
            /// The tokens do not form YAML (libyaml's parser).
            case parser
            /// libyaml ran out of memory.
            case memory
        }

        var kind: Kind
        var problem: String
        /// What libyaml was reading when it failed ("while parsing a block mapping").
        var context: String?
        var mark: YAMLMark
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    /// libyaml reads the input in place: a copy that lives as long as the parser.
    private let input: UnsafeMutableBufferPointer<UInt8>
    /// The event ``next()`` returned last, owned until the next call (its scalar text is read from it).
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var holdsEvent = false
    private var initialized = false
    private var ended = false

    init(_ text: String) {
        // At least one byte: libyaml asserts a non-null input even when it is empty.
        input = .allocate(capacity: Swift.max(1, text.utf8.count))
        _ = input.initialize(from: text.utf8)
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        initialized = yaml_parser_initialize(parser) == 1
        if initialized {
            yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(parser, input.baseAddress, text.utf8.count)
        }
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        if initialized { yaml_parser_delete(parser) }
        event.deallocate()
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or nil once the stream has ended.
    func next() throws(Failure) -> YAMLEvent? {
        guard initialized else {
            throw Failure(kind: .memory, problem: "out of memory", context: nil, mark: YAMLMark(line: 1, column: 1))
        }
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard !ended else { return nil }
        guard yaml_parser_parse(parser, event) == 1 else {
            ended = true
            throw Self.failure(parser.pointee)
        }
        holdsEvent = true
        let copied = Self.copy(event.pointee)
        if copied.kind == .streamEnd { ended = true }
        return copied
    }

    /// The text of the scalar ``next()`` returned last (empty for any other event).
    var scalarText: String {
        guard holdsEvent, event.pointee.type == YAML_SCALAR_EVENT, let value = event.pointee.data.scalar.value else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: Int(event.pointee.data.scalar.length)), as: UTF8.self)
    }

    private static func copy(_ event: yaml_event_t) -> YAMLEvent {
        let mark = YAMLMark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        var result = YAMLEvent(kind: .streamStart, anchor: nil, tag: nil, style: .plain, mark: mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            result.kind = .streamStart
        case YAML_STREAM_END_EVENT:
            result.kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT:
            result.kind = .documentStart
        case YAML_DOCUMENT_END_EVENT:
            result.kind = .documentEnd
        case YAML_ALIAS_EVENT:
            result.kind = .alias
            result.anchor = string(event.data.alias.anchor)
        case YAML_SCALAR_EVENT:
            result.kind = .scalar
            result.anchor = string(event.data.scalar.anchor)
            result.tag = string(event.data.scalar.tag)
            result.style = style(event.data.scalar.style)
        case YAML_SEQUENCE_START_EVENT:
            result.kind = .sequenceStart
            result.anchor = string(event.data.sequence_start.anchor)
            result.tag = string(event.data.sequence_start.tag)
        case YAML_SEQUENCE_END_EVENT:
            result.kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            result.kind = .mappingStart
            result.anchor = string(event.data.mapping_start.anchor)
            result.tag = string(event.data.mapping_start.tag)
        case YAML_MAPPING_END_EVENT:
            result.kind = .mappingEnd
        default:
            // YAML_NO_EVENT: libyaml only gives it after the stream ended.
            result.kind = .streamEnd
        }
        return result
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafePointer($0)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLEvent.ScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    private static func failure(_ parser: yaml_parser_t) -> Failure {
        let kind: Failure.Kind
        switch parser.error {
        case YAML_READER_ERROR: kind = .reader
        case YAML_SCANNER_ERROR: kind = .scanner
        case YAML_MEMORY_ERROR: kind = .memory
        default: kind = .parser
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { String(cString: $0) }
        let mark = YAMLMark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
        return Failure(kind: kind, problem: problem, context: context, mark: mark)
    }
}

/// The libyaml this process reads YAML with, as a file (``SharedLibrary/identity(containing:)``): part of
/// the parse cache's key, so an upgraded library never reads parses of the old one.
///
/// Named by the parser's entry point, which wp calls anyway: a function only libyaml's `api.c`
/// has (its version string) pulls that object out of a static `libyaml.a` in the self-contained
/// build, where Yams' bundled copy already defines the rest of it (a duplicate-symbol link error).
enum YAMLLibrary {
    static var identity: String {
        SharedLibrary.identity(
            containing: unsafeBitCast(yaml_parser_initialize as @convention(c) (UnsafeMutablePointer<yaml_parser_t>?) -> Int32, to: UnsafeRawPointer.self))
    }
}
