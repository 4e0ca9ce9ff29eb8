import Foundation
import Testing

/// `bash scripts/install` (issue 29, point 7) with the binary under test, into a temporary PREFIX: what it
/// installs runs from anywhere with its own providers, and its completions and man page are there and load.
@Suite struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A program run to its end with its output in files (the install runs natter dozens of times; nothing
    /// here may fill a pipe nobody reads), from `directory`.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String], directory: String = NSTemporaryDirectory(),
        timeout: Duration = .seconds(300)
    ) async throws -> (code: Int32?, stdout: String, stderr: String) {
        let outputs = NSTemporaryDirectory() + "natter-install-output-" + UUID().uuidString
        _ = FileManager.default.createFile(atPath: outputs + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: outputs + ".err", contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputs + ".out"); try? FileManager.default.removeItem(atPath: outputs + ".err") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputs + ".err"))
        try process.runWithDefaultSignals()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let code: Int32?
        if process.isRunning {
            process.terminate()
            code = nil
        } else {
            code = process.terminationStatus
        }
        let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        return (code, read(outputs + ".out"), read(outputs + ".err"))
    }

    @Test func theInstalledNatterRunsFromAnywhereWithItsProvidersCompletionsAndManPage() async throws {
        let scratch = NSTemporaryDirectory() + "natter-install-" + UUID().uuidString
        let prefix = scratch + "/prefix"
        let home = scratch + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let environment = [
            "PATH": path, "HOME": home, "LANG": "C.UTF-8", "NATTER_CONFIG_DIR": home + "/config", "NATTER_DATA_DIR": home + "/data",
        ]

        let (code, stdout, stderr) = try await Self.run(
            "/bin/bash", [Self.repository + "/scripts/install"],
            environment: environment.merging(["NATTER_BINARY": NatterProcess.binary, "PREFIX": prefix, "SHELL": "/bin/bash"]) { $1 })
        #expect(code == 0, "\(stdout)\n\(stderr)")
        #expect(stdout.hasPrefix("installed natter "), "\(stdout)")
        let natter = prefix + "/bin/natter"
        #expect(FileManager.default.isExecutableFile(atPath: natter))

        // A provider file put only into the installed copy of the built-in providers: listed, it shows that the
        // installed binary reads the folder installed beside it, not the build folder it was copied from.
        let builtins = prefix + "/bin/natter_NatterProviders.resources/BuiltinProviders"
        try #"{"name": "install-marker", "engine": "openai", "host": "http://127.0.0.1:9/v1", "models": []}"#
            .write(toFile: builtins + "/install-marker.json", atomically: true, encoding: .utf8)
        // Run from an unrelated folder, and once more through a link from another folder, as a PATH entry may be.
        let elsewhere = scratch + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: elsewhere + "/natter", withDestinationPath: natter)
        for program in [natter, elsewhere + "/natter"] {
            let (listed, providers, why) = try await Self.run(program, ["providers"], environment: environment, directory: "/tmp")
            #expect(listed == 0, "\(program): \(why)")
            let names = providers.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
            for name in ["openai", "anthropic", "ollama", "install-marker"] {
                #expect(names.contains(name), "\(program) lists \(name): \(providers)")
            }
        }

        let (versionCode, version, _) = try await Self.run(natter, ["--version"], environment: environment, directory: "/tmp")
        #expect(versionCode == 0 && version.hasPrefix("natter "), "\(version)")

        let bash = prefix + "/share/bash-completion/completions/natter"
        let (loaded, completion, loadErr) = try await Self.run(
            "/bin/bash", ["-c", "source \"$0\" && complete -p natter", bash], environment: environment)
        #expect(loaded == 0, "\(loadErr)")
        #expect(completion.hasPrefix("complete ") && completion.hasSuffix(" natter\n"), "\(completion)")

        let manual = try String(contentsOfFile: prefix + "/share/man/man1/natter.1", encoding: .utf8)
        #expect(manual.hasPrefix(".TH NATTER 1 "))
        #expect(manual.contains(".SH \"NATTER DOCTOR\""), "every command has its section")
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_natter", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef natter"))
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/natter.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'natter' "))
    }
}
