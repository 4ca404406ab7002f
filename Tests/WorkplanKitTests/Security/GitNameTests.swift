import Foundation
import Testing
@testable import WorkplanKit

// Issue 10, item 1: a git peer's `ref` became an option of `git fetch`
// (`--upload-pack=…`). A ref must be a branch or tag name, judged by git's own
// `git check-ref-format --branch`; a URL must use an allowed transport and can
// never start an option. The oracle here is the real git.

@Suite("Security: git refs and URLs from .wp.yaml (issue 10, item 1)")
struct GitNameTests {
    static let refs = [
        "main", "release/1.0", "v1.2.3", "a.b", "ümlaut", "a@b", "feature/x-y_z",
        "--upload-pack=touch${IFS}/tmp/x", "-x", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[", "a\\b",
        "/a", "a/", "a//b", ".a", "a/.b", "a.lock", "a/b.lock/c", "a.", "a@{b", "@{-1}", "a\u{1}b", "a\u{7F}b", "",
    ]

    @Test(arguments: refs)
    func refsAreJudgedLikeGitCheckRefFormatBranch(_ ref: String) throws {
        // Outside any repository: inside one, git resolves `@{-1}` to the previously checked-out branch.
        let git = CommandRunner(timeout: 30).run("git", ["check-ref-format", "--branch", ref], in: NSTemporaryDirectory(),
                                                 environment: ["GIT_CEILING_DIRECTORIES": NSTemporaryDirectory()])
        let gitAccepts = git.status == 0
        #expect((GitRefName.problem(ref) == nil) == gitAccepts,
                "\(ref.debugDescription): git says \(gitAccepts ? "valid" : "invalid"), wp says \(GitRefName.problem(ref) ?? "valid")")
    }

    @Test func refsGitAcceptsButWpRefuses() {
        // `+main` reads as a forced refspec; `@` alone is shorthand for HEAD, not a name.
        #expect(GitRefName.problem("+main") != nil)
        #expect(GitRefName.problem("@") != nil)
        // HEAD (the remote's default branch) is a valid ref name, though not a branch name.
        #expect(GitRefName.problem("HEAD") == nil)
        #expect(GitRefName.problem("-x")?.contains("option") == true)
    }

    static let accepted = [
        "https://git.example.org/team/repo.git", "ssh://git@git.example.org/team/repo.git", "git@github.com:team/repo.git",
        "file:///srv/git/repo.git", "ssh://git.example.org:2222/repo", "HTTPS://example.org/x",
    ]
    static let refused = [
        "--upload-pack=touch /tmp/x", "-oProxyCommand=touch x:y", "ext::sh -c touch% /tmp/x", "fd::3", "git://example.org/x",
        "http://example.org/x", "ssh://-oProxyCommand=touch/x", "ssh://user@-host/x", "https:///x", "/srv/git/repo.git",
        "../peer.git", "transport::address", "file:///x\ny", "",
    ]

    @Test(arguments: accepted)
    func allowedTransportsPass(_ url: String) {
        #expect(GitRemoteURL.problem(url) == nil, "\(url): \(GitRemoteURL.problem(url) ?? "")")
    }

    @Test(arguments: refused)
    func otherTransportsAndOptionsAreRefused(_ url: String) {
        #expect(GitRemoteURL.problem(url) != nil, "\(url.debugDescription) was accepted")
    }

    @Test func passwordsAreNotShown() {
        #expect(GitRemoteURL.redacted("https://ci:s3cr3t@git.example.org/x.git") == "https://ci:***@git.example.org/x.git")
        #expect(GitRemoteURL.redacted("https://git.example.org/x.git") == "https://git.example.org/x.git")
        #expect(GitRemoteURL.redacted("git@github.com:team/repo.git") == "git@github.com:team/repo.git")
    }

    @Test func gitErrorsAreWholeAndEscaped() {
        // What `git fetch` prints for a missing repository: the last line alone says nothing.
        let stderr = """
            fatal: '/srv/peer.git' does not appear to be a git repository
            fatal: Could not read from remote repository.

            Please make sure you have the correct access rights
            and the repository exists.

            """
        #expect(GitRunner.errorText(stderr) == "fatal: '/srv/peer.git' does not appear to be a git repository; "
            + "fatal: Could not read from remote repository. Please make sure you have the correct access rights and the repository exists.")
        #expect(GitRunner.errorText("remote: \u{1B}]52;c;aGk=\u{07}evil\n") == "remote: \\e]52;c;aGk=\\x07evil")
        let long = GitRunner.errorText(String(repeating: "x", count: Limits.maximumGitErrorLength + 10))
        #expect(long.count == Limits.maximumGitErrorLength + 2)
        #expect(long.hasSuffix(" …"))
    }
}
