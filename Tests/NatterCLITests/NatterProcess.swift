import Foundation
import NatterTestSupport
import Synchronization

/// The built `natter` binary, run with a clean environment: its own HOME and config folder, no keys but the
/// ones a test gives, so a developer's own setup never changes a result.
final class NatterProcess: Sendable {
    private let process: Process
    private let outPipe = Pipe()
    private let errPipe = Pipe()
    private let output = CapturedOutput()

    static let binary: String = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("natter").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.appendingPathComponent(".build/debug/natter").path
    }()

    /// - Parameter fileSizeLimit: in 512-byte blocks, set with `ulimit -f` by a shell that then becomes natter:
    ///   writes past it fail with EFBIG (and raise SIGXFSZ), as on a full disk.
    /// - Parameter withoutTerminal: run under `setsid`, with no controlling terminal (no `/dev/tty`).
    init(
        _ arguments: [String], home: String, environment: [String: String] = [:], stdin: String? = nil, fileSizeLimit: Int? = nil,
        withoutTerminal: Bool = false
    ) throws {
        process = Process()
        if withoutTerminal {
            // --wait: setsid forks when it leads its process group, and its own status would then be 0 at once.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", Self.binary] + arguments
        } else if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -f \(fileSizeLimit) && exec \"$0\" \"$@\"", Self.binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
        }
        var clean = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": home,
            "NATTER_CONFIG_DIR": home + "/config", "NATTER_DATA_DIR": home + "/data", "LANG": "C.UTF-8",
        ]
        clean.merge(environment) { $1 }
        process.environment = clean
        let inPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = inPipe
        outPipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.append(data, toStandardError: false)
        }
        errPipe.fileHandleForReading.readabilityHandler = { [output] handle in
            let data = handle.availableData
            output.append(data, toStandardError: true)
        }
        try process.runWithDefaultSignals()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
    }

    var stdout: String { output.text(ofStandardError: false) }
    var stderr: String { output.text(ofStandardError: true) }

    /// Polls until the condition holds or the deadline passes; returns whether it held.
    func wait(until condition: () -> Bool, timeout: Duration = .seconds(20)) async -> Bool {
        // Off the cooperative pool, which the suite's heavy tests can hold for seconds (see ServingThread).
        await withTaskExecutorPreference(ServingThread.shared) {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if condition() { return true }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return condition()
        }
    }

    /// The exit status, once the process has ended and its output has been read to the end.
    func exitCode(timeout: Duration = .seconds(30)) async -> Int32? {
        guard await wait(until: { !process.isRunning }, timeout: timeout) else {
            process.terminate()
            return nil
        }
        // Output written just before exit may still be in the pipes: drain what is there without waiting for
        // end-of-file, which never comes while some other child process (a tmux server started by a test
        // beside this one) happens to hold a copy of the pipe's write end.
        for (pipe, isOut) in [(outPipe, true), (errPipe, false)] {
            pipe.fileHandleForReading.readabilityHandler = nil
            output.append(Self.drain(pipe.fileHandleForReading.fileDescriptor), toStandardError: !isOut)
        }
        return process.terminationStatus
    }

    private static func drain(_ descriptor: Int32) -> Data {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return data
    }

    func interrupt() { kill(process.processIdentifier, SIGINT) }

    /// Runs to the end and returns (status, stdout, stderr).
    static func run(
        _ arguments: [String], home: String, environment: [String: String] = [:], stdin: String? = nil, fileSizeLimit: Int? = nil,
        withoutTerminal: Bool = false, timeout: Duration = .seconds(30)
    ) async throws -> (Int32?, String, String) {
        let process = try NatterProcess(
            arguments, home: home, environment: environment, stdin: stdin, fileSizeLimit: fileSizeLimit, withoutTerminal: withoutTerminal)
        let code = await process.exitCode(timeout: timeout)
        return (code, process.stdout, process.stderr)
    }
}

enum Scratch {
    static func home() throws -> String {
        let path = NSTemporaryDirectory() + "natter-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/config/providers", withIntermediateDirectories: true)
        return path
    }

    static func provider(_ json: String, named name: String, in home: String) throws {
        try Data(json.utf8).write(to: URL(fileURLWithPath: home + "/config/providers/\(name).json"))
    }
}

/// What the process wrote, gathered from the pipes' reader threads.
private final class CapturedOutput: Sendable {
    private let streams = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))

    func append(_ data: Data, toStandardError: Bool) {
        streams.withLock { toStandardError ? $0.stderr.append(data) : $0.stdout.append(data) }
    }

    func text(ofStandardError: Bool) -> String {
        streams.withLock { String(decoding: ofStandardError ? $0.stderr : $0.stdout, as: UTF8.self) }
    }
}
