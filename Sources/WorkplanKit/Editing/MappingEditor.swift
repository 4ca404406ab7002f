/// Changes the fields of one YAML mapping (front matter or a fenced block) by
/// replacing bytes in the raw file, never by writing the YAML out again.
///
/// Every change touches only the bytes of the value it changes; a field that
/// is absent becomes one new line after the mapping's last entry, with the
/// same indentation (or container prefix) and the same line ending. Along
/// the way the editor keeps the mapping's expected ``YAMLShape``, which
/// ``EditVerifier`` compares with a parse of the result.
struct MappingEditor {
    let raw: SourceText.OnDisk
    let spans: YAMLSpans
    let entries: [YAMLValue.Entry]
    /// True for `{id: …, status: …}` written on one line.
    let isFlow: Bool
    /// Where positions in messages point.
    let location: SourceLocation
    private(set) var edits: [ByteEdit] = []
    /// What the mapping must parse to after the edit.
    private(set) var expected: [YAMLShape.Pair]
    /// New `key: value` lines, in the order they were added.
    private var newLines: [String] = []

    init(raw: SourceText.OnDisk, mapping: YAMLValue, lastLine: Int) {
        self.raw = raw
        self.spans = YAMLSpans(raw: raw, lastLine: lastLine)
        self.entries = mapping.entries ?? []
        self.isFlow = spans.isFlow(mapping)
        self.location = mapping.location
        self.expected = entries.map { YAMLShape.Pair(key: $0.key, value: YAMLShape($0.value)) }
    }

    var hasChanges: Bool { !edits.isEmpty || !newLines.isEmpty }

    func entry(_ key: String) -> YAMLValue.Entry? {
        entries.first { $0.key == key }
    }

    /// The value's current shape, as this editor will leave it.
    func expectedValue(_ key: String) -> YAMLShape? {
        expected.first { $0.key == key }?.value
    }

    // MARK: Scalars

    /// Sets `key` to the scalar `text`; returns false when it already has that value.
    @discardableResult
    mutating func setScalar(_ key: String, _ text: String, kind: ValueKind, newStyle: YAMLValue.Scalar.Style = .plain) throws(EditError) -> Bool {
        let shape = YAMLShape.text(text, kind: kind)
        if let current = expectedValue(key), current == shape || (kind == .string && current == .scalar(text, .text)) {
            return false
        }
        guard let entry = entry(key) else {
            addLine(key: key, value: ScalarWriter.render(text, style: newStyle, inFlow: false, kind: kind))
            setExpected(key, shape)
            return true
        }
        switch entry.value {
        case .scalar where YAMLSpans.isEmptyNull(entry.value):
            let colon = try colonEnd(entry)
            edits.append(ByteEdit(insert: Array((" " + ScalarWriter.render(text, style: newStyle, inFlow: isFlow, kind: kind)).utf8), at: colon))
        case .scalar(let scalar) where scalar.style == .literal || scalar.style == .folded:
            try replaceBlockScalar(entry, scalar, text, kind: kind)
            return true
        case .scalar(let scalar):
            let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
            edits.append(ByteEdit(range, Array(ScalarWriter.render(text, style: scalar.style, inFlow: isFlow, kind: kind).utf8)))
        case .sequence, .mapping:
            // A collection becomes a scalar on the key's line.
            let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
            let colon = try colonEnd(entry)
            edits.append(ByteEdit(colon..<range.upperBound, Array((" " + ScalarWriter.render(text, style: .plain, inFlow: isFlow, kind: kind)).utf8)))
        }
        setExpected(key, shape)
        return true
    }

