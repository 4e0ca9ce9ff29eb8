import Foundation
import Testing

/// `bash scripts/natter` builds quietly (issue 29, point 11): one line while it builds, the compiler's errors only
/// when it fails. The build itself is played by a `swift` of the test's own on PATH, so no real build runs here.
@Suite struct QuietBuildTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs scripts/lib/quiet-build.sh's function in a copy of the scripts, with `swift` printing `lines` lines
    /// and exiting with `status`.
    static func build(lines: Int, status: Int32, errorLine: String? = nil) throws -> (code: Int32, stderr: String) {
        let folder = NSTemporaryDirectory() + "natter-quiet-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/scripts/lib", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for script in ["scripts/lib/quiet-build.sh"] {
            try FileManager.default.copyItem(atPath: repository.appendingPathComponent(script).path, toPath: folder + "/" + script)
        }
        // The packages are there already on this machine; the copy's ensure-system-packages says nothing.
        try "#!/bin/sh\nexit 0\n".write(toFile: folder + "/scripts/ensure-system-packages", atomically: true, encoding: .utf8)
        let fake = "#!/bin/sh\ni=0\nwhile [ $i -lt \(lines) ]; do echo \"[$i/\(lines)] Compiling Something.swift\"; i=$((i+1)); done\n"
            + (errorLine.map { "echo '\($0)'\n" } ?? "") + "exit \(status)\n"
        try fake.write(toFile: folder + "/bin/swift", atomically: true, encoding: .utf8)
        chmod(folder + "/bin/swift", 0o755)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "cd \"$1\" && source scripts/lib/quiet-build.sh && natter_quiet_build", "bash", folder]
        process.environment = ["PATH": folder + "/bin:/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func aBuildSaysOneLineAndAFailedOneShowsItsErrors() throws {
        let quiet = try Self.build(lines: 1000, status: 0)
        #expect(quiet.code == 0)
        #expect(quiet.stderr.split(separator: "\n").count == 1 && quiet.stderr.contains("the first build takes about"), "\(quiet.stderr)")
        let failed = try Self.build(lines: 1000, status: 1, errorLine: "Sources/natter/Natter.swift:3:1: error: expected declaration")
        #expect(failed.code != 0)
        #expect(failed.stderr.contains("error: expected declaration") && failed.stderr.contains("the build failed"), "\(failed.stderr)")
        #expect(failed.stderr.split(separator: "\n").count < 70, "the errors, not the thousand lines")
    }
}
