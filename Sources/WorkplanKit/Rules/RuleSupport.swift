/// Small lookups several rules share.
extension Workplan.Task {
    /// Where a field's value is written, else the block's fence.
    func location(ofField key: String) -> SourceLocation {
        fields[key]?.location ?? location
    }
}

extension Workplan {
    func location(ofField key: String) -> SourceLocation {
        frontMatter?[key]?.location ?? location
    }
}

/// The task whose section holds a line (the first, in file order, when sections nest), in
/// O(log n): a paragraph can mention tens of thousands of ids, a workplan hold thousands of tasks.
struct TaskSectionIndex {
    private let starts: [Int]
    /// The furthest section end among the tasks up to each index.
    private let reach: [Int]
    private let tasks: [Workplan.Task]
    /// The parser gives tasks in file order, so section starts never decrease; anything else is walked.
    private let ordered: Bool

    init(_ tasks: [Workplan.Task]) {
        self.tasks = tasks
        starts = tasks.map(\.sectionLines.lowerBound)
        var furthest = Int.min
        reach = tasks.map { task in
            furthest = Swift.max(furthest, task.sectionLines.upperBound)
            return furthest
        }
        ordered = zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
    }

    func taskIndex(containingLine line: Int) -> Int? {
        guard ordered else { return tasks.firstIndex { $0.sectionLines.contains(line) } }
        // The first task whose section reaches `line` ends at or after it; no earlier one does.
        var low = 0
        var high = reach.count
        while low < high {
            let middle = (low + high) / 2
            if reach[middle] < line { low = middle + 1 } else { high = middle }
        }
        // Later tasks start no earlier than this one: if it starts after `line`, none holds it.
        guard low < starts.count, starts[low] <= line else { return nil }
        return low
    }
}

extension Diagnostic.Subject {
    /// The element behind a graph node.
    init(_ node: WorkspaceGraph.Node) {
        self.init(repo: node.repo, id: node.id)
    }

    /// A workplan, or (with `item`) one of its tasks or decisions.
    init(_ workplan: Workplan, item id: String? = nil) {
        self.init(repo: workplan.repo, id: id ?? workplan.id)
    }
}

/// The declared references (`depends_on`, `blocks`, gate `requires`) of the local repo, resolved.
enum DeclaredReferences {
    struct Item {
        var reference: Reference
        var resolution: WorkspaceGraph.Resolution
        /// The element that makes the reference.
        var holder: Diagnostic.Subject
    }

    static func all(in context: LintContext) -> [Item] {
        let graph = context.graph
        var items: [Item] = []
        // `depends_on` and gate `requires` were resolved once when the graph was built;
        // inherited workplan dependencies (`via: .workplan`) are the workplan's own, counted there.
        for (node, dependencies) in graph.dependencies.enumerated() where context.isChecked(repo: graph.nodes[node].repo) {
            for dependency in dependencies.declared where dependency.via == .dependsOn || dependency.via == .requires {
                items.append(Item(reference: dependency.reference, resolution: dependency.resolution,
                                  holder: Diagnostic.Subject(graph.nodes[node])))
            }
        }
        // The graph keeps only the `blocks` targets that resolve; here every one is needed.
        for index in context.checkedWorkplans {
            let workplan = graph.workplans[index]
            for decision in workplan.decisions {
                for reference in decision.blocks {
                    items.append(Item(reference: reference, resolution: graph.resolve(reference, inWorkplan: index),
                                      holder: Diagnostic.Subject(workplan, item: decision.id)))
                }
            }
        }
        return items
    }
}
