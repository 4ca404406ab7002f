/// What wp checks on a YAML document's events before Yams builds its node tree.
///
/// Yams resolves an alias by sharing the anchored node, so the tree stays small,
/// but its duplicate-key check hashes every key whole and wp's loader walks every
/// node: a key made of nested aliases (`? [&k0 [x, x], &k1 [*k0, *k0], …] : v`)
/// costs work exponential in its size. This pass walks the events once, with
/// the expanded size of each anchor computed when the anchored node closes, and
/// refuses the document before anything hashes, walks or prints it:
///
/// - more than `budget` nodes once aliases are expanded (keys included);
/// - a mapping key that is not a scalar (wp's keys are field names);
/// - a key written twice in one mapping, whatever its tag, anchor or quoting
///   (YAML would tell `!x status` from `status`, wp would read the first).
struct YAMLPrecheck {
    enum Problem: Error, Sendable, Hashable {
        /// The document expands past the budget at `mark`.
        case tooLarge(YAMLMark)
        /// A key that is a list or a mapping (`shape`), written at `mark`.
        case nonScalarKey(shape: String, YAMLMark)
        /// `key` appears at `first` and again at `again` in the same mapping.
        case duplicateKey(String, first: YAMLMark, again: YAMLMark)
        /// `*name` before any `&name`.
        case undefinedAlias(YAMLMark)
        /// libyaml could not read the text.
        case syntax(YAMLEventReader.Failure)
    }

    /// Node budget: every scalar, list, mapping and key counts once, an alias as
    /// many nodes as its anchor expands to.
    var budget: Int

    /// The first problem of the text's first document, or nil when Yams may compose it.
    func problem(in text: String) -> Problem? {
        var walk = Walk(budget: budget)
        do {
            try YAMLEventReader.read(text) { event in try walk.visit(event) }
        } catch let problem as Problem {
            return problem
        } catch let failure as YAMLEventReader.Failure {
            return .syntax(failure)
        } catch {
            return nil  // Only the two above are thrown.
        }
        return nil
    }

    /// The state of one pass; a value used once.
    private struct Walk {
        struct Anchored {
            /// Nodes the anchored node expands to.
            var size: Int
            /// The text of an anchored scalar; nil for a list or mapping.
            var scalar: String?
            var shape: String
        }

        struct Container {
            var isMapping: Bool
            /// `total` before the container itself was counted.
            var totalBefore: Int
            var anchor: String?
            /// In a mapping: the next node is a key.
            var expectsKey = true
            /// In a mapping: each key's text and first position.
            var keys: [String: YAMLMark] = [:]
        }

        let budget: Int
        var total = 0
        var anchors: [String: Anchored] = [:]
        var open: [Container] = []

        init(budget: Int) {
            self.budget = budget
        }

        /// Returns false once the first document is done: Yams composes only that one.
        mutating func visit(_ event: YAMLEvent) throws(Problem) -> Bool {
            switch event.kind {
            case .streamStart, .documentStart:
                return true
            case .streamEnd, .documentEnd:
                return false
            case .scalar:
                try checkKey(event.value, shape: "scalar", at: event.mark)
                try count(1, at: event.mark)
                if let anchor = event.anchor {
                    anchors[anchor] = Anchored(size: 1, scalar: event.value, shape: "scalar")
                }
                closed()
            case .alias:
                guard let name = event.anchor, let anchored = anchors[name] else { throw .undefinedAlias(event.mark) }
                try checkKey(anchored.scalar, shape: anchored.shape, at: event.mark)
                try count(anchored.size, at: event.mark)
                closed()
            case .sequenceStart, .mappingStart:
                let isMapping = event.kind == .mappingStart
                try checkKey(nil, shape: isMapping ? "mapping" : "list", at: event.mark)
                let before = total
                try count(1, at: event.mark)
                open.append(Container(isMapping: isMapping, totalBefore: before, anchor: event.anchor))
            case .sequenceEnd, .mappingEnd:
                guard let container = open.popLast() else { return true }
                if let anchor = container.anchor {
                    anchors[anchor] = Anchored(
                        size: total - container.totalBefore, scalar: nil, shape: container.isMapping ? "mapping" : "list")
                }
                closed()
            }
            return true
        }

        /// A node starts; when it is a key, it must be a scalar met once in its mapping.
        /// `text` is the key's text, nil when the node is a list or mapping (`shape`).
        private mutating func checkKey(_ text: String?, shape: String, at mark: YAMLMark) throws(Problem) {
            guard let last = open.indices.last, open[last].isMapping, open[last].expectsKey else { return }
            guard let text else { throw .nonScalarKey(shape: shape, mark) }
            if let first = open[last].keys[text] { throw .duplicateKey(text, first: first, again: mark) }
            open[last].keys[text] = mark
        }

        /// Sizes never overflow: each one was at most the budget when it was recorded.
        private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(Problem) {
            total += nodes
            if total > budget { throw .tooLarge(mark) }
        }

        /// A node ended: in a mapping, keys and values alternate.
        private mutating func closed() {
            guard let last = open.indices.last, open[last].isMapping else { return }
            open[last].expectsKey.toggle()
        }
    }
}
