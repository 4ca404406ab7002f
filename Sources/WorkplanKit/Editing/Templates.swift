import Foundation

/// The templates `wp new` fills in, built in or from the repo's `.wp/templates/`.
public struct Template: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case workplan, task
    }

    /// Where a repo overrides the built-in template: `.wp/templates/<kind>.md`.
    public static func overridePath(_ kind: Kind) -> String { ".wp/templates/\(kind.rawValue).md" }

    /// Placeholders every template may use.
    public static let placeholders = ["id", "title", "repo", "today", "status", "short_id", "workplan"]

    public var kind: Kind
    public var text: String
    /// `built-in` or the file it was read from (relative to the repo root).
    public var source: String

    public init(kind: Kind, text: String, source: String) {
        self.kind = kind
        self.text = text
        self.source = source
    }

    /// The built-in template (the same text as `templates/<kind>.md` in wp's repository).
    public static func builtIn(_ kind: Kind) -> Template {
        Template(kind: kind, text: kind == .workplan ? DefaultTemplates.workplan : DefaultTemplates.task, source: "built-in")
    }

    /// The repo's override when it has one, else the built-in template.
    ///
    /// The override is the repo's own file: a link that leads outside the repo is refused unless
    /// `allowsOutside` (`.wp.yaml`'s `allow_outside_paths: true`), or a pull request could make
    /// `wp new` copy any file the user can read (`~/.ssh/…`) into a new workplan.
    public static func load(_ kind: Kind, repoRoot: String, allowsOutside: Bool = false) throws(EditError) -> Template {
        let relative = overridePath(kind)
        let path = repoRoot + "/" + relative
        guard FileManager.default.fileExists(atPath: path) else { return builtIn(kind) }
        if !allowsOutside, let real = realPath(path), let realRoot = realPath(repoRoot),
           realRoot != "/", !real.hasPrefix(realRoot + "/") {
            throw EditError.refused(.templateOutsideRepo(kind: kind.rawValue, path: relative, target: real),
                                    at: SourceLocation(path: relative, line: 1, column: 1))
        }
        switch WorkspaceLoader.readFile(path, display: relative) {
        case .success(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw EditError.failed(.templateNotUTF8, at: SourceLocation(path: relative, line: 1, column: 1))
            }
            return Template(kind: kind, text: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, source: relative)
        case .failure(let diagnostic):
            throw EditError.failed(.unreadable(diagnostic))
        }
    }

    /// Fills in `{{name}}` placeholders.
    ///
    /// In the front matter and in fenced blocks, a placeholder that is a
    /// field's whole value is written as a YAML scalar (quoted when the text
    /// needs it), one inside `"…"` or `'…'` is escaped for those quotes;
    /// elsewhere the text goes in as it is.
    public func render(_ values: [String: String]) throws(EditError) -> String {
        // Swift reads CRLF as one Character: work on LF lines, give the template's line ending back.
        let crlf = text.contains("\r\n")
        let text = crlf ? self.text.replacingOccurrences(of: "\r\n", with: "\n") : self.text
        var output: [String] = []
        var inFrontMatter = false
        var fence: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingWhitespace()
            var yaml = inFrontMatter || fence != nil
            if index == 0, trimmed == "---" {
                inFrontMatter = true
                yaml = false
            } else if inFrontMatter, trimmed == "---" || trimmed == "..." {
                inFrontMatter = false
                yaml = false
            } else if let open = fence {
                if trimmed.hasPrefix(open), trimmed.allSatisfy({ $0 == open.first }) {
                    fence = nil
                    yaml = false
                }
            } else if let marker = Self.fenceMarker(trimmed) {
                fence = marker
            }
            output.append(try substitute(line, values: values, yaml: yaml, lineNumber: index + 1))
        }
        let rendered = output.joined(separator: "\n")
        return crlf ? rendered.replacingOccurrences(of: "\n", with: "\r\n") : rendered
    }

    private func substitute(_ line: String, values: [String: String], yaml: Bool, lineNumber: Int) throws(EditError) -> String {
        var result = ""
        var rest = Substring(line)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound]).trimmingWhitespace()
            guard let value = values[name] else {
                throw EditError.failed(
                    .unknownPlaceholder(name: name, kind: kind.rawValue, known: Self.placeholders),
                    at: SourceLocation(path: source, line: lineNumber, column: line.distance(from: line.startIndex, to: open.lowerBound) + 1))
            }
            let before = rest[..<open.lowerBound]
            let after = rest[close.upperBound...]
            result += before
            if !yaml {
                result += value
            } else {
                switch Self.quoteState(result) {
                case .double:
                    result += ScalarWriter.doubleQuoted(value).dropFirst().dropLast()
                case .single:
                    result += value.replacingOccurrences(of: "'", with: "''")
                case .none:
                    let whole = (result.trimmingWhitespace().hasSuffix(":") || result.trimmingWhitespace().hasSuffix("-"))
                        && (after.trimmingWhitespace().isEmpty || after.trimmingWhitespace().hasPrefix("#"))
                    result += whole ? ScalarWriter.render(value, style: .plain, inFlow: false, kind: .string) : value
                }
            }
            rest = after
        }
        return result + rest
    }

    private enum QuoteState { case none, single, double }

    /// Whether the end of `text` (one YAML line so far) is inside a quoted scalar.
    private static func quoteState(_ text: String) -> QuoteState {
        let characters = Array(text)
        var state = QuoteState.none
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let previous: Character = index > 0 ? characters[index - 1] : " "
            switch state {
            case .none:
                // A quote opens a scalar only where a value starts, not inside `it's`.
                if " :[,-".contains(previous) {
                    if character == "\"" { state = .double } else if character == "'" { state = .single }
                }
            case .double:
                if character == "\\" {
                    index += 1
                } else if character == "\"" {
                    state = .none
                }
            case .single:
                if character == "'" {
                    if index + 1 < characters.count, characters[index + 1] == "'" { index += 1 } else { state = .none }
                }
            }
            index += 1
        }
        return state
    }

    /// The fence (```` ``` ```` or `~~~`, any length) opening a task, decision or gate block.
    private static func fenceMarker(_ line: String) -> String? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let marker = String(line.prefix { $0 == first })
        guard marker.count >= 3 else { return nil }
        let info = line.dropFirst(marker.count).trimmingWhitespace()
        let word = info.prefix { !$0.isWhitespace && $0 != "{" }
        return ["task", "decision", "gate"].contains(String(word)) ? marker : nil
    }
}

/// The built-in templates; `templates/` in wp's repository holds the same text
/// (a test keeps the two equal).
public enum DefaultTemplates {
    public static let workplan = """
        ---
        id: {{id}}
        type: workplan
        title: {{title}}
        repo: {{repo}}
        status: {{status}}
        created: "{{today}}"
        updated: "{{today}}"
        ---

        # {{title}}

        ## Tasks

        """

    public static let task = """
        ### {{short_id}} — {{title}}

        ```task
        id: {{id}}
        status: {{status}}
        ```

        **Done when:** (say what proves this task done)

        """
}
