import Foundation
import WorkplanKit

/// Where `wp mcp` may write: inside this repo and its path peers, nowhere else.
///
/// The editor already refuses peers' elements and git peers (a read-only cache);
/// this is the last check before a write, on the real path (symbolic links
/// resolved), so that no id, title or template can steer a write out of the
/// workspace's repos.
struct WriteScope {
    let roots: [String]

    init(_ workspace: Workspace) {
        roots = workspace.repos.compactMap { repo in
            switch repo.kind {
            case .local, .pathPeer: repo.root.map(Self.realPath)
            case .gitPeer: nil
            }
        }
    }

    func check(_ plan: EditPlan) throws(ToolFailure) {
        // A new file does not exist yet: its nearest existing directory decides.
        var existing = plan.path
        while !FileManager.default.fileExists(atPath: existing), existing != "/", !existing.isEmpty {
            existing = (existing as NSString).deletingLastPathComponent
        }
        let real = Self.realPath(existing)
        guard roots.contains(where: { real == $0 || real.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
            throw ToolFailure(
                kind: .failed,
                message: "error: \(plan.displayPath.terminalSafePath) is outside the workspace's repos (this repo and its path peers); "
                    + "wp mcp writes only there; nothing was written")
        }
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
