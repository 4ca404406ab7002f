/// Builds a ``YAMLValue`` from the events of one document, as they come.
///
/// It runs behind ``YAMLPrecheck`` in the same pass over libyaml's events, so
/// every event it sees is within the budget, every alias names an anchor, and
/// every key is a scalar met once. Reading the events straight into wp's model
/// replaces Yams' node tree and a second walk to convert it (issue 16): one
/// parse of each block instead of two, and no intermediate nodes.
///
/// The tree is the one Yams' composer gave: an alias stands for its anchored
/// value (shared, with the anchor's positions), anchors and tags are not kept,
/// a scalar's kind is resolved from its text and style.
struct YAMLTreeBuilder: YAMLEventConsumer {
    /// A list or mapping whose end has not come yet.
    private enum Open {
        case sequence([YAMLValue], YAMLMark, anchor: String?)
        /// `key` is the key read last, waiting for its value.
        case mapping([YAMLValue.Entry], YAMLMark, anchor: String?, key: (text: String, location: SourceLocation)?)
    }

    /// Maps a position in the snippet to one in the file.
    let locate: (YAMLMark) -> SourceLocation
    /// The document's value once its root has closed.
    private(set) var root: YAMLValue?
    private var open: [Open] = []
    private var anchors: [String: YAMLValue] = [:]

    init(locate: @escaping (YAMLMark) -> SourceLocation) {
        self.locate = locate
    }

    mutating func consume(_ event: YAMLEvent, _ reader: YAMLEventReader) {
        switch event.kind {
        case .streamStart, .streamEnd, .documentStart, .documentEnd:
            return
        case .scalar:
            let text = reader.scalarText
            if case .mapping(let entries, let mark, let anchor, nil)? = open.last {
                // A key: its text and position; an anchored key is also a value aliases may repeat.
                open[open.count - 1] = .mapping(entries, mark, anchor: anchor, key: (text, locate(event.mark)))
                if let name = event.anchor { anchors[name] = scalar(text, event) }
                return
            }
            add(scalar(text, event), anchor: event.anchor)
        case .alias:
            // The precheck refused an alias without an anchor; the fallback is never built.
            let value = event.anchor.flatMap { anchors[$0] }
                ?? .scalar(.init(text: "*\(event.anchor ?? "")", kind: .string, style: .plain, location: locate(event.mark)))
            if case .mapping(let entries, let mark, let anchor, nil)? = open.last, case .scalar(let key) = value {
                // An alias as a key: the anchored scalar's text, at the anchor's position (as Yams shared it).
                open[open.count - 1] = .mapping(entries, mark, anchor: anchor, key: (key.text, key.location))
                return
            }
            add(value, anchor: nil)
        case .sequenceStart:
            open.append(.sequence([], event.mark, anchor: event.anchor))
        case .mappingStart:
            open.append(.mapping([], event.mark, anchor: event.anchor, key: nil))
        case .sequenceEnd, .mappingEnd:
            switch open.popLast() {
            case .sequence(let items, let mark, let anchor)?:
                add(.sequence(items, locate(mark)), anchor: anchor)
            case .mapping(let entries, let mark, let anchor, _)?:
                add(.mapping(entries, locate(mark)), anchor: anchor)
            case nil:
                return
            }
        }
    }

    private func scalar(_ text: String, _ event: YAMLEvent) -> YAMLValue {
        let style = YAMLLoader.style(event.style)
        return .scalar(.init(text: text, kind: YAMLLoader.kind(of: text, style: style), style: style, location: locate(event.mark)))
    }

    /// A value is complete: it is the root, a list's next item, or a mapping's value.
    private mutating func add(_ value: YAMLValue, anchor: String?) {
        if let anchor { anchors[anchor] = value }
        switch open.last {
        case nil:
            root = value
        case .sequence(var items, let mark, let anchor)?:
            open[open.count - 1] = .sequence([], mark, anchor: anchor)  // Frees the array so the append does not copy it.
            items.append(value)
            open[open.count - 1] = .sequence(items, mark, anchor: anchor)
        case .mapping(var entries, let mark, let anchor, let key?)?:
            open[open.count - 1] = .mapping([], mark, anchor: anchor, key: nil)
            entries.append(YAMLValue.Entry(key: key.text, keyLocation: key.location, value: value))
            open[open.count - 1] = .mapping(entries, mark, anchor: anchor, key: nil)
        case .mapping(_, _, _, nil)?:
            // A list or mapping as a key: the precheck refused it; nothing to keep.
            return
        }
    }
}
