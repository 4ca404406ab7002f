/// Values from files as messages quote them: bounded, so one message stays a line's worth
/// however long the value (YAML aliases repeat one long value in many places), and a lint
/// run's output stays a small multiple of its input.
extension String {
    /// At most ``Limits/quotedValueLength`` characters, then `…`.
    public var quotedForMessage: String {
        guard let cut = index(startIndex, offsetBy: Limits.quotedValueLength, limitedBy: endIndex), cut < endIndex else { return self }
        return String(self[..<cut]) + "…"
    }

    /// A whole message, or one note: at most ``Limits/messageLength`` characters, then `…`.
    var boundedMessage: String {
        guard let cut = index(startIndex, offsetBy: Limits.messageLength, limitedBy: endIndex), cut < endIndex else { return self }
        return String(self[..<cut]) + "…"
    }
}

extension Array where Element == String {
    /// `a, b, c`; past ``Limits/valuesListedInMessage`` items, the first ones and `… N more`.
    /// Each item is quoted as ``Swift/String/quotedForMessage``.
    public var listedForMessage: String {
        let shown = prefix(Limits.valuesListedInMessage).map(\.quotedForMessage)
        let more = count - shown.count
        return shown.joined(separator: ", ") + (more > 0 ? ", … \(more) more" : "")
    }
}
