/// The candidate the user most likely meant by `value`, or nil when none is close.
///
/// A candidate is close when it has the same normalised form (case and
/// punctuation ignored, so `in-progress` finds `in_progress`), is at most two
/// edits away, or is the only candidate the value abbreviates (`warn` finds
/// `warning`). Ties go to the earliest candidate, so callers control the
/// preference by the order they pass.
///
/// Only the first ``Limits/suggestionCandidates`` candidates are compared: each finding may
/// ask, and a `.wp.yaml` listing 20,000 statuses made 300 findings cost 22 s.
public func suggestion(for value: String, among allCandidates: [String]) -> String? {
    guard !value.isEmpty else { return nil }
    let candidates = allCandidates.prefix(Limits.suggestionCandidates)
    let key = normalisedForSuggestion(value)
    if !key.isEmpty, let same = candidates.first(where: { $0 != value && normalisedForSuggestion($0) == key }) {
        return same
    }
    let lowered = Array(value.lowercased())
    var best: (candidate: String, distance: Int)?
    for candidate in candidates where candidate != value {
        let distance = editDistance(lowered, Array(candidate.lowercased()), limit: 2)
        // Replacing every letter of a short value is not a typo, it is a different word.
        guard distance <= 2, distance < lowered.count else { continue }
        if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
    }
    if let best { return best.candidate }
    // An abbreviation is only a safe guess when it cannot mean two things.
    guard key.count >= 3 else { return nil }
    let extensions = candidates.filter { normalisedForSuggestion($0).hasPrefix(key) }
    return extensions.count == 1 ? extensions.first : nil
}

/// Lower-case letters and digits only: `In-Progress`, `in_progress` and `inprogress` are one word.
func normalisedForSuggestion(_ text: String) -> String {
    String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) })
}

/// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
func editDistance(_ a: [Character], _ b: [Character], limit: Int = .max) -> Int {
    if abs(a.count - b.count) > limit { return limit == .max ? limit : limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMinimum = current[0]
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return previous[b.count]
}
