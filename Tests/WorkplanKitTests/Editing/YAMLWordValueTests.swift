import Testing
@testable import WorkplanKit

/// Found in review: `wp new workplan --title y` was refused ("'title' must be a string, found
/// boolean"): the writer left `y` plain because Yams' resolver reads it as text, and wp's reader
/// (YAML 1.1's words) reads it as a boolean. Every such word is now written quoted.
@Suite("Edits: YAML 1.1 words are written so wp reads them back as text")
struct YAMLWordValueTests {
    @Test("each bool or null word round-trips as a string", arguments: Array(YAMLLoader.boolWords.union(YAMLLoader.nullWords)).sorted())
    func wordRoundTrips(_ word: String) throws {
        let written = ScalarWriter.render(word, style: .plain, inFlow: false, kind: .string)
        #expect(written != word, "\(word) must not be written plain")
        let loaded = try YAMLLoader(path: "x.yaml", firstLine: 1, columnOffset: 0).load("title: \(written)\n").get()
        guard case .scalar(let scalar)? = loaded?["title"] else {
            Issue.record("no scalar for \(written)")
            return
        }
        #expect(scalar.text == word)
        #expect(scalar.kind == .string, "\(written) reads back as \(scalar.kind)")
    }

    @Test("an ordinary word stays plain")
    func ordinaryWordStaysPlain() {
        #expect(ScalarWriter.render("yy", style: .plain, inFlow: false, kind: .string) == "yy")
    }
}
