import Foundation

/// Runs `git` so that nothing read from a file can make it run a command.
///
/// Callers put `--` or `--end-of-options` before every value that came from a
/// file (refs, URLs, revisions) and validate refs and URLs first
/// (``GitRefName``, ``GitRemoteURL``); this type pins what git reads besides
/// its arguments:
/// - no hook ever runs (`core.hooksPath=/dev/null`) and no fsmonitor daemon starts;
/// - transports are https, ssh and file only (`protocol.allow=never` for the rest,
///   so never `ext::`), whatever `GIT_ALLOW_PROTOCOL` says;
/// - no prompt: no terminal (the child has none), no askpass program;
/// - no system config (`GIT_CONFIG_NOSYSTEM`), and none of the variables that
///   point git at another repository (`GIT_DIR`, ...) leak in from wp's caller;
/// - no automatic gc or maintenance that could detach and outlive the call.
struct GitRunner: Sendable {
    var timeout: TimeInterval

    static let configuration: [String] = [
        "core.hooksPath=/dev/null",
        "core.fsmonitor=false",
        "core.askPass=",
        "protocol.allow=never",
        "protocol.https.allow=always",
        "protocol.ssh.allow=always",
        "protocol.file.allow=always",
        "credential.interactive=never",
        "gc.auto=0",
        "maintenance.auto=false",
        "fetch.recurseSubmodules=false",
        "submodule.recurse=false",
    ]

    static let environment: [String: String] = [
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_TERMINAL_PROMPT": "0",
        "GCM_INTERACTIVE": "never",
        "SSH_ASKPASS_REQUIRE": "never",
        "LC_ALL": "C",
    ]

    /// Variables that would point git at another repository, widen the allowed
    /// transports, or start a prompt or a program of the caller's choosing.
    static let removedEnvironment: [String] = [
        "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_SHALLOW_FILE", "GIT_GRAFT_FILE", "GIT_REPLACE_REF_BASE",
        "GIT_NO_REPLACE_OBJECTS", "GIT_PREFIX", "GIT_IMPLICIT_WORK_TREE", "GIT_INTERNAL_SUPER_PREFIX",
        "GIT_ALLOW_PROTOCOL", "GIT_PROTOCOL_FROM_USER", "GIT_ASKPASS", "SSH_ASKPASS",
        "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR", "GIT_CONFIG",
    ]

    /// `git -c … [-C repository] arguments`.
    func run(_ arguments: [String], in repository: String? = nil, input: Data? = nil) -> CommandRunner.Output {
        let options = Self.configuration.flatMap { ["-c", $0] } + (repository.map { ["-C", $0] } ?? [])
        return CommandRunner(timeout: timeout).run(
            "git", options + arguments, environment: Self.environment, removingEnvironment: Self.removedEnvironment, input: input)
    }

    /// What went wrong, for a message: git's whole error, one line, control characters shown escaped.
    static func explain(_ output: CommandRunner.Output, timeout: TimeInterval) -> String {
        if output.timedOut { return "it did not finish within \(Int(timeout)) s" }
        if output.outputLimitExceeded { return "it printed more than \(Limits.maximumCommandOutput / 1024 / 1024) MiB" }
        let text = errorText(output.stderr)
        return text.isEmpty ? "exit status \(output.status)" : text
    }

    /// Every meaningful line of git's standard error, joined: a line that
    /// continues a sentence (lower-case start, no `word:` prefix) joins with a
    /// space, others with "; "; capped at ``Limits/maximumGitErrorLength``.
    static func errorText(_ stderr: String) -> String {
        var text = ""
        for rawLine in stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            if !text.isEmpty {
                let word = line.prefix { $0.isLetter }
                let labelled = !word.isEmpty && line.dropFirst(word.count).hasPrefix(":")  // "fatal:", "error:", "remote:"
                let continues = (line.first?.isLowercase ?? false) && !labelled
                text += continues || text.hasSuffix(".") ? " " : "; "
            }
            text += line
        }
        return escapedForMessage(text, limit: Limits.maximumGitErrorLength)
    }

    /// `text` with every control character shown as an escape (`\n`, `\e`, `\x07`), cut at `limit` characters.
    static func escapedForMessage(_ text: String, limit: Int) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += " …"
                break
            }
            count += 1
            switch scalar.value {
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x1B: result += "\\e"
            case 0x00..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029:
                result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// True for a full object id (SHA-1 or SHA-256, lower-case hex).
    static func isObjectID(_ text: String) -> Bool {
        (text.utf8.count == 40 || text.utf8.count == 64) && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
