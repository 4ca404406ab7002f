/// The prose forms teams write decisions and criteria in:
///
///     **Decision D-01 — cnpg target for `vergabe_db`** (pending; required before T04):
///     …
///     **Resolution (2026-05-18, bernd):** Option D. …
///     **Done when:** the image is fetchable …
enum ProseDecision {
    struct Resolution {
        var text: String
        var date: String?
        var by: String?
    }

    /// A `**Decision ID — title** (status; required before T04)` paragraph; `undecided` is
    /// its status when the parentheses name none.
    static func parseDecision(_ paragraph: String, location: SourceLocation, workplanID: String, undecided: Status) -> Decision? {
        guard let afterMarker = dropEmphasisPrefix(paragraph), afterMarker.hasPrefix("Decision ") else { return nil }
        let rest = afterMarker.dropFirst("Decision ".count)
        let token = rest.prefix { !$0.isWhitespace && $0 != "*" && $0 != ":" && $0 != "_" }
        guard let short = IDGrammar.canonicalShortID(String(token)) else { return nil }
        var remainder = rest.dropFirst(token.count)
        // Title: after a dash or colon, up to the closing emphasis.
        remainder = remainder.drop { $0.isWhitespace || $0 == "—" || $0 == "–" || $0 == "-" || $0 == ":" }
        let closing = remainder.range(of: "**") ?? remainder.range(of: "__")
        let title = closing.map { String(remainder[..<$0.lowerBound]) } ?? String(remainder.prefix { $0 != "\n" })
        var status = undecided
        var blocks: [Reference] = []
        if let closing {
            let tail = remainder[closing.upperBound...].drop { $0.isWhitespace }
            if tail.hasPrefix("("), let end = tail.firstIndex(of: ")") {
                let clauses = tail[tail.index(after: tail.startIndex)..<end].split(separator: ";")
                if let first = clauses.first,
                   let word = first.split(whereSeparator: { $0.isWhitespace || $0 == "," }).first {
                    status = Status(String(word).lowercased())
                }
                for clause in clauses.dropFirst() {
                    for word in clause.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "`" || $0 == "*" }) {
                        let candidate = String(word)
                        if IDGrammar.canonicalShortID(candidate) != nil || IDGrammar.workplanID(ofItem: candidate) != nil
                            || IDGrammar.isWorkplanID(candidate) {
                            blocks.append(Reference(parsing: candidate, kind: .blocks, location: location))
                        }
                    }
                }
            }
        }
        return Decision(
            id: workplanID.isEmpty ? short : "\(workplanID)-\(short)",
            title: strip(title),
            status: status,
            blocks: blocks,
            form: .prose,
            location: location)
    }

    /// A `**Resolution (date, who):** text` paragraph.
    static func parseResolution(_ paragraph: String, location: SourceLocation) -> Resolution? {
        guard let afterMarker = dropEmphasisPrefix(paragraph), afterMarker.hasPrefix("Resolution") else { return nil }
        var rest = afterMarker.dropFirst("Resolution".count).drop { $0 == " " }
        var date: String?
        var by: String?
        if rest.hasPrefix("("), let end = rest.firstIndex(of: ")") {
            let parts = rest[rest.index(after: rest.startIndex)..<end].split(separator: ",").map { strip(String($0)) }
            date = parts.first
            by = parts.count > 1 ? parts[1] : nil
            rest = rest[rest.index(after: end)...]
        }
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let text = rest[rest.index(after: colon)...].drop { $0 == "*" || $0 == "_" || $0.isWhitespace }
        return Resolution(text: collapse(String(text)), date: date, by: by)
    }

    /// The text after a `**Label:**` (or `Label:`) opening, whitespace collapsed.
    static func labelledText(_ paragraph: String, label: String) -> String? {
        let opening = dropEmphasisPrefix(paragraph) ?? Substring(paragraph)
        guard opening.hasPrefix(label) else { return nil }
        let rest = opening.dropFirst(label.count).drop { $0 == "*" || $0 == "_" || $0 == " " }
        guard rest.hasPrefix(":") else { return nil }
        return collapse(String(rest.dropFirst().drop { $0 == "*" || $0 == "_" || $0.isWhitespace }))
    }

    private static func dropEmphasisPrefix(_ text: String) -> Substring? {
        if text.hasPrefix("**") || text.hasPrefix("__") { return text.dropFirst(2) }
        return nil
    }

    private static func strip(_ text: String) -> String {
        text.trimmingWhitespace()
    }

    /// Runs of spaces, tabs and line breaks become one space; leading and trailing ones go.
    private static func collapse(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == 32 || byte == 9 || byte == 10 || byte == 13 {
                pendingSpace = !bytes.isEmpty
            } else {
                if pendingSpace { bytes.append(32) }
                pendingSpace = false
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
