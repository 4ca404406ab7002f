import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Output could not be written (disk full, a closed pipe with SIGPIPE ignored, a
/// read-only target). wp exits 2 with this message.
public struct OutputWriteError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The `errno` of the failed system call, when one failed.
    public var systemError: Int32?

    public init(_ message: String, systemError: Int32? = nil) {
        self.message = message
        self.systemError = systemError
    }

    public var description: String { message }
}

/// Writes results where the user asked: standard output or a `-o FILE`.
///
/// `FileHandle.write(_:)` traps on a failed write (`wp status > /dev/full`
/// died with SIGILL); these functions report the failure instead.
public enum OutputWriter {
    /// Writes all of `text` to the open descriptor, retrying on EINTR and waiting
    /// when a non-blocking descriptor is full.
    ///
    /// A closed pipe keeps the conventional behaviour: SIGPIPE ends wp silently
    /// (`wp status | head -1`); when the signal is ignored, EPIPE is reported like
    /// any other failure.
    public static func write(_ text: String, to descriptor: Int32, name: String) throws(OutputWriteError) {
        var text = text
        if let failure = text.withUTF8({ writeAll($0, to: descriptor) }) { throw writeFailure(failure, name: name) }
    }

    /// Writes all of `bytes` to the open descriptor, as ``write(_:to:name:)`` writes a string
    /// (the bytes of a ``FileDescriptorSink``).
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32, name: String) throws(OutputWriteError) {
        if let failure = writeAll(bytes, to: descriptor) { throw writeFailure(failure, name: name) }
    }

    private static func writeFailure(_ code: Int32, name: String) -> OutputWriteError {
        OutputWriteError("error: cannot write to \(name): \(String(cString: strerror(code)))", systemError: code)
    }

    /// Writes `text` to the file at `path` (the `-o FILE` of `wp report`), as
    /// ``write(toFile:_:)`` writes what it is given.
    public static func write(_ text: String, toFile path: String) throws(OutputWriteError) {
        do throws(RenderError) {
            try write(toFile: path) { sink throws(RenderError) in
                do throws(OutputWriteError) {
                    try sink.write(text)
                } catch {
                    throw .output(error)
                }
            }
        } catch {
            if case .output(let failure) = error { throw failure }
            throw OutputWriteError(error.description)
        }
    }

    /// Writes to the file at `path` what `produce` writes to its sink, as it is produced.
    ///
    /// A regular file (or a new one) is replaced atomically: a temporary file in the
    /// same directory, then `rename(2)`; an existing file keeps its permission bits,
    /// and a file wp may not write is refused, as `>` would. Anything else (a
    /// device such as `/dev/stdout`, a FIFO) is written in place, never replaced.
    /// A symbolic link is followed. When `produce` or a write fails, a replaced file is
    /// left as it was (the temporary file is removed).
    public static func write(toFile path: String, _ produce: (inout FileSink) throws(RenderError) -> Void) throws(RenderError) {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let shown = path.terminalSafePath
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists, (info.st_mode & S_IFMT) != S_IFREG {
            let handle = open(target, O_WRONLY | O_CLOEXEC)
            guard handle >= 0 else { throw .output(OutputWriteError("error: cannot write \(shown): \(errnoText())")) }
            defer { close(handle) }
            var sink = FileSink(FileDescriptorSink(descriptor: handle, name: shown), replacing: false)
            try produce(&sink)
            try sink.flushForRender()
            return
        }
        if exists, access(target, W_OK) != 0 {
            throw .output(OutputWriteError("error: cannot write \(shown): \(errnoText()); nothing was written"))
        }
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/." + name + ".wp-tmp-\(getpid())-"
            + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let handle = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard handle >= 0 else { throw .output(OutputWriteError("error: cannot write \(shown): \(errnoText())")) }
        var committed = false
        defer { if !committed { unlink(temporary) } }
        func unwritten(_ code: Int32) -> RenderError {
            .output(OutputWriteError("error: cannot write \(shown): \(String(cString: strerror(code))); nothing was written"))
        }
        var sink = FileSink(FileDescriptorSink(descriptor: handle, name: shown), replacing: true)
        do {
            try produce(&sink)
            try sink.flushForRender()
        } catch {
            close(handle)
            if case .output(let failure) = error, let code = failure.systemError { throw unwritten(code) }
            throw error
        }
        var failure: Int32?
        if exists, fchmod(handle, info.st_mode & 0o7777) != 0 { failure = errno }
        if failure == nil, fsync(handle) != 0 { failure = errno }
        if close(handle) != 0, failure == nil { failure = errno }
        if let failure { throw unwritten(failure) }
        guard rename(temporary, target) == 0 else { throw unwritten(errno) }
        committed = true
    }

    /// Writes every byte; returns the errno of a failure, nil on success.
    private static func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32? {
        guard let base = buffer.baseAddress else { return nil }
        var written = 0
        while written < buffer.count {
            let result = posixWrite(descriptor, base + written, buffer.count - written)
            if result >= 0 {
                written += result
                continue
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&ready, 1, -1)
            default:
                return errno
            }
        }
        return nil
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// write(2); a free function because `OutputWriter.write` shadows the name inside the type.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
