/// A mention of another workplan, task, decision or gate, where it was written.
public struct Reference: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the reference comes from; rules treat declared and prose references differently.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// A task's or workplan's `depends_on` list.
        case dependsOn = "depends_on"
        /// A decision's `blocks` list.
        case blocks
        /// A gate's `requires` list.
        case requires
        /// An ID mentioned in prose.
        case prose
    }

    /// The reference exactly as written (`railiance-platform:RAILIANCE-WP-0003`, `T04`).
    public var text: String
    /// The repo it is qualified with, if any.
    public var repo: String?
    /// The target id without the repo qualifier.
    public var id: String
    public var kind: Kind
    public var location: SourceLocation
    /// For prose: the sentence says the surrounding task is blocked on / waits for this id.
    public var claimsBlocking: Bool

    public init(text: String, repo: String?, id: String, kind: Kind, location: SourceLocation, claimsBlocking: Bool = false) {
        self.text = text
        self.repo = repo
        self.id = id
        self.kind = kind
        self.location = location
        self.claimsBlocking = claimsBlocking
    }

    /// Parses `repo:ID` or `ID` as written in a YAML list.
    ///
    /// A text longer than ``Limits/maximumReferenceLength`` is no id: it is kept cut, with `…`
    /// (so it resolves to nothing and is reported), and never scanned whole. YAML aliases can
    /// repeat one long value thousands of times, and every reference is scanned several times.
    public init(parsing text: String, kind: Kind, location: SourceLocation) {
        if let cut = text.index(text.startIndex, offsetBy: Limits.maximumReferenceLength, limitedBy: text.endIndex), cut < text.endIndex {
            let shown = String(text[..<cut]) + "…"
            self.init(text: shown, repo: nil, id: shown, kind: kind, location: location)
            return
        }
        let trimmed = text.trimmingWhitespace()
        if let colon = trimmed.firstIndex(of: ":") {
            let repo = String(trimmed[..<colon]).trimmingWhitespace()
            let id = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
            self.init(text: trimmed, repo: repo.isEmpty ? nil : repo, id: id, kind: kind, location: location)
        } else {
            self.init(text: trimmed, repo: nil, id: trimmed, kind: kind, location: location)
        }
    }

    public var description: String { text }
}

/// The shape of workplan and item identifiers.
///
/// A workplan id is `PREFIX-WP-DIGITS` (`RAILIANCE-WP-0003`, `RAIL-AP-WP-0001`);
/// an item id appends `-LETTERS DIGITS` (`RAILIANCE-WP-0003-T05`, `…-D01`).
/// Inside one workplan an item may be named by its short form (`T05`, `D-01`).
public enum IDGrammar {
    /// True for `PREFIX-WP-0003`.
    public static func isWorkplanID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let end = scanWorkplanID(bytes, from: 0) else { return false }
        return end == bytes.count
    }

    /// The workplan part of an item id (`RAILIANCE-WP-0002` for `RAILIANCE-WP-0002-T04`).
    public static func workplanID(ofItem id: String) -> String? {
        let bytes = Array(id.utf8)
        guard let end = scanWorkplanID(bytes, from: 0), end < bytes.count else { return nil }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// `D-01` → `D01`, `T4` → `T4`: the canonical spelling of a short item id (1–3 capitals, digits), or nil.
    public static func canonicalShortID(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count, bytes[index].isUppercaseASCII { index += 1 }
        guard index >= 1, index <= 3 else { return nil }
        let letters = bytes[..<index]
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index].isDigitASCII { index += 1 }
        guard index > digitsStart, index == bytes.count else { return nil }
        return String(decoding: letters, as: UTF8.self) + String(decoding: bytes[digitsStart...], as: UTF8.self)
    }

    /// Scans a workplan id starting at `start`; returns the end offset or nil.
    static func scanWorkplanID(_ bytes: [UInt8], from start: Int) -> Int? {
        // PREFIX: [A-Z][A-Z0-9]* ( - [A-Z0-9]+ )*  then -WP- then digits.
        var index = start
        guard index < bytes.count, bytes[index].isUppercaseASCII else { return nil }
        while index < bytes.count {
            // Look for "-WP-" followed by a digit at this position.
            if index + 4 < bytes.count, bytes[index] == dash, bytes[index + 1] == UInt8(ascii: "W"),
               bytes[index + 2] == UInt8(ascii: "P"), bytes[index + 3] == dash, bytes[index + 4].isDigitASCII,
               index > start {
                var end = index + 4
                while end < bytes.count, bytes[end].isDigitASCII { end += 1 }
                return end
            }
            let byte = bytes[index]
            if byte.isUppercaseASCII || byte.isDigitASCII {
                index += 1
            } else if byte == dash, index + 1 < bytes.count, bytes[index + 1].isUppercaseASCII || bytes[index + 1].isDigitASCII {
                index += 1
            } else {
                return nil
            }
        }
        return nil
    }

    /// Scans `-T04` style item suffix at `start`; returns its end or nil.
    static func scanItemSuffix(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count, bytes[start] == dash else { return nil }
        var index = start + 1
        let lettersStart = index
        while index < bytes.count, bytes[index].isUppercaseASCII { index += 1 }
        guard index - lettersStart >= 1, index - lettersStart <= 3 else { return nil }
        let digitsStart = index
        while index < bytes.count, bytes[index].isDigitASCII { index += 1 }
        guard index > digitsStart else { return nil }
        if index < bytes.count, bytes[index].isWordASCII { return nil }
        return index
    }

    private static let dash = UInt8(ascii: "-")
}

extension UInt8 {
    var isUppercaseASCII: Bool { self >= 65 && self <= 90 }
    var isLowercaseASCII: Bool { self >= 97 && self <= 122 }
    var isDigitASCII: Bool { self >= 48 && self <= 57 }
    var isWordASCII: Bool { isUppercaseASCII || isLowercaseASCII || isDigitASCII || self == 95 }
    var isSpaceOrTab: Bool { self == 32 || self == 9 }
}

extension StringProtocol {
    /// The text without leading and trailing white space (Unicode's definition).
    func trimmingWhitespace() -> String {
        let text = Substring(self)
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.index(after: scalars.lastIndex(where: { !$0.properties.isWhitespace })!)
        return String(text[start..<end])
    }
}
