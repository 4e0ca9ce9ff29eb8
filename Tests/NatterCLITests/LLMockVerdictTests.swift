import Foundation
import NatterTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// llmock (PyPI), a third-party chaos server for OpenAI- and Anthropic-style APIs, breaks requests on
/// demand and judges how the client coped: a retry that ignored Retry-After, a retried 4xx, a truncated
/// stream accepted, a retry storm are errors (FAIL); giving up on a retryable fault or ignoring a
/// malformed chunk are warnings. Every scenario it has (but the tool faults, which need tools offered) runs
/// here against the real `natter -p` for both engines, and each verdict is written to
/// `.build/test-reports/llmock-verdicts.txt`. `bash scripts/test` installs llmock into `.build/test-tools`.
@Suite(.serialized) struct LLMockVerdictTests {
    struct Scenario: Sendable, CustomStringConvertible {
        var name: String
        var behavior: String
        /// The provider's `timeout_seconds`: short where the fault is a stall.
        var timeout = 10
        var description: String { name }
    }

    static let scenarios: [Scenario] = [
        Scenario(name: "429 with Retry-After", behavior: #"{"type":"fail","status":429,"retry_after":1}"#),
        Scenario(name: "503 twice", behavior: #"{"type":"fail","status":503,"retry_after":0,"times":2}"#),
        Scenario(name: "529 overloaded", behavior: #"{"type":"fail","status":529,"retry_after":0}"#),
        Scenario(name: "500 burst", behavior: #"{"type":"fail","status":500,"times":2}"#),
        Scenario(name: "outage (503 for ever)", behavior: #"{"type":"fail","status":503,"retry_after":0,"times":null}"#),
        Scenario(name: "400 context length", behavior: #"{"type":"fail","status":400,"code":"context_length_exceeded","message":"maximum context length exceeded"}"#),
        Scenario(name: "401", behavior: #"{"type":"fail","status":401}"#),
        Scenario(name: "404", behavior: #"{"type":"fail","status":404}"#),
        Scenario(name: "422", behavior: #"{"type":"fail","status":422}"#),
        Scenario(name: "disconnect before any text", behavior: #"{"type":"stream_fault","kind":"disconnect","after_chunks":0}"#),
        Scenario(name: "disconnect after text (kept, marked interrupted)", behavior: #"{"type":"stream_fault","kind":"disconnect","after_chunks":4}"#),
        Scenario(name: "truncate before any text", behavior: #"{"type":"stream_fault","kind":"truncate","after_chunks":0}"#),
        Scenario(name: "malformed first chunk", behavior: #"{"type":"stream_fault","kind":"malformed","after_chunks":0}"#),
        Scenario(name: "stall before any text", behavior: #"{"type":"stream_fault","kind":"stall","after_chunks":0,"stall_seconds":4}"#, timeout: 1),
        Scenario(name: "delay", behavior: #"{"type":"delay","seconds":1}"#),
        Scenario(name: "slow first token", behavior: #"{"type":"slow_first_token","seconds":1}"#),
    ]

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let llmock = repository.appendingPathComponent(".build/test-tools/bin/llmock").path
    static let report = repository.appendingPathComponent(".build/test-reports/llmock-verdicts.txt").path

    @Test func everyScenarioEndsWithoutAFailVerdictForBothEngines() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.llmock), "llmock is missing: `bash scripts/test` installs it into .build/test-tools")
        let server = try await LLMockServer.start(executable: Self.llmock)
        do {
            try await Self.runEveryScenario(against: server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func runEveryScenario(against server: LLMockServer) async throws {
        let home = try Scratch.home()
        var lines: [String] = []
        for scenario in Self.scenarios {
            for engine in ["openai", "anthropic"] {
                let host = engine == "openai" ? "\(server.url)/v1" : "\(server.url)/anthropic"
                try Scratch.provider(
                    #"{ "name": "chaos", "engine": "\#(engine)", "host": "\#(host)", "models": [{"name": "mock-model"}], "timeout_seconds": \#(scenario.timeout), "retry": {"max_retries": 3, "initial_delay_ms": 200, "max_delay_ms": 5000} }"#,
                    named: "chaos", in: home)
                try await server.post("/_llmock/reset", body: "{}")
                try await server.post("/_llmock/scenario", body: #"{"behaviors":[\#(scenario.behavior.dropLast()),"match":{"provider":"\#(engine)"}}]}"#)
                let (code, _, stderr) = try await NatterProcess.run(["-p", "Hi there", "--provider", "chaos", "--no-save"], home: home)
                let verdict = try await server.verdict()
                let line = "\(engine) · \(scenario.name): \(verdict.summary) · natter exit \(code.map(String.init) ?? "none")"
                    + (code == 0 ? "" : " · \(stderr.split(separator: "\n").last ?? "")")
                lines.append(line)
                #expect(verdict.errors == 0, "\(line)")
            }
        }
        try FileManager.default.createDirectory(atPath: (Self.report as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(toFile: Self.report, atomically: true, encoding: .utf8)
        print(lines.joined(separator: "\n"))
    }
}

/// `llmock serve` on a free loopback port, stopped (SIGTERM) when the test ends.
final class LLMockServer: Sendable {
    let url: String
    private let process: Process

    private init(url: String, process: Process) {
        self.url = url
        self.process = process
    }

    static func start(executable: String) async throws -> LLMockServer {
        let port = try FreePort.find()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "--stream-chunk-delay-ms", "20"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.runWithDefaultSignals()
        let server = LLMockServer(url: "http://127.0.0.1:\(port)", process: process)
        let deadline = ContinuousClock.now + .seconds(30)
        // Polls only while llmock runs: one that failed to start must not send its health checks on to whoever
        // holds the port.
        while ContinuousClock.now < deadline, process.isRunning {
            if (try? await server.get("/health"))?.contains("\"ok\"") == true { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        await server.stop()
        throw CocoaError(.featureUnsupported)
    }

    /// SIGTERM, then SIGKILL: uvicorn's graceful shutdown can wait on idle keep-alive connections. Waits
    /// with Task.sleep: blocking one of Swift's two task threads here starved the timing tests beside it.
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(3)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    struct Verdict {
        var passed: Bool
        var errors: Int
        var warnings: Int
        var findings: [String]
        var summary: String {
            (passed ? (warnings > 0 ? "WARN" : "PASS") : "FAIL") + (findings.isEmpty ? "" : " (\(findings.joined(separator: ", ")))")
        }
    }

    func verdict() async throws -> Verdict {
        let text = try await get("/_llmock/verdict")
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let findings = (document["findings"] as? [[String: Any]] ?? []).map { "\($0["severity"] ?? "?"):\($0["code"] ?? "?")" }
        return Verdict(
            passed: document["passed"] as? Bool ?? false, errors: document["errors"] as? Int ?? -1,
            warnings: document["warnings"] as? Int ?? 0, findings: findings)
    }

    func get(_ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: url + path)!)
        return String(decoding: data, as: UTF8.self)
    }

    func post(_ path: String, body: String) async throws {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        _ = try await URLSession.shared.data(for: request)
    }
}

