import Yams

/// Reads a YAML snippet embedded in a markdown file into a ``YAMLValue``,
/// mapping every position back to the original file.
struct YAMLLoader: Sendable {
    /// Where the snippet's first line and column sit in the original file.
    var path: String
    var firstLine: Int
    /// Columns to add to every column reported inside the snippet (container indentation).
    var columnOffset: Int
    /// Per-line offsets (index 0 = the snippet's first line) where lines lost different
    /// amounts of indentation (cmark strips at most the fence's indent from each line).
    var lineOffsets: [Int] = []
    /// Levels of lists and mappings a document may nest (``Limits/yamlNestingDepth`` for every
    /// file wp reads); nil leaves it to libyaml's own limit of about 1,000.
    var maximumDepth: Int?
    /// Lines of the whole file when the snippet is part of one (a block, the front matter): a
    /// position past the snippet's last line that the file still has (the closing fence or
    /// `---`, where the reader sees the block end) stays there; nil for a file that is all YAML.
    var fileLineCount: Int?

    init(path: String, firstLine: Int, columnOffset: Int, lineOffsets: [Int] = [], maximumDepth: Int? = nil,
         fileLineCount: Int? = nil) {
        self.path = path
        self.firstLine = firstLine
        self.columnOffset = columnOffset
        self.lineOffsets = lineOffsets
        self.maximumDepth = maximumDepth
        self.fileLineCount = fileLineCount
    }

    /// Node count past which a document is refused: aliases can make a small
    /// file expand to billions of nodes ("billion laughs").
    static let nodeBudget = Limits.yamlNodeBudget

    enum Failure: Error, Sendable {
        case syntax(message: String, location: SourceLocation)
        case tooLarge(location: SourceLocation)
        /// Aliases add more nodes than ``Limits/yamlAliasNodesPerByte`` per byte of the text.
        case aliasHeavy(location: SourceLocation)
    }

    func load(_ text: String) -> Result<YAMLValue?, Failure> {
        var measured = self
        measured.extent = Extent(text)
        return measured.read(text)
    }

    /// The snippet's last line and its length: libyaml puts what it meets at the end of its
    /// input (an empty document, a missing value, an error) on the line after the last, which
    /// the file may not have (a block left open at the end of a file without a final newline).
    private struct Extent {
        var lines: Int
        var lastLineLength: Int

