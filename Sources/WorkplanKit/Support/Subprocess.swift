import Foundation

/// Runs a command line tool (git) and collects its output, with a time limit
/// so a hanging remote can never hang wp.
struct CommandRunner: Sendable {
    struct Output: Sendable {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
        var timedOut: Bool
    }

    var timeout: TimeInterval = 120

    /// - Parameter input: fed to the child's stdin from a temporary file — never through a pipe,
    ///   whose writer would get SIGPIPE if the child failed to start.
    func run(_ executable: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:],
             input: Data? = nil) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = FileHandle.nullDevice
        if let input {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("wp-stdin-\(UUID().uuidString)")
            guard (try? input.write(to: file)) != nil, let handle = FileHandle(forReadingAtPath: file.path) else {
                return Output(status: 127, stdout: [], stderr: "cannot stage input for \(executable)", timedOut: false)
            }
            // The open handle keeps the data readable after the name is gone.
            try? FileManager.default.removeItem(at: file)
            process.standardInput = handle
        }
        do {
            try process.run()
        } catch {
            return Output(status: 127, stdout: [], stderr: "cannot run \(executable): \(error.localizedDescription)", timedOut: false)
        }
        // Read both pipes concurrently so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var stdoutData = Data()
        nonisolated(unsafe) var stderrData = Data()
        group.enter()
        DispatchQueue.global().async {
            stdoutData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            stderrData = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        var timedOut = false
        if group.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            group.wait()
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: [UInt8](stdoutData),
            stderr: String(decoding: stderrData, as: UTF8.self), timedOut: timedOut)
    }
}
