/// Every format wp writes a result in.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    case text, json, markdown, html, mermaid, dot, github, sarif
}

/// What rendering needs besides the view itself.
public struct RenderContext: Sendable {
    /// Colours for text output (only ever wp's own, never taken from a file).
    public var style: TerminalStyle

    public init(style: TerminalStyle = .plain) {
        self.style = style
    }
}

/// A result could not be rendered or written; wp exits 2.
public enum RenderError: Error, Sendable, CustomStringConvertible {
    /// JSON that cannot be encoded (see ``JSONOutput``; whether anything was printed is in the error).
    case json(JSONOutputError)
    /// The view has no such format (the command line should have refused it).
    case unsupported(OutputFormat, supported: [OutputFormat])
    /// The sink of a streamed rendering could not write (``OutputView/render(_:in:to:)``).
    case output(OutputWriteError)

    public var description: String {
        switch self {
        case .json(let error): error.description
        case .output(let error): error.description
        case .unsupported(let format, let supported):
            "error: no \(format.rawValue) output here; use one of \(supported.map(\.rawValue).joined(separator: ", "))"
        }
    }
}

/// A result wp shows — status, lint findings, gates, ready, show, impact,
/// graph, report — rendered to each of its formats through this one entry
/// point, from the same values.
///
/// Every format escapes what came from a file (``Swift/String/terminalSafe``
/// and the escapers built on it); JSON goes through ``JSONOutput``.
public protocol OutputView: Sendable {
    /// The formats this view renders, the default first.
    static var formats: [OutputFormat] { get }
    /// The view in `format`, ending in a newline when not empty.
    func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String
    /// The same bytes as ``render(_:in:)``, written to `sink` as they are produced (the sink
    /// is not flushed). The default renders the string and writes it; the views whose JSON
    /// grows with the workspace stream it (``JSONOutput/stream(_:to:)``).
    func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError)
}

/// A view whose JSON grows with the workspace: it describes its document as
/// ``StreamedJSON`` (the large arrays element by element), and its JSON is written as it
/// is produced (``JSONOutput/stream(_:to:)``); its other formats are written whole.
///
/// Each such view implements ``OutputView/render(_:in:to:)`` as a call of
/// ``renderStreamingJSON(_:in:to:)``: a default in this extension would not be chosen over
/// ``OutputView``'s own (`StreamedJSONTests.largeViewsStream` counts the writes).
public protocol JSONStreamingView: OutputView {
    var streamedJSON: StreamedJSON { get }
}

extension JSONStreamingView {
    public func renderStreamingJSON(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        guard format == .json else { return try writeWhole(format, in: context, to: &sink) }
        try JSONOutput.stream(streamedJSON, to: &sink)
    }
}

extension OutputView {
    /// The default format: the first of ``formats``.
    public static var defaultFormat: OutputFormat { formats[0] }

    public func render(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        try writeWhole(format, in: context, to: &sink)
    }

    /// ``render(_:in:)``'s string written to `sink`: the formats a view does not stream.
    public func writeWhole(_ format: OutputFormat, in context: RenderContext, to sink: inout some OutputSink) throws(RenderError) {
        let text = try render(format, in: context)
        do {
            try sink.write(text)
        } catch {
            throw .output(error)
        }
    }

    /// `self` as JSON through the one encoder.
    func json(_ value: some Encodable) throws(RenderError) -> String {
        do {
            return try JSONOutput.encode(value)
        } catch {
            throw .json(error)
        }
    }

    /// A streamed document as one string: the same writer, collected (one way to each view's JSON).
    func json(_ document: StreamedJSON) throws(RenderError) -> String {
        do {
            return try JSONOutput.encode(document)
        } catch {
            throw .json(error)
        }
    }

    /// The error for a format this view does not render.
    func unsupported(_ format: OutputFormat) -> RenderError {
        .unsupported(format, supported: Self.formats)
    }
}

/// A view shown as text on a terminal and as its `Codable` form in JSON
/// (`wp ready`, `wp show`, `wp impact`).
public protocol TextOrJSONView: OutputView, Encodable {
    /// The text form; `style` colours wp's own words, never a file's.
    func renderText(style: TerminalStyle) -> String
}

extension TextOrJSONView {
    public static var formats: [OutputFormat] { [.text, .json] }

    public func render(_ format: OutputFormat, in context: RenderContext) throws(RenderError) -> String {
        switch format {
        case .text: renderText(style: context.style)
        case .json: try json(self)
        default: throw unsupported(format)
        }
    }
}