        init(_ text: String) {
            var lines = text.utf8.split(separator: 10, omittingEmptySubsequences: false)
            if lines.count > 1, lines.last?.isEmpty == true { lines.removeLast() }
            self.lines = lines.count
            lastLineLength = lines.last.map { line in line.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 } } ?? 0
        }
    }

    private var extent: Extent?

    private func read(_ text: String) -> Result<YAMLValue?, Failure> {
        // One pass over libyaml's events: the precheck refuses sizes, depths, key shapes and
        // repeated keys before the builder sees an event, and the builder makes wp's model.
        var builder = YAMLTreeBuilder(locate: location(of:))
        if let problem = YAMLPrecheck(budget: Self.nodeBudget, maximumDepth: maximumDepth).read(text, into: &builder) {
            return .failure(describe(problem))
        }
        return .success(builder.root)
    }

    private func location(line: Int, column: Int) -> SourceLocation {
        if let extent, line > extent.lines, firstLine + line - 1 > fileLineCount ?? firstLine + extent.lines - 1 {
            // Past the end of the file: the end of the snippet's last line, where the reader has to look anyway.
            return location(line: max(extent.lines, 1), column: extent.lastLineLength + 1)
        }
        let offset = line >= 1 && line <= lineOffsets.count ? lineOffsets[line - 1] : columnOffset
        // A column inside blanks cmark made of a tab can fall before the line's first column.
        return SourceLocation(path: path, line: firstLine + line - 1, column: max(1, column + offset))
    }

    /// YAML 1.1 core-schema type of a scalar. Quoted and block scalars are strings; a plain
    /// scalar can only be something else if its first character allows it, and only those go
    /// through Yams' default resolver (its regular expressions are costly).
    static func kind(of text: String, style: YAMLValue.Scalar.Style) -> YAMLValue.Scalar.Kind {
        guard style == .plain else { return .string }
        guard let first = text.utf8.first else { return .null }
        // A plain scalar starting with a letter is a bool or null word of YAML 1.1, or a string:
        // numbers and timestamps start with a digit, sign or dot. Only those reach the regexes.
        if first.isUppercaseASCII || first.isLowercaseASCII {
            if boolWords.contains(text) { return .bool }
            if nullWords.contains(text) { return .null }
            return .string
        }
        return kind(of: Node(text, Tag(.implicit), .plain))
    }

    /// The words YAML 1.1's bool and null rules match (the same lists as Yams' default resolver).
    static let boolWords: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF",
    ]
    static let nullWords: Set<String> = ["null", "Null", "NULL"]

    private static func kind(of node: Node) -> YAMLValue.Scalar.Kind {
        switch Resolver.default.resolveTag(of: node).rawValue {
        case Tag.Name.int.rawValue: .int
        case Tag.Name.float.rawValue: .float
        case Tag.Name.bool.rawValue: .bool
        case Tag.Name.null.rawValue: .null
        case Tag.Name.timestamp.rawValue: .timestamp
        default: .string
        }
    }

    static func style(_ style: YAMLEvent.ScalarStyle) -> YAMLValue.Scalar.Style {
        switch style {
        case .singleQuoted: .singleQuoted
        case .doubleQuoted: .doubleQuoted
        case .literal: .literal
        case .folded: .folded
        case .plain: .plain
        }
    }

    private func location(of mark: YAMLMark) -> SourceLocation {
        location(line: mark.line, column: mark.column)
    }

    private static func nonScalarKeyMessage(shape: String) -> String {
        "a mapping key must be a plain string, found a \(shape); write the key as text"
    }

    /// libyaml's own words for what it could not read, with wp's position.
    private func describe(_ problem: YAMLPrecheck.Problem) -> Failure {
        switch problem {
        case .tooLarge(let mark):
            return .tooLarge(location: location(of: mark))
        case .aliasHeavy(let mark):
            return .aliasHeavy(location: location(of: mark))
        case .tooDeep(let mark):
            return .syntax(
                message: "lists and mappings nest more than \(maximumDepth ?? 0) levels deep here (aliases count the levels they repeat); "
                    + "flatten the value",
                location: location(of: mark))
        case .nonScalarKey(let shape, let mark):
            return .syntax(message: Self.nonScalarKeyMessage(shape: shape), location: location(of: mark))
        case .duplicateKey(let key, let first, let again):
            let firstLocation = location(of: first)
            return .syntax(
                message: "duplicate key '\(Self.preview(key))' (first at line \(firstLocation.line), column \(firstLocation.column)); "
                    + "a key may appear once per mapping, whatever its tag, anchor or quotes",
                location: location(of: again))
        case .undefinedAlias(let mark):
            return .syntax(message: "invalid YAML: found undefined alias", location: location(of: mark))
        case .anotherDocument(let mark):
            return .syntax(
                message: "invalid YAML: a second document starts here (a line of `---` or `...`); "
                    + "one block holds one document: remove the line or indent it into a value",
                location: location(of: mark))
        case .syntax(let failure):
            switch failure.kind {
            case .reader, .memory:
                return .syntax(message: "invalid YAML: \(failure.problem)", location: location(line: 1, column: 1))
            case .scanner, .parser:
                let detail = failure.context.map { "\(failure.problem) \($0)" } ?? failure.problem
                return .syntax(message: "invalid YAML: \(detail)", location: location(of: failure.mark))
            }
        }
    }

    /// A key as a message shows it: long keys are cut, so one message stays one line's worth.
    private static func preview(_ key: String) -> String {
        let limit = Limits.keyPreviewLength
        guard key.unicodeScalars.count > limit else { return key }
        return String(String.UnicodeScalarView(key.unicodeScalars.prefix(limit))) + "…"
    }
}
