/// A place that names an element: a `depends_on`, `blocks` or `requires` item, or an id in prose.
public struct ElementReference: Sendable, Hashable {
    public var span: FileSpan
    public var kind: Reference.Kind
    /// The id of the element that writes the reference (a prose mention: its workplan).
    public var holder: String
}

/// A workplan, task, decision or gate as an outline entry of a file (document symbols) or
/// of the workspace (workspace symbols).
public struct SymbolInfo: Sendable, Hashable {
    public var id: String
    public var kind: WorkspaceGraph.Kind
    public var title: String
    public var status: String?
    public var repo: String
    /// The whole element: a workplan's file, a task's section, a block.
    public var extent: FileSpan
    /// Its id, where it is written (inside ``extent``).
    public var selection: FileSpan
    /// A workplan's tasks, decisions and gates, in file order.
    public var children: [SymbolInfo]
}

extension WorkspaceSession {
    // MARK: Definition

    /// Where an element is defined: its `id:` value (front matter or block), else where the
    /// parser places it (a prose decision's paragraph).
    public func definition(of node: Int) -> FileSpan? {
        let location = definitionLocation(of: node)
        return source(displayPath: location.path)?.span(at: location)
    }

    private func definitionLocation(of node: Int) -> SourceLocation {
        let value = graph.nodes[node]
        switch value.kind {
        case .workplan:
            return graph.workplan(of: node)?.frontMatter?["id"]?.location ?? value.location
        case .task:
            return graph.task(node)?.fields["id"]?.location ?? value.location
        case .decision:
            return graph.decision(node)?.fields?["id"]?.location ?? value.location
        case .gate:
            return graph.gates.first { $0.node == node }?.gate.fields["id"]?.location ?? value.location
        }
    }

    // MARK: References

    /// Every place that names `node`: `depends_on` of tasks and workplans, decisions' `blocks`,
    /// gates' `requires`, and ids in prose; in path, line and column order.
    public func references(to node: Int) -> [ElementReference] {
        var found: [(location: SourceLocation, kind: Reference.Kind, holder: String)] = []
        for (holder, dependencies) in graph.dependencies.enumerated() {
            for dependency in dependencies.declared where dependency.resolution.node == node {
                switch dependency.via {
                case .dependsOn, .requires:
                    found.append((dependency.reference.location, dependency.reference.kind, graph.nodes[holder].id))
                case .decision, .workplan:
                    continue
                }
            }
        }
        for (index, workplan) in graph.workplans.enumerated() {
            for decision in workplan.decisions {
                for reference in decision.blocks where graph.resolve(reference, inWorkplan: index).node == node {
                    found.append((reference.location, .blocks, decision.id))
                }
            }
            for reference in workplan.proseReferences where graph.resolve(reference, inWorkplan: index).node == node {
                found.append((reference.location, .prose, workplan.id))
            }
        }
        found.sort { $0.location < $1.location }
        var result: [ElementReference] = []
        var seen = Set<SourceLocation>()
        for item in found where seen.insert(item.location).inserted {
            guard let source = source(displayPath: item.location.path) else { continue }
            result.append(ElementReference(span: source.span(at: item.location), kind: item.kind, holder: item.holder))
        }
        return result
    }

    // MARK: Symbols

    /// The outline of one file: its workplan with its tasks, decisions and gates, or the
    /// gates of a runbook.
    public func documentSymbols(inFile displayPath: String) -> [SymbolInfo] {
        guard let source = source(displayPath: displayPath) else { return [] }
        let nodes = graph.nodes.indices.filter { graph.nodes[$0].location.path == displayPath }
        let whole = source.fileSpan(0..<source.bytes.count)
        var workplanSymbol: SymbolInfo?
        var items: [SymbolInfo] = []
        for node in nodes {
            let value = graph.nodes[node]
            let selection = definition(of: node) ?? source.span(at: value.location)
            if value.kind == .workplan {
                workplanSymbol = symbol(node, extent: whole, selection: selection)
            } else {
                items.append(symbol(node, extent: source.fileSpan(extent(of: node, in: source)), selection: selection))
            }
        }
        items.sort { ($0.extent.range.lowerBound, $0.id) < ($1.extent.range.lowerBound, $1.id) }
        guard var workplanSymbol else { return items }
        workplanSymbol.children = items
        return [workplanSymbol]
    }

    /// Elements of every repo whose id or title contains `query` (case ignored; every element
    /// for an empty query), ids that start with it first; at most `limit`.
    public func workspaceSymbols(matching query: String, limit: Int = Limits.workspaceSymbolsListed) -> [SymbolInfo] {
        let wanted = query.lowercased()
        var ranked: [(rank: Int, node: Int)] = []
        for (node, value) in graph.nodes.enumerated() {
            if wanted.isEmpty {
                ranked.append((1, node))
                continue
            }
            let id = value.id.lowercased()
            if id.hasPrefix(wanted) {
                ranked.append((0, node))
            } else if id.contains(wanted) || value.title.lowercased().contains(wanted) {
                ranked.append((1, node))
            }
        }
        ranked.sort { ($0.rank, graph.nodes[$0.node].id, $0.node) < ($1.rank, graph.nodes[$1.node].id, $1.node) }
        return ranked.prefix(max(limit, 0)).compactMap { item in
            guard let span = definition(of: item.node) else { return nil }
            return symbol(item.node, extent: span, selection: span)
        }
    }

    private func symbol(_ node: Int, extent: FileSpan, selection: FileSpan) -> SymbolInfo {
        let value = graph.nodes[node]
        // An editor requires the name's range inside the element's.
        let inside = extent.range.contains(selection.range.lowerBound) && selection.range.upperBound <= extent.range.upperBound
        let chosen = inside ? selection : FileSpan(displayPath: extent.displayPath, absolutePath: extent.absolutePath,
                                                   range: extent.range.lowerBound..<extent.range.lowerBound)
        var status = value.status?.rawValue
        if value.kind == .gate, let position = graph.gates.firstIndex(where: { $0.node == node }) {
            status = gates.evaluate(position).result.rawValue
        }
        return SymbolInfo(id: value.id, kind: value.kind, title: value.title, status: status, repo: value.repo,
                          extent: extent, selection: chosen, children: [])
    }

    /// Bytes of a task's section (heading to the end of its body), a block, or a prose decision's paragraph.
    private func extent(of node: Int, in source: SourceFile) -> Range<Int> {
        let value = graph.nodes[node]
        var first = value.location.line
        var last = value.location.line
        if let task = graph.task(node) {
            first = task.sectionLines.lowerBound
            last = task.sectionLines.upperBound
        } else if let code = source.codeBlocks.first(where: { $0.line == value.location.line }) {
            last = code.endLine
        } else if let paragraph = source.outline?.blocks.lazy.compactMap({ block -> MarkdownOutline.Paragraph? in
            if case .paragraph(let paragraph) = block, paragraph.line == value.location.line { return paragraph }
            return nil
        }).first {
            last = paragraph.endLine
        }
        let start = source.lineBounds(first).start
        return start..<max(start, source.lineBounds(last).contentEnd)
    }
}
