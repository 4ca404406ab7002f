import ArgumentParser
import Foundation
import WorkplanKit

/// stdout for results, stderr for wp's own problems; the one place a command's output leaves wp.
enum Terminal {
    /// Writes results to stdout; a failed write (disk full, a closed file) is exit 2 with a message.
    static func write(_ text: String) throws {
        do {
            try OutputWriter.write(text, to: STDOUT_FILENO, name: "standard output")
        } catch {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Writes bytes (a kept answer, as it was written) to stdout, as ``write(_:)`` writes text.
    static func write(_ bytes: [UInt8]) throws {
        do {
            try bytes.withUnsafeBufferPointer { buffer throws(OutputWriteError) in
                try OutputWriter.write(buffer, to: STDOUT_FILENO, name: "standard output")
            }
        } catch {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Renders `view` in `format` with the stdout's style (`--color`); a failure is exit 2 with its message.
    static func render(_ view: some OutputView, _ format: OutputFormat, color: ColorChoice = .auto) throws -> String {
        let style = format == .text ? Terminal.style(color) : .plain
        do {
            return try view.render(format, in: RenderContext(style: style))
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Renders `view` and writes it to stdout as it is produced.
    static func show(_ view: some OutputView, _ format: OutputFormat) throws {
        var sink = FileDescriptorSink.standardOutput()
        try show(view, format, color: .auto, to: &sink)
    }

    /// Renders `view` in the format and colour the command line asked for and writes it to stdout
    /// as it is produced (large JSON a chunk at a time, see ``JSONOutput/stream(_:to:)``).
    static func show<View: OutputView>(_ view: View, _ output: FormatOption<View>) throws {
        var sink = FileDescriptorSink.standardOutput()
        try show(view, output, to: &sink)
    }

    /// Renders `view` as the command line asked into `sink`, then flushes it: stdout, or a sink
    /// of the caller's (one that also keeps a copy). A failure is exit 2 with its message, the
    /// sink's unwritten bytes dropped; when the beginning of a streamed JSON document had
    /// already been written out, the message says that the output stops mid-document.
    static func show<View: OutputView>(_ view: View, _ output: FormatOption<View>, to sink: inout some OutputSink) throws {
        try show(view, output.format, color: output.color, to: &sink)
    }

    private static func show(_ view: some OutputView, _ format: OutputFormat, color: ColorChoice, to sink: inout some OutputSink) throws {
        let style = format == .text ? Terminal.style(color) : .plain
        do throws(RenderError) {
            try view.render(format, in: RenderContext(style: style), to: &sink)
            do {
                try sink.flush()
            } catch {
                throw .output(error)
            }
        } catch {
            _ = sink.discardPending()
            Terminal.error("\(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Writes a message to stderr, line by line ``terminalSafe``: whatever a message
    /// quotes from a file, no control character and no line starting with `:` gets out.
    /// A failed write to stderr is ignored: there is nowhere left to say so.
    static func error(_ text: String) {
        let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
        // On a terminal a message first clears the line, where a ``ProgressLine`` may stand.
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        try? OutputWriter.write(clear + body.terminalSafeLines + "\n", to: STDERR_FILENO, name: "standard error")
    }

    static func style(_ choice: ColorChoice = .auto, environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalStyle {
        TerminalStyle.choosing(choice, isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
    }

    /// Prints diagnostics to stderr, one `path:line:col: severity: message [rule]` per line.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics.sorted() { error(diagnostic.description) }
    }

    /// Ends the run with `status`, right here: a read command's last step, after its output.
    ///
    /// Returning would free the whole model (every workplan, the graph, the analysis) one
    /// object at a time, about 8 % of a warm `wp status` on 1,000 workplans; the kernel
    /// takes the process's memory back at once. Output is already written (``OutputWriter``
    /// writes to the descriptor, unbuffered).
    ///
    /// A build with LeakSanitizer (`make test-sanitizers`) unwinds instead: at `exit` the
    /// model is still allocated but no longer reachable from any stack, and the leak
    /// checker would report all of it (and turn the exit code into 1).
    static func exit(_ status: ExitStatus) throws -> Never {
        if leakCheckerIsLinked { throw ExitCode(status.rawValue) }
        Foundation.exit(status.rawValue)
    }

    /// True in a build that links LeakSanitizer (AddressSanitizer brings it): its entry point
    /// is then a symbol of the process.
    private static let leakCheckerIsLinked = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__lsan_do_leak_check") != nil
}

extension WorkspaceSession {
    /// Ends a read command the same way for every command: load problems on
    /// stderr, then `status` — raised to exit 2 after a partial read unless
    /// `--allow-partial` was given.
    func finish(_ status: ExitStatus = .success, peersDecidedPerRequirement: Bool = false) throws {
        Terminal.report(loadProblems)
        try Terminal.exit(exitStatus(for: status, peersDecidedPerRequirement: peersDecidedPerRequirement))
    }

    /// A reading command's last step: renders `view` as the command line asked, writes it and
    /// ends the run (``finish(answer:_:)``), keeping it as the answer to this command line.
    func answer<View: OutputView>(_ view: View, _ output: FormatOption<View>) throws {
        try finish(answer: showKeeping(view, output))
    }

    /// Writes `view` to stdout as the command line asked, as it is produced; returns what it
    /// wrote when that is small enough to keep as the run's answer (``AnswerSink``).
    func showKeeping<View: OutputView>(_ view: View, _ output: FormatOption<View>) throws -> [UInt8]? {
        var sink = AnswerSink()
        try Terminal.show(view, output, to: &sink)
        return sink.kept
    }

    /// ``finish(_:peersDecidedPerRequirement:)`` for a command whose whole stdout was `answer`
    /// (nil: too large to keep): when there are no load problems (nothing goes to stderr), the
    /// answer and its exit status are kept for the next run with the same question over the same inputs.
    func finish(answer: [UInt8]?, _ status: ExitStatus = .success) throws {
        if let answer, loadProblems.isEmpty { remember(CachedAnswer(output: answer, status: exitStatus(for: status))) }
        try finish(status)
    }

    /// The element an id on the command line names, or exit 2 saying why (load problems first: they may be the reason).
    func element(named id: String) throws -> Int {
        do {
            return try element(id)
        } catch {
            Terminal.report(loadProblems)
            Terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }

    /// Checks a `--repo` value; exit 2 naming the known repos.
    func requireRepo(_ name: String?) throws {
        do {
            try checkRepo(name)
        } catch {
            Terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}

extension WorkspaceSession {
    /// The gate a command-line id names (`ID` or `repo:ID`), or exit 2 saying why.
    func gate(named id: String) throws -> Int {
        do {
            return try gate(id)
        } catch {
            Terminal.report(loadProblems)
            Terminal.error("error: \(error)")
            throw ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
