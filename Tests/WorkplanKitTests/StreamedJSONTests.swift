import Foundation
import Testing
@testable import WorkplanKit

/// JSON written as it is produced (``JSONOutput/stream(_:to:)``): the same bytes as the whole
/// encoding, for every streamed view, on real workspaces and hostile text; and what a failure
/// midway leaves behind.
@Suite("Streamed JSON")
struct StreamedJSONTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A text that a terminal or a CI runner would act on: C0 and C1 controls, DEL, line and
    /// paragraph separators, bidi controls, legacy workflow command openers, quotes, non-ASCII.
    static let hostile = "t\u{7F}\u{85}\u{9B}\u{2028}\u{2029}\u{202E}\u{2066}\u{200E}\u{061C} ##[error]x ##vso[y] #1 ## [z] \u{1B}[2J\u{07}\r\n::error::q \"é\" \\ 🚀 /path"

    // MARK: Helpers

    /// `view` in `format` streamed into memory, into a file through a small buffer (many real
    /// `write(2)` calls, each cut between elements), and as ``OutputView/render(_:in:)``'s string.
    static func streamedForms(_ view: some OutputView, _ format: OutputFormat) throws -> [(how: String, bytes: [UInt8])] {
        var collected = CollectingSink()
        try view.render(format, in: RenderContext(), to: &collected)
        let directory = try TemporaryDirectory("streamed-json")
        let path = directory.absolute("out.json")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        var file = FileDescriptorSink(descriptor: descriptor, name: "out.json", capacity: 1_000)
        try view.render(format, in: RenderContext(), to: &file)
        try file.flush()
        close(descriptor)
        let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return [("collected", collected.bytes), ("file", written), ("string", Array(try view.render(format, in: RenderContext()).utf8))]
    }

    /// Every streamed form of `view` in `format` is exactly `expected`.
    static func expectIdentical(_ view: some OutputView, _ format: OutputFormat, _ expected: String, _ what: String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        #expect(expected.hasSuffix("}\n"), "\(what): a whole document", sourceLocation: sourceLocation)
        for (how, bytes) in try streamedForms(view, format) {
            #expect(bytes == Array(expected.utf8), "\(what), \(how): \(bytes.count) bytes, \(expected.utf8.count) expected", sourceLocation: sourceLocation)
        }
    }

    /// Every JSON a workspace's large views write, streamed, against the whole encoding of the same value.
    static func expectStreamedViewsIdentical(_ session: WorkspaceSession, _ what: String) throws {
        for filter in [StatusFilter(), StatusFilter(onlyBlocked: true), StatusFilter(onlyOpen: true)] {
            let status = StatusReport(analysis: session.analysis, filter: filter)
            try expectIdentical(status, .json, try JSONOutput.encode(status), "\(what): status \(filter)")
        }
        let status = StatusReport(analysis: session.analysis)
        for ready in [ReadyList(index: session.index), ReadyList(index: session.index, scope: .all, includeStarted: true)] {
            try expectIdentical(ready, .json, try JSONOutput.encode(ready), "\(what): ready \(ready.scope)")
        }
        let report = WorkspaceReport(index: session.index)
        try expectIdentical(report, .json, try JSONOutput.encode(report), "\(what): report")
        let lint = LintReport(try session.lint())
        let entries = JSONReporter.Output(diagnostics: lint.diagnostics.sorted().map(JSONReporter.Entry.init), summary: lint.summary)
        try expectIdentical(lint, .json, try JSONOutput.encode(entries), "\(what): lint json")
        let sarif = SARIFReporter(rules: RuleRegistry.descriptions).log(lint.diagnostics)
        try expectIdentical(lint, .sarif, try JSONOutput.encode(sarif), "\(what): lint sarif")
        // The formats that are not streamed write their string unchanged.
        for (view, format) in [(status as any OutputView, OutputFormat.text), (status, .markdown), (report, .markdown), (lint, .text), (lint, .github)] {
            var sink = CollectingSink()
            try view.render(format, in: RenderContext(), to: &sink)
            #expect(sink.text == (try view.render(format, in: RenderContext())), "\(what): \(format)")
        }
    }

    /// Counts the writes a render makes: a streamed document arrives in many, a whole one in one.
    struct CountingSink: OutputSink {
        var writes = 0
        mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError) { writes += 1 }
        mutating func flush() throws(OutputWriteError) {}
        mutating func discardPending() -> Bool { false }
    }

    static func session(_ path: String) throws -> WorkspaceSession {
        WorkspaceSession(try WorkspaceLoader(offline: true, environment: [:]).load(from: path), today: "2026-11-28")
    }

    @Test("status and report write JSON larger than a buffer in pieces as it is produced, their other formats in one piece")
    func largeViewsStream() throws {
        let directory = try Self.hostileWorkspace()
        let session = try Self.session(directory.path)
        // (Few tasks are ready here, one per chain: `ready`'s JSON is smaller than a buffer.)
        let views: [any OutputView] = [StatusReport(analysis: session.analysis), WorkspaceReport(index: session.index)]
        for view in views {
            #expect(try view.render(.json, in: RenderContext()).utf8.count > Limits.outputBufferBytes, "\(type(of: view)) is too small to tell")
            var json = CountingSink()
            try view.render(.json, in: RenderContext(), to: &json)
            #expect(json.writes > 1, "\(type(of: view)): JSON in \(json.writes) writes")
            let other = try #require(type(of: view).formats.first { $0 != .json })
            var whole = CountingSink()
            try view.render(other, in: RenderContext(), to: &whole)
            #expect(whole.writes == 1, "\(type(of: view)): \(other) in \(whole.writes) writes")
        }
    }

    // MARK: Byte-identical on real workspaces

    @Test("examples/: status, ready, report, lint (JSON and SARIF) streamed are byte-identical to the whole encoding",
          arguments: ["railiance-apps", "in-flight/railiance-apps"])
    func examplesAreByteIdentical(_ repo: String) throws {
        let session = try Self.session(Self.repositoryRoot.appendingPathComponent("examples/\(repo)").path)
        #expect(session.workspace.repos.flatMap(\.workplans).count >= 3)
        try Self.expectStreamedViewsIdentical(session, "examples/\(repo)")
    }

    @Test("the real corpus (both repos, the platform a peer): streamed views are byte-identical")
    func corpusIsByteIdentical() throws {
        let shared = "/work/shared/corpus"
        let source = FileManager.default.fileExists(atPath: shared) ? shared : Fixtures.corpus.path
        let directory = try TemporaryDirectory("streamed-json-corpus")
        for repo in ["railiance-apps", "railiance-platform"] {
            try FileManager.default.copyItem(atPath: source + "/" + repo, toPath: directory.absolute(repo))
        }
        _ = try directory.write("railiance-platform/.wp.yaml", "repo: railiance-platform\n")
        _ = try directory.write("railiance-apps/.wp.yaml", "repo: railiance-apps\npeers:\n  railiance-platform: {path: ../railiance-platform}\n")
        let session = try Self.session(directory.absolute("railiance-apps"))
        #expect(session.workspace.repos.count == 2)
        try Self.expectStreamedViewsIdentical(session, "corpus")
    }

    /// 40 workplans of 5 tasks whose titles carry every hostile character class: a status JSON of several buffers.
    static func hostileWorkspace() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory("streamed-json-hostile")
        _ = try directory.write(".wp.yaml", "repo: hostile\n")
        // YAML double-quoted escapes put the raw scalars into the titles.
        let title = #""t\x7F\N\x9B\L\P\u202E\u2066\u200E\u061C ##[error]x ##vso[y] \e[2J\a\r\n::error::q é 🚀""#
        for plan in 1...40 {
            let id = String(format: "HX-WP-%04d", plan)
            var text = "---\nid: \(id)\ntitle: \(title)\nstatus: active\n---\n\n"
            for task in 1...5 {
                let depends = task > 1 ? "depends_on: [\(id)-T0\(task - 1)]\n" : (plan > 1 ? "depends_on: [HX-WP-\(String(format: "%04d", plan - 1))-T05]\n" : "")
                text += "## T0\(task) — x\n\n```task\nid: \(id)-T0\(task)\ntitle: \(title)\nstatus: todo\n\(depends)```\n\n"
            }
            _ = try directory.write("workplans/\(id)-hostile.md", text)
        }
        return directory
    }

    @Test("hostile titles in real files (controls, U+2028, bidi, ##[): streamed views are byte-identical, and escaped")
    func hostileWorkspaceIsByteIdentical() throws {
        let directory = try Self.hostileWorkspace()
        let session = try Self.session(directory.path)
        let status = try JSONOutput.encode(StatusReport(analysis: session.analysis))
        #expect(status.utf8.count > 2 * Limits.outputBufferBytes, "many chunks: \(status.utf8.count) bytes")
        #expect(status.contains("#\\u0023[error]") && !status.contains("##[") && status.contains("\\u2028"))
        try Self.expectStreamedViewsIdentical(session, "hostile")
    }

    // MARK: The writer against the encoder

    struct Member: Encodable, Equatable {
        var name: String
        var tags: [String]
        var nested: [String: [Int]]
        var note: String?
    }

    struct Document: Encodable {
        var zeta: [Member]
        var alpha: String
        var empty: [Member]
        var Upper: [String: Int]
        var a10: Int
        var a9: [[String]]
        var runs: [Run]

        struct Run: Encodable {
            var results: [Member]
            var kind: String
        }
    }

    @Test("the writer lays out what the encoder would: key order, empty and nested containers, hostile keys and values")
    func writerMatchesTheEncoder() throws {
        let members = (0..<50).map { index in
            Member(name: Self.hostile + "\(index)", tags: index.isMultiple(of: 3) ? [] : [Self.hostile, "b"],
                   nested: index.isMultiple(of: 4) ? [:] : ["k\(index)": [index], "empty": []], note: index.isMultiple(of: 2) ? nil : Self.hostile)
        }
        let value = Document(zeta: members, alpha: Self.hostile, empty: [], Upper: [:], a10: 10, a9: [[], [Self.hostile]],
                             runs: [Document.Run(results: members, kind: "k"), Document.Run(results: [], kind: Self.hostile)])
        let streamed = StreamedJSON.object([
            "zeta": .array(value.zeta), "alpha": .encoded(value.alpha), "empty": .array(value.empty), "Upper": .object([:]),
            "a10": .encoded(value.a10), "a9": .array(streaming: [.array([String]()), .array([Self.hostile])]),
            "runs": .array(streaming: value.runs.map { run in .object(["results": .array(run.results), "kind": .encoded(run.kind)]) }),
        ])
        #expect(try JSONOutput.encode(streamed) == (try JSONOutput.encode(value)))

        // Keys that need escaping, and one a bidi control starts, are ordered and written as the encoder does.
        let keys = ["b", "\u{202E}k", "a\"q", "##[x", "\u{2028}", "é", "A", "_", "$schema", "a/b"]
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, [$0]) })
        let streamedKeys = StreamedJSON.object(Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, StreamedJSON.array([$0])) }))
        #expect(try JSONOutput.encode(streamedKeys) == (try JSONOutput.encode(dictionary)))

        // Top-level arrays, empty ones and leaves.
        #expect(try JSONOutput.encode(StreamedJSON.array([Int]())) == (try JSONOutput.encode([Int]())))
        #expect(try JSONOutput.encode(StreamedJSON.object([:])) == (try JSONOutput.encode([String: Int]())))
        #expect(try JSONOutput.encode(StreamedJSON.array(members)) == (try JSONOutput.encode(members)))
        #expect(try JSONOutput.encode(StreamedJSON.encoded(Self.hostile)) == (try JSONOutput.encode(Self.hostile)))
    }

    // MARK: Failure midway

    /// `document` streamed into a file through a real ``FileDescriptorSink`` of the default size.
    static func streamToFile(_ document: StreamedJSON) throws -> (error: RenderError?, written: [UInt8]) {
        let directory = try TemporaryDirectory("streamed-json-failure")
        let path = directory.absolute("out.json")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var sink = FileDescriptorSink(descriptor: descriptor, name: "out.json")
        var failure: RenderError?
        do {
            try JSONOutput.stream(document, to: &sink)
            try sink.flush()
        } catch let error as RenderError {
            failure = error
        }
        return (failure, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a value that cannot be encoded within the first buffer: nothing is printed, and the message says so")
    func earlyFailurePrintsNothing() throws {
        let elements: [StreamedJSON] = (0..<10).map { .encoded("entry \($0)") } + [.encoded(Double.nan)]
        let (error, written) = try Self.streamToFile(.object(["items": .array(streaming: elements)]))
        guard case .json(let failure) = error else {
            Issue.record("expected a JSON error, got \(String(describing: error))")
            return
        }
        #expect(written.isEmpty, "nothing printed: \(written.count) bytes")
        #expect(!failure.incomplete)
        #expect(failure.description.hasPrefix("error: cannot produce the JSON output") && failure.description.contains("nothing was printed"))
        // The string form (every view's render) throws the same promise, never a partial string.
        #expect(throws: JSONOutputError.self) { try JSONOutput.encode(StreamedJSON.array(streaming: elements)) }
    }

    @Test("a value that cannot be encoded after the first buffer went out: the output stops mid-document (not valid JSON) and the message says so")
    func lateFailureEndsMidDocument() throws {
        let line = String(repeating: "x", count: 200)
        let elements: [StreamedJSON] = (0..<1_000).map { .encoded("\($0) \(line)") } + [.encoded(Double.nan)] + [.encoded("after")]
        let (error, written) = try Self.streamToFile(.object(["items": .array(streaming: elements)]))
        guard case .json(let failure) = error else {
            Issue.record("expected a JSON error, got \(String(describing: error))")
            return
        }
        #expect(failure.incomplete)
        #expect(failure.description.contains("stops mid-document and is not valid JSON"))
        #expect(!failure.description.contains("nothing was printed"))
        #expect(written.count >= Limits.outputBufferBytes && written.count.isMultiple(of: Limits.outputBufferBytes),
                "whole buffers only, the pending rest dropped: \(written.count) bytes")
        let whole = try JSONOutput.encode(["items": (0..<1_000).map { "\($0) \(line)" }])
        #expect(Array(whole.utf8).starts(with: written), "a prefix of the document")
        #expect((try? JSONSerialization.jsonObject(with: Data(written))) == nil, "never taken for a whole answer")
    }

    @Test("wp report -o FILE: a document that fails after several buffers leaves the file as it was, and says nothing was printed")
    func replacedFileIsUntouchedByALateFailure() throws {
        let directory = try TemporaryDirectory("streamed-json-file")
        let path = try directory.write("report.json", "{ \"old\" : true }\n")
        let line = String(repeating: "x", count: 200)
        let elements: [StreamedJSON] = (0..<1_000).map { .encoded("\($0) \(line)") } + [.encoded(Double.nan)]
        var failure: RenderError?
        do {
            try OutputWriter.write(toFile: path) { sink throws(RenderError) in
                try JSONOutput.stream(.array(streaming: elements), to: &sink)
            }
        } catch {
            failure = error
        }
        guard case .json(let error) = failure else {
            Issue.record("expected a JSON error, got \(String(describing: failure))")
            return
        }
        #expect(!error.incomplete && error.description.contains("nothing was printed"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{ \"old\" : true }\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["report.json"], "no temporary file left")
        // And a document that encodes replaces it with the whole encoding.
        let items = (0..<1_000).map { "\($0) \(line)" }
        try OutputWriter.write(toFile: path) { sink throws(RenderError) in try JSONOutput.stream(.array(items), to: &sink) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == (try JSONOutput.encode(items)))
    }

    @Test("a sink that cannot write is an output error with the system's reason (disk full)",
          .enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func fullDiskIsAnOutputError() throws {
        let descriptor = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var sink = FileDescriptorSink(descriptor: descriptor, name: "standard output")
        let items = (0..<2_000).map { "item \($0) \(String(repeating: "y", count: 100))" }
        #expect {
            try JSONOutput.stream(.array(items), to: &sink)
        } throws: { error in
            guard case RenderError.output(let failure) = error else { return false }
            return failure.description == "error: cannot write to standard output: No space left on device"
        }
    }
}
