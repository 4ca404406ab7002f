import MCP
import WorkplanKit

/// Looks at the workspace on a timer and tells the client what changed on disk:
/// `notifications/resources/list_changed` when the list of resources is not what it
/// was, `notifications/resources/updated` for each subscribed resource whose content
/// may have changed (a workplan whose file changed; `wp://status` and `wp://ready`
/// after any change).
///
/// Changes found by a tool call's own refresh count too (``LiveWorkspace/takeChange()``),
/// edits made through the server's tools included.
actor ChangeWatcher {
    private let live: LiveWorkspace
    /// Weak: the server holds its handlers, the handlers hold this watcher; a strong reference
    /// back made a cycle that outlived `serve` (LeakSanitizer reported the server, its
    /// handlers and the whole workspace when `wp mcp` ended).
    private weak var server: Server?
    private let interval: Duration
    private var subscriptions: Set<String> = []
    /// The resources as the client last heard of them.
    private var listing: [WorkplanResources.Entry] = []
    private var task: Task<Void, Never>?

    init(live: LiveWorkspace, server: Server, interval: Duration) {
        self.live = live
        self.server = server
        self.interval = interval
    }

    func subscribe(_ uri: String) { subscriptions.insert(uri) }

    func unsubscribe(_ uri: String) { subscriptions.remove(uri) }

    func start() async {
        guard task == nil else { return }
        listing = await live.readCurrent { WorkplanResources.entries($0) }
        _ = await live.takeChange()
        let interval = interval
        task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.look()
            }
        }
    }

    func stop() {
        task?.cancel()
        task = nil
    }

    /// One look: refresh, then notify of what changed since the last look.
    func look() async {
        // A workspace that cannot be read just now (a half-written .wp.yaml) is looked at again next time.
        _ = try? await live.refresh()
        let change = await live.takeChange()
        guard !change.isEmpty else { return }
        let entries = await live.readCurrent { WorkplanResources.entries($0) }
        let summary = { (entries: [WorkplanResources.Entry]) in entries.map { [$0.uri, $0.title, $0.path] } }
        if summary(entries) != summary(listing) {
            try? await server?.notify(ResourceListChangedNotification.message())
        }
        let files = Set(change.files)
        var updated: Set<String> = [WorkplanResources.statusURI, WorkplanResources.readyURI]
        for entry in listing + entries where files.contains(entry.path) { updated.insert(entry.uri) }
        listing = entries
        for uri in updated.intersection(subscriptions).sorted() {
            try? await server?.notify(ResourceUpdatedNotification.message(.init(uri: uri)))
        }
    }
}
