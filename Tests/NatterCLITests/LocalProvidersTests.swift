import Foundation
import NatterTestSupport
import Testing

/// `natter providers` says whether each local server is running (issue 31, point 1): with its models when it
/// answers, with the address tried when nothing does, never "ready" for a server that is not there.
@Suite struct LocalProvidersTests {
    @Test func aLocalServerIsRunningWithItsModelsOrNotRunningWithTheAddressTried() async throws {
        let ollama = try await LoopbackServer.start { request, _ in
            request.path == "/api/tags" ? .json(#"{"models":[{"name":"llama3.2:1b"},{"name":"qwen3:0.6b"}]}"#) : .json("{}", status: 404)
        }
        defer { Task { await ollama.stop() } }
        let closed = try ClosedPort()
        var environment = ["OLLAMA_HOST": ollama.url]
        for variable in ["LMSTUDIO_HOST", "LLAMACPP_HOST", "VLLM_HOST", "JAN_HOST", "LOCALAI_HOST"] { environment[variable] = closed.url + "/v1" }
        let home = try Scratch.home()
        let (code, stdout, stderr) = try await NatterProcess.run(["providers", "--json"], home: home, environment: environment)
        #expect(code == 0, "\(stderr)")
        func status(_ name: String) -> String? {
            stdout.split(separator: "\n").compactMap { line -> [String: String]? in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String]
            }.first { $0["name"] == name }?["status"]
        }
        #expect(status("ollama") == "running (2 models)", "\(stdout)")
        #expect(status("lmstudio") == "not running (tried \(closed.url)/v1/models)")
        #expect(status("vllm")?.hasPrefix("not running") == true)
        #expect(status("openai")?.hasPrefix("missing") == true, "a cloud provider keeps its own status")
    }
}
