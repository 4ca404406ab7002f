import Foundation
import MCP
import WorkplanKit

/// The resources of `wp mcp`: every workplan's markdown as `wp://REPO/ID`, and the
/// answers of `wp status` and `wp ready` as JSON (`wp://status`, `wp://ready`).
enum WorkplanResources {
    static let statusURI = "wp://status"
    static let readyURI = "wp://ready"

    /// One workplan as a resource.
    struct Entry: Sendable, Equatable {
        var uri: String
        var id: String
        var title: String
        var repo: String
        /// The file's display path (a peer's with its prefix), as ``LiveWorkspace/Change`` names it.
        var path: String
    }

    /// Every workplan that has its file's bytes, each URI once (the first of duplicate ids; lint reports the rest).
    static func entries(_ session: WorkspaceSession) -> [Entry] {
        var seen = Set<String>()
        var entries: [Entry] = []
        for repo in session.workspace.repos {
            for workplan in repo.workplans where repo.sources[workplan.path] != nil {
                let uri = uri(repo: repo.name, id: workplan.id)
                guard seen.insert(uri).inserted else { continue }
                entries.append(Entry(uri: uri, id: workplan.id, title: workplan.title ?? "", repo: repo.name, path: workplan.path))
            }
        }
        return entries
    }

    static func list(_ session: WorkspaceSession) -> [Resource] {
        [
            Resource(
                name: "status", uri: statusURI, title: "wp status",
                description: "Every workplan's progress and every blocked task (the JSON of `wp status --format json`).",
                mimeType: "application/json"),
            Resource(
                name: "ready", uri: readyURI, title: "wp ready",
                description: "Tasks that can start now, best first (the JSON of `wp ready --format json`).",
                mimeType: "application/json"),
        ] + entries(session).map { entry in
            Resource(
                name: entry.id.terminalSafe, uri: entry.uri, title: entry.title.terminalSafe,
                description: "Workplan \(entry.id.terminalSafe) in repo \(entry.repo.terminalSafe): \(entry.path.terminalSafePath)",
                mimeType: "text/markdown")
        }
    }

    static let templates = [
        Resource.Template(
            uriTemplate: "wp://{repo}/{id}", name: "workplan", title: "A workplan's markdown",
            description: "The file of workplan ID in REPO, byte for byte as on disk.", mimeType: "text/markdown"),
    ]

    /// The content of `uri`, or nil when no resource has it.
    static func read(_ uri: String, session: WorkspaceSession) throws -> Resource.Content? {
        switch uri {
        case statusURI:
            return .text(try StatusReport(analysis: session.analysis).render(.json, in: RenderContext()), uri: uri, mimeType: "application/json")
        case readyURI:
            return .text(try ReadyList(index: session.index).render(.json, in: RenderContext()), uri: uri, mimeType: "application/json")
        default:
            guard let entry = entries(session).first(where: { $0.uri == uri }),
                  let source = session.workspace.repo(named: entry.repo)?.sources[entry.path]
            else { return nil }
            return .text(String(decoding: source.bytes, as: UTF8.self), uri: uri, mimeType: "text/markdown")
        }
    }

    /// `wp://REPO/ID`, each part percent-encoded beyond letters, digits and `-._~`.
    static func uri(repo: String, id: String) -> String {
        "wp://\(encode(repo))/\(encode(id))"
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func encode(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: unreserved) ?? part
    }
}
