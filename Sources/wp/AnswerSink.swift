import WorkplanKit

/// stdout, as it is produced, keeping a copy for the answer cache while it is small enough
/// to be kept (``Limits/answerCacheAnswerBytes``): a larger answer streams on and is not kept.
struct AnswerSink: OutputSink {
    private var output = FileDescriptorSink.standardOutput()
    /// What went through, while it fits; nil once it did not.
    private(set) var kept: [UInt8]? = []

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputWriteError) {
        if kept != nil {
            if kept!.count + bytes.count <= Limits.answerCacheAnswerBytes {
                kept!.append(contentsOf: bytes)
            } else {
                kept = nil
            }
        }
        try output.write(bytes)
    }

    mutating func flush() throws(OutputWriteError) {
        try output.flush()
    }

    mutating func discardPending() -> Bool {
        kept = nil
        return output.discardPending()
    }
}
