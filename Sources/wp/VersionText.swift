import WorkplanKit

/// What `wp --version` prints: the release and the git commit this binary was
/// built from (`BuildInfo` is generated at build time by the BuildInfo plugin).
enum VersionText {
    static let current = "\(WorkplanKitVersion.current) (commit \(BuildInfo.commit)\(BuildInfo.isModified ? ", modified" : ""))"
}
