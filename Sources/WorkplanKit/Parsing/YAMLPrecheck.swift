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
/// - aliases adding more than ``Limits/yamlAliasNodesPerByte`` nodes per byte of the
///   text: the budget holds per document, and a file (or a pull request) of many
///   small documents each expanding to the budget would still cost millions of nodes;
/// - lists and mappings nested deeper than `maximumDepth`, aliases included (their
///   anchored node's depth counts where they stand): wp's walks over the tree, and
///   Yams' composer, recurse, and parsing runs on threads with small stacks;
/// - a mapping key that is not a scalar (wp's keys are field names);
/// - a key written twice in one mapping, whatever its tag, anchor or quoting
///   (YAML would tell `!x status` from `status`, wp would read the first).
struct YAMLPrecheck {
    enum Problem: Error, Sendable, Hashable {
        /// The document expands past the budget at `mark`.
        case tooLarge(YAMLMark)
        /// Aliases up to `mark` add more nodes than the text's size allows.
        case aliasHeavy(YAMLMark)
        /// The list or mapping (or alias) at `mark` nests deeper than the limit.
        case tooDeep(YAMLMark)
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
    /// Levels of lists and mappings inside each other; nil leaves it to libyaml (about 1,000).
    var maximumDepth: Int?

    init(budget: Int, maximumDepth: Int? = nil) {
        self.budget = budget
        self.maximumDepth = maximumDepth
    }

    /// The first problem of the text's first document, or nil when Yams may compose it.
    func problem(in text: String) -> Problem? {
        let reader = YAMLEventReader(text)
        var walk = Walk(budget: budget, maximumDepth: maximumDepth ?? Int.max,
                        aliasAllowance: Limits.yamlAliasNodesPerByte * Swift.max(text.utf8.count, 1))
        do {
            while let event = try reader.next() {
                guard try walk.visit(event, reader) else { return nil }
            }
        } catch let failure as YAMLEventReader.Failure {
            return .syntax(failure)
        } catch let problem as Problem {
            return problem
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
            /// Levels of lists and mappings the anchored node holds (0 for a scalar).
            var height = 0
        }

        struct Container {
            var isMapping: Bool
            /// `total` before the container itself was counted.
            var totalBefore: Int
            var anchor: String?
            /// In a mapping: the next node is a key.
            var expectsKey = true
            /// In a mapping: where its keys start in `keys`.
            var keysStart: Int
            /// In a mapping with many keys: each key's index in `keys`, so a repeat is found in O(1).
            var keyIndex: [String: Int]?
            /// Levels of lists and mappings this one holds, itself included, so far.
            var height = 1
        }

        /// Mappings with more keys than this look keys up in a dictionary rather than a scan.
        static let scannedKeys = 16

        let budget: Int
        let maximumDepth: Int
        /// Nodes aliases may still add.
        var aliasAllowance: Int
        var total = 0
        var anchors: [String: Anchored] = [:]
        var open: [Container] = []
        /// The keys of every open mapping, innermost last: one buffer instead of one per mapping.
        var keys: [(text: String, mark: YAMLMark)] = []

        init(budget: Int, maximumDepth: Int, aliasAllowance: Int) {
            self.budget = budget
            self.maximumDepth = maximumDepth
            self.aliasAllowance = aliasAllowance
        }

        /// Returns false once the first document is done: Yams composes only that one.
        mutating func visit(_ event: YAMLEvent, _ reader: YAMLEventReader) throws(Problem) -> Bool {
            switch event.kind {
            case .streamStart, .documentStart:
                return true
            case .streamEnd, .documentEnd:
                return false
            case .scalar:
                // The text is copied only for a key or an anchored scalar (a key later, through an alias).
                let isKey = expectsKey
                let text = isKey || event.anchor != nil ? reader.scalarText : ""
                if isKey { try checkKey(text, shape: "scalar", at: event.mark) }
                try count(1, at: event.mark)
                if let anchor = event.anchor {
                    anchors[anchor] = Anchored(size: 1, scalar: text, shape: "scalar")
                }
                closed()
            case .alias:
                guard let name = event.anchor, let anchored = anchors[name] else { throw .undefinedAlias(event.mark) }
                if expectsKey { try checkKey(anchored.scalar, shape: anchored.shape, at: event.mark) }
                if open.count + anchored.height > maximumDepth { throw .tooDeep(event.mark) }
                aliasAllowance -= anchored.size
                if aliasAllowance < 0 { throw .aliasHeavy(event.mark) }
                try count(anchored.size, at: event.mark)
                holds(height: anchored.height)
                closed()
            case .sequenceStart, .mappingStart:
                let isMapping = event.kind == .mappingStart
                if expectsKey { try checkKey(nil, shape: isMapping ? "mapping" : "list", at: event.mark) }
                if open.count >= maximumDepth { throw .tooDeep(event.mark) }
                let before = total
                try count(1, at: event.mark)
                open.append(Container(isMapping: isMapping, totalBefore: before, anchor: event.anchor, keysStart: keys.count))
            case .sequenceEnd, .mappingEnd:
                guard let container = open.popLast() else { return true }
                if container.isMapping { keys.removeSubrange(container.keysStart...) }
                if let anchor = container.anchor {
                    anchors[anchor] = Anchored(
                        size: total - container.totalBefore, scalar: nil, shape: container.isMapping ? "mapping" : "list",
                        height: container.height)
                }
                holds(height: container.height)
                closed()
            }
            return true
        }

        /// The node starting now is a mapping key.
        private var expectsKey: Bool {
            guard let last = open.last else { return false }
            return last.isMapping && last.expectsKey
        }

        /// A key must be a scalar (`text` is nil for a list or mapping, `shape`) met once in its mapping.
        private mutating func checkKey(_ text: String?, shape: String, at mark: YAMLMark) throws(Problem) {
            guard let text else { throw .nonScalarKey(shape: shape, mark) }
            let last = open.count - 1
            let start = open[last].keysStart
            if let index = open[last].keyIndex {
                if let first = index[text] { throw .duplicateKey(text, first: keys[first].mark, again: mark) }
            } else if let first = keys[start...].first(where: { $0.text == text }) {
                throw .duplicateKey(text, first: first.mark, again: mark)
            }
            keys.append((text, mark))
            if open[last].keyIndex != nil {
                open[last].keyIndex![text] = keys.count - 1
            } else if keys.count - start > Self.scannedKeys {
                var index: [String: Int] = [:]
                for offset in start..<keys.count { index[keys[offset].text] = offset }
                open[last].keyIndex = index
            }
        }

        /// Sizes never overflow: each one was at most the budget when it was recorded.
        private mutating func count(_ nodes: Int, at mark: YAMLMark) throws(Problem) {
            total += nodes
            if total > budget { throw .tooLarge(mark) }
        }

        /// The innermost open list or mapping holds a node `height` levels deep.
        private mutating func holds(height: Int) {
            guard let last = open.indices.last else { return }
            open[last].height = Swift.max(open[last].height, height + 1)
        }

        /// A node ended: in a mapping, keys and values alternate.
        private mutating func closed() {
            guard let last = open.indices.last, open[last].isMapping else { return }
            open[last].expectsKey.toggle()
        }
    }
}