    /// A `|` or `>` scalar keeps its header; its content lines are replaced at the same indentation.
    private mutating func replaceBlockScalar(_ entry: YAMLValue.Entry, _ scalar: YAMLValue.Scalar, _ text: String, kind: ValueKind) throws(EditError) {
        let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: false)
        let headerLine = raw.lineNumber(ofOffset: range.lowerBound)
        let header = raw.text(range.lowerBound..<raw.line(headerLine).contentEnd)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let simple = !text.isEmpty && !text.hasPrefix(" ") && !text.hasSuffix(" ") && !text.contains("\r")
            && !(scalar.style == .folded && lines.count > 1) && !lines.contains(where: { $0.isEmpty || $0.hasPrefix(" ") || $0.hasPrefix("\t") })
        guard simple, kind == .string else {
            // Not writable as a block scalar line by line: write it double-quoted on the key's line.
            let colon = try colonEnd(entry)
            edits.append(ByteEdit(colon..<range.upperBound, Array((" " + ScalarWriter.doubleQuoted(text)).utf8)))
            setExpected(entry.key, YAMLShape.text(text, kind: kind))
            return
        }
        // Indentation of the existing content (or two more than the key when it has none).
        var indentation = String(repeating: " ", count: entry.keyLocation.column + 1)
        let lastLine = raw.lineNumber(ofOffset: range.upperBound)
        if lastLine > headerLine {
            for number in (headerLine + 1)...lastLine where !raw.isBlank(line: number) {
                let line = raw.line(number)
                var end = line.start
                while end < line.contentEnd, raw.bytes[end] == 32 || raw.bytes[end] == 9 { end += 1 }
                indentation = raw.text(line.start..<end)
                break
            }
        }
        let eol = raw.terminator(ofLine: headerLine).isEmpty ? raw.preferredLineEnding : raw.terminator(ofLine: headerLine)
        var replacement: [UInt8] = []
        for line in lines {
            replacement += eol
            replacement += Array((indentation + line).utf8)
        }
        edits.append(ByteEdit(raw.line(headerLine).contentEnd..<max(range.upperBound, raw.line(headerLine).contentEnd), replacement))
        // The chomping indicator decides whether the value ends with a line break.
        let indicators = header.dropFirst().prefix { $0 != " " && $0 != "\t" && $0 != "#" }
        let value = lines.joined(separator: "\n") + (indicators.contains("-") ? "" : "\n")
        setExpected(entry.key, .scalar(value, .text))
    }

    // MARK: Lists

    /// Adds `item` to the list `key`; returns false when it is already listed.
    @discardableResult
    mutating func addItem(_ key: String, _ item: String) throws(EditError) -> Bool {
        let current = currentItems(key)
        if current.contains(item) { return false }
        guard let entry = entry(key) else {
            addLine(key: key, value: flowList([item], style: .plain))
            setExpected(key, .list([.scalar(item, .text)]))
            return true
        }
        switch entry.value {
        case .sequence(let items, _) where !items.isEmpty:
            if spans.isFlow(entry.value) {
                let last = spans.range(of: items.last!, indent: 0, inFlow: true)
                var separator = ", "
                if items.count >= 2 {
                    let firstEnd = spans.range(of: items[0], indent: 0, inFlow: true).upperBound
                    let secondStart = raw.offset(of: items[1].location)
                    separator = raw.text(firstEnd..<secondStart)
                }
                let rendered = ScalarWriter.render(item, style: style(of: items), inFlow: true, kind: .string)
                edits.append(ByteEdit(insert: Array((separator + rendered).utf8), at: last.upperBound))
            } else {
                let lastItem = items.last!
                let itemStart = raw.offset(of: lastItem.location)
                let dash = try dashOffset(before: itemStart, at: lastItem.location)
                let itemLine = raw.lineNumber(ofOffset: itemStart)
                let prefix = Array(raw.bytes[raw.line(itemLine).start..<dash])
                let gap = Array(raw.bytes[(dash + 1)..<itemStart])
                let end = spans.range(of: lastItem, indent: raw.column(ofOffset: dash), inFlow: false).upperBound
                let endLine = raw.lineNumber(ofOffset: end)
                let rendered = ScalarWriter.render(item, style: style(of: items), inFlow: false, kind: .string)
                var line = prefix + [UInt8(ascii: "-")] + (gap.isEmpty ? [32] : gap) + Array(rendered.utf8)
                let terminator = raw.terminator(ofLine: endLine)
                if terminator.isEmpty {
                    line = raw.preferredLineEnding + line
                } else {
                    line += terminator
                }
                edits.append(ByteEdit(insert: line, at: raw.line(endLine).end))
            }
        case .sequence:
            // `[]`: the first item goes between the brackets.
            let range = spans.range(of: entry.value, indent: 0, inFlow: true)
            edits.append(ByteEdit(range, Array(flowList([item], style: .plain).utf8)))
        case .scalar where YAMLSpans.isEmptyNull(entry.value):
            edits.append(ByteEdit(insert: Array((" " + flowList([item], style: .plain)).utf8), at: try colonEnd(entry)))
        case .scalar(let scalar):
            // One reference written as a scalar becomes a list of two.
            let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
            edits.append(ByteEdit(range, Array(flowList(current + [item], style: scalar.style).utf8)))
        case .mapping:
            throw EditError.refused(.mappingNotList(key: key), at: entry.value.location)
        }
        setExpected(key, .list((current + [item]).map { .scalar($0, .text) }))
        return true
    }

    /// Removes `item` from the list `key`.
    mutating func removeItem(_ key: String, _ item: String) throws(EditError) {
        let current = currentItems(key)
        guard let entry = entry(key), let index = current.firstIndex(of: item) else {
            throw EditError.refused(.notListed(key: key, item: item, listed: current), at: entry(key)?.value.location ?? location)
        }
        switch entry.value {
        case .sequence(let items, _) where spans.isFlow(entry.value):
            let ranges = items.map { spans.range(of: $0, indent: 0, inFlow: true) }
            if items.count == 1 {
                let whole = spans.range(of: entry.value, indent: 0, inFlow: true)
                edits.append(ByteEdit((whole.lowerBound + 1)..<(whole.upperBound - 1), []))
            } else if index == 0 {
                edits.append(ByteEdit(ranges[0].lowerBound..<raw.offset(of: items[1].location), []))
            } else {
                edits.append(ByteEdit(ranges[index - 1].upperBound..<ranges[index].upperBound, []))
            }
        case .sequence(let items, _):
            let itemStart = raw.offset(of: items[index].location)
            let dash = try dashOffset(before: itemStart, at: items[index].location)
            let end = spans.range(of: items[index], indent: raw.column(ofOffset: dash), inFlow: false).upperBound
            if items.count == 1 {
                // An empty block list would read as null: write `[]` on the key's line.
                edits.append(ByteEdit(try colonEnd(entry)..<raw.line(raw.lineNumber(ofOffset: end)).contentEnd, Array(" []".utf8)))
            } else {
                let firstLine = raw.lineNumber(ofOffset: dash)
                let lastLine = raw.lineNumber(ofOffset: end)
                let lineStart = raw.line(firstLine).start
                guard raw.bytes[lineStart..<dash].allSatisfy({ $0 == 32 || $0 == 9 || $0 == UInt8(ascii: ">") }) else {
                    throw EditError.refused(.cannotRemoveInPlace(item: item, key: key), at: items[index].location)
                }
                edits.append(ByteEdit(lineStart..<raw.line(lastLine).end, []))
            }
        case .scalar:
            let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
            edits.append(ByteEdit(range, Array("[]".utf8)))
        case .mapping:
            throw EditError.refused(.mappingNotList(key: key), at: entry.value.location)
        }
        var remaining = current
        remaining.remove(at: index)
        setExpected(key, .list(remaining.map { .scalar($0, .text) }))
    }

    /// Replaces the whole list `key` with `items`; a block list is rewritten in flow style only when empty.
    mutating func setList(_ key: String, _ items: [String]) throws(EditError) {
        let current = currentItems(key)
        if entry(key) != nil, current == items, case .list = expectedValue(key) { return }
        if let entry = entry(key), !current.isEmpty, items.isEmpty {
            // Emptied: `[]` on the key's line (an empty block list would read as null).
            let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
            if case .sequence = entry.value, !spans.isFlow(entry.value) {
                edits.append(ByteEdit(try colonEnd(entry)..<range.upperBound, Array(" []".utf8)))
            } else {
                edits.append(ByteEdit(range, Array("[]".utf8)))
            }
            setExpected(key, .list([]))
            return
        }
        if let entry = entry(key), !current.isEmpty, !current.contains(where: items.contains), !items.isEmpty {
            try replaceList(entry, with: items)
            return
        }
        // Remove what goes, add what comes: each list keeps its own style.
        for item in current where !items.contains(item) { try removeItem(key, item) }
        guard items != currentItems(key) else { return }
        let kept = currentItems(key)
        if kept == items.filter({ kept.contains($0) }) {
            for item in items where !kept.contains(item) { try addItem(key, item) }
            return
        }
        throw EditError.refused(.cannotReorder(key: key), at: entry(key)?.value.location ?? location)
    }

    /// Writes a list none of whose items stay, in the style of the old one.
    private mutating func replaceList(_ entry: YAMLValue.Entry, with items: [String]) throws(EditError) {
        let range = spans.range(of: entry.value, indent: entry.keyLocation.column, inFlow: isFlow)
        if case .sequence(let old, _) = entry.value, !old.isEmpty, !spans.isFlow(entry.value) {
            let firstStart = raw.offset(of: old[0].location)
            let dash = try dashOffset(before: firstStart, at: old[0].location)
            let firstLine = raw.lineNumber(ofOffset: dash)
            let lastLine = raw.lineNumber(ofOffset: range.upperBound)
            let prefix = Array(raw.bytes[raw.line(firstLine).start..<dash])
            let gap = Array(raw.bytes[(dash + 1)..<firstStart])
            let eol = raw.terminator(ofLine: lastLine)
            var text: [UInt8] = []
            for (index, item) in items.enumerated() {
                text += prefix + [UInt8(ascii: "-")] + (gap.isEmpty ? [32] : gap)
                text += Array(ScalarWriter.render(item, style: style(of: old), inFlow: false, kind: .string).utf8)
                if index < items.count - 1 { text += eol.isEmpty ? raw.preferredLineEnding : eol }
            }
            edits.append(ByteEdit(raw.line(firstLine).start..<raw.line(lastLine).contentEnd, text))
        } else {
            var itemStyle = YAMLValue.Scalar.Style.plain
            if case .sequence(let old, _) = entry.value { itemStyle = style(of: old) }
            if case .scalar(let scalar) = entry.value { itemStyle = scalar.style }
            edits.append(ByteEdit(range, Array(flowList(items, style: itemStyle).utf8)))
        }
        setExpected(entry.key, .list(items.map { .scalar($0, .text) }))
    }

    /// The list's items as they will be (a scalar counts as a list of one).
    func currentItems(_ key: String) -> [String] {
        switch expectedValue(key) {
        case .list(let items)?:
            return items.compactMap { if case .scalar(let text, _) = $0 { return text } else { return nil } }
        case .scalar(let text, let kind)? where kind != .null:
            return [text]
        default:
            return []
        }
    }

    // MARK: New lines

    /// The edits, with the new lines inserted after the last entry.
    func allEdits() throws(EditError) -> [ByteEdit] {
        guard !newLines.isEmpty else { return edits }
        guard !isFlow, let last = entries.last else {
            throw EditError.refused(.cannotAddToFlowMapping(key: String(newLines[0].prefix { $0 != ":" })), at: location)
        }
        let keyStart = raw.offset(of: last.keyLocation)
        let keyLine = raw.lineNumber(ofOffset: keyStart)
        let prefix = Array(raw.bytes[raw.line(keyLine).start..<keyStart])
        guard prefix.allSatisfy({ $0 == 32 || $0 == 9 || $0 == UInt8(ascii: ">") }) else {
            throw EditError.refused(.cannotAddField, at: location)
        }
        let end: Int
        if YAMLSpans.isEmptyNull(last.value) {
            end = raw.line(keyLine).contentEnd
        } else {
            end = spans.range(of: last.value, indent: last.keyLocation.column, inFlow: false).upperBound
        }
        let endLine = raw.lineNumber(ofOffset: max(end, keyStart))
        let terminator = raw.terminator(ofLine: endLine)
        let eol = terminator.isEmpty ? raw.preferredLineEnding : terminator
        var text: [UInt8] = terminator.isEmpty ? eol : []
        for (index, line) in newLines.enumerated() {
            text += prefix + Array(line.utf8)
            if !terminator.isEmpty || index < newLines.count - 1 { text += eol }
        }
        return edits + [ByteEdit(insert: text, at: raw.line(endLine).end)]
    }

    private mutating func addLine(key: String, value: String) {
        newLines.append("\(key): \(value)")
    }

    private mutating func setExpected(_ key: String, _ value: YAMLShape) {
        if let index = expected.firstIndex(where: { $0.key == key }) {
            expected[index].value = value
        } else {
            expected.append(YAMLShape.Pair(key: key, value: value))
        }
    }

    // MARK: Helpers

    private func colonEnd(_ entry: YAMLValue.Entry) throws(EditError) -> Int {
        guard let colon = spans.colonEnd(afterKeyAt: raw.offset(of: entry.keyLocation)) else {
            throw EditError.refused(.colonNotFound(key: entry.key), at: entry.keyLocation)
        }
        return colon
    }

    private func dashOffset(before itemStart: Int, at location: SourceLocation) throws(EditError) -> Int {
        var index = itemStart - 1
        while index >= 0, raw.bytes[index] == 32 || raw.bytes[index] == 9 { index -= 1 }
        guard index >= 0, raw.bytes[index] == UInt8(ascii: "-") else {
            throw EditError.refused(.cannotEditListItem, at: location)
        }
        return index
    }

    /// The quoting style most items use; new items follow it.
    private func style(of items: [YAMLValue]) -> YAMLValue.Scalar.Style {
        if case .scalar(let scalar)? = items.first { return scalar.style }
        return .plain
    }

    private func flowList(_ items: [String], style: YAMLValue.Scalar.Style) -> String {
        "[" + items.map { ScalarWriter.render($0, style: style, inFlow: true, kind: .string) }.joined(separator: ", ") + "]"
    }
}
