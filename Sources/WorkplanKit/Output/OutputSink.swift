#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a rendered result goes, a chunk at a time: standard output, a file, memory.
///
/// A view that streams (``OutputView/render(_:in:to:)``) writes its output here as it
/// produces it, so a large document is never held whole. A sink may hold what it is given
/// and write it out later (``flush()`` writes everything held); what it has written out
/// cannot be taken back, which is why ``discardPending()`` says whether anything was.
public protocol OutputSink {
    /// Takes `bytes`: written out now, or held until ``flush()`` or until a buffer is full.
    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError)

    /// Writes out everything held.
    mutating func flush() throws(OutputWriteError)

    /// Drops what is held and not yet written out (the rest of a result that failed midway).
    /// - Returns: true when some bytes were already written out: the reader has a beginning
    ///   without its end.
    mutating func discardPending() -> Bool
}

extension OutputSink {
    /// Takes the bytes of `bytes`.
    public mutating func write(_ bytes: [UInt8]) throws(OutputWriteError) {
        try bytes.withUnsafeBufferPointer { buffer throws(OutputWriteError) in try write(buffer) }
    }

    /// Takes the UTF-8 bytes of `text`.
    public mutating func write(_ text: String) throws(OutputWriteError) {
        var text = text
        // `withUTF8` rethrows untyped: the failure is carried out as a value.
        let failure: OutputWriteError? = text.withUTF8 { buffer in
            do throws(OutputWriteError) {
                try write(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}

/// A sink that writes to an open file descriptor through a buffer of
/// ``Limits/outputBufferBytes``: few `write(2)` calls, bounded memory. Failed writes are
/// ``OutputWriter``'s: EINTR retried, a full non-blocking pipe waited for, disk full or a
/// closed pipe (with SIGPIPE ignored) an ``OutputWriteError``.
///
/// Nothing is written before the buffer fills or ``flush()`` is called: a result that fails
/// within its first ``Limits/outputBufferBytes`` leaves the descriptor untouched.
public struct FileDescriptorSink: OutputSink {
    /// The descriptor written to; the sink never closes it.
    public let descriptor: Int32
    /// The name a write error gives it ("standard output").
    public let name: String
    /// Bytes written out so far.
    public private(set) var bytesWrittenOut = 0
    private let capacity: Int
    private var buffer: [UInt8] = []

    /// A sink writing to `descriptor` (named `name` in errors), holding up to `capacity` bytes.
    public init(descriptor: Int32, name: String, capacity: Int = Limits.outputBufferBytes) {
        self.descriptor = descriptor
        self.name = name
        self.capacity = max(1, capacity)
        buffer.reserveCapacity(self.capacity)
    }

    /// A sink writing to standard output.
    public static func standardOutput() -> FileDescriptorSink {
        FileDescriptorSink(descriptor: STDOUT_FILENO, name: "standard output")
    }

    /// Fills the buffer and writes it out whenever it is full: every write but the last is
    /// exactly `capacity` bytes, whatever the sizes of the chunks.
    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let taken = rest.prefix(capacity - buffer.count)
            buffer.append(contentsOf: taken)
            rest = rest.dropFirst(taken.count)
            if buffer.count == capacity { try flush() }
        }
    }

    public mutating func flush() throws(OutputWriteError) {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBufferPointer { bytes throws(OutputWriteError) in
            try OutputWriter.write(bytes, to: descriptor, name: name)
        }
        bytesWrittenOut += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    public mutating func discardPending() -> Bool {
        buffer.removeAll(keepingCapacity: true)
        return bytesWrittenOut > 0
    }
}

/// A sink that keeps every byte in memory: a streamed view as one string (``OutputView``'s
/// string rendering, tests, answers held for later).
public struct CollectingSink: OutputSink {
    /// Every byte taken so far.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// The bytes as text (they are UTF-8: every view writes valid UTF-8).
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError) {
        self.bytes.append(contentsOf: bytes)
    }

    public mutating func flush() throws(OutputWriteError) {}

    /// Drops everything: nothing here was written anywhere.
    public mutating func discardPending() -> Bool {
        bytes.removeAll()
        return false
    }
}

/// The sink of ``OutputWriter/write(toFile:_:)``: a ``FileDescriptorSink`` on the file itself
/// (a device, a FIFO) or on the temporary file that replaces it at the end.
public struct FileSink: OutputSink {
    private var base: FileDescriptorSink
    /// Nothing reaches the named file before the end: its replacement is renamed over it.
    private let replacing: Bool

    init(_ base: FileDescriptorSink, replacing: Bool) {
        self.base = base
        self.replacing = replacing
    }

    public mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError) {
        try base.write(bytes)
    }

    public mutating func flush() throws(OutputWriteError) {
        try base.flush()
    }

    /// ``flush()`` with its error as a render's.
    mutating func flushForRender() throws(RenderError) {
        do {
            try base.flush()
        } catch {
            throw .output(error)
        }
    }

    /// A replaced file was not touched (the temporary file is removed): nothing was written out.
    public mutating func discardPending() -> Bool {
        base.discardPending() && !replacing
    }
}
