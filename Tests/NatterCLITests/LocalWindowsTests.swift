import Foundation
import NatterTestSupport
import Testing

/// Each local model's real context window, from its server (issue 31, point 2; SPEC 15), with no provider file
/// written: loopback servers answer as llama.cpp's server, vLLM, LM Studio and Ollama do (shapes recorded from
/// their sources and documentation), and `natter models --json` says the window natter learned. Ollama's
/// requests ask for a context large enough (point 3).
@Suite struct LocalWindowsTests {
    /// The windows `natter models PROVIDER --json` reports, by model name.
    static func windows(_ provider: String, environment: [String: String], home: String) async throws -> [String: Int] {
        let (code, stdout, stderr) = try await NatterProcess.run(["models", provider, "--json"], home: home, environment: environment)
        #expect(code == 0, "\(stderr)")
        var windows: [String: Int] = [:]
        for line in stdout.split(separator: "\n") {
            guard let model = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any], let name = model["name"] as? String else { continue }
            windows[name] = model["context_window"] as? Int
        }
        return windows
    }

    @Test func llamaCppsServerSaysItsSlotsContextInProps() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models": return .json(#"{"object":"list","data":[{"id":"/models/SmolLM2-135M-Instruct.Q4_1.gguf","object":"model","owned_by":"llamacpp","meta":{"n_ctx_train":8192}}]}"#)
            case "/props": return .json(#"{"default_generation_settings":{"n_ctx":2048,"params":{}},"total_slots":1}"#)
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let windows = try await Self.windows("llamacpp", environment: ["LLAMACPP_HOST": server.url + "/v1"], home: try Scratch.home())
        #expect(windows == ["/models/SmolLM2-135M-Instruct.Q4_1.gguf": 2048], "the slot's context, not the training length")
    }

    @Test func aRecentLlamaCppAndVLLMSayItInTheListItself() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models":
                return .json(#"{"data":[{"id":"served","owned_by":"vllm","max_model_len":32768},{"id":"local","owned_by":"someone","meta":{"n_ctx":4096,"n_ctx_train":131072}}]}"#)
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let windows = try await Self.windows("vllm", environment: ["VLLM_HOST": server.url + "/v1"], home: try Scratch.home())
        #expect(windows == ["served": 32768, "local": 4096])
        #expect(!server.requests.contains { $0.path == "/props" }, "a list that says the windows is enough")
    }

    @Test func lmStudioSaysALoadedModelsContext() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models": return .json(#"{"data":[{"id":"qwen3-4b","object":"model","owned_by":"organization_owner"},{"id":"gemma-3-1b","object":"model","owned_by":"organization_owner"}]}"#)
            case "/api/v0/models":
                return .json(#"{"data":[{"id":"qwen3-4b","state":"loaded","max_context_length":40960,"loaded_context_length":8192},{"id":"gemma-3-1b","state":"not-loaded","max_context_length":32768}]}"#)
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let windows = try await Self.windows("lmstudio", environment: ["LMSTUDIO_HOST": server.url + "/v1"], home: try Scratch.home())
        #expect(windows == ["qwen3-4b": 8192, "gemma-3-1b": 32768])
    }

    /// Ollama says each model's maximum in `/api/show`; a long prompt's request asks for a context that holds it,
    /// a short one asks nothing, and a `num_ctx` the person set goes as set.
    @Test func ollamaSaysTheModelsMaximumAndLongRequestsAskForEnough() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/api/tags": return .json(#"{"models":[{"name":"llama3.2:1b","model":"llama3.2:1b","details":{"family":"llama"}}]}"#)
            case "/api/show":
                return .json(#"{"parameters":"num_ctx 2048","model_info":{"general.architecture":"llama","llama.context_length":131072}}"#)
            case "/api/chat": return .stream(Self.ndjson("fine"), contentType: "application/x-ndjson")
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        let environment = ["OLLAMA_HOST": server.url]
        #expect(try await Self.windows("ollama", environment: environment, home: home) == ["llama3.2:1b": 131072])
        #expect(server.requests.first { $0.path == "/api/show" }?.bodyText.contains(#""model":"llama3.2:1b""#) == true)

        func chatOptions(_ arguments: [String]) async throws -> [String: Any] {
            let before = server.requests.count
            let (code, _, stderr) = try await NatterProcess.run(["--provider", "ollama", "--model", "llama3.2:1b", "--no-save"] + arguments, home: home, environment: environment)
            #expect(code == 0, "\(stderr)")
            let chat = try #require(server.requests.dropFirst(before).last { $0.path == "/api/chat" })
            let body = try #require(try JSONSerialization.jsonObject(with: Data(chat.bodyText.utf8)) as? [String: Any])
            return body["options"] as? [String: Any] ?? [:]
        }
        #expect(try await chatOptions(["-p", "hi"])["num_ctx"] == nil, "a short request leaves the server's own context")
        let long = String(repeating: "lorem ipsum dolor sit amet ", count: 2_000)  // about 13,500 tokens
        #expect(try await chatOptions(["-p", long])["num_ctx"] as? Int == 16384)
        #expect(try await chatOptions(["-p", long, "-o", "num_ctx=9000"])["num_ctx"] as? Int == 9000, "the person's value, as set")
    }

    /// A provider file's window wins over the server's.
    @Test func aProviderFilesWindowWins() async throws {
        let server = try await LoopbackServer.start { request, _ in
            switch request.path {
            case "/v1/models": return .json(#"{"data":[{"id":"small","owned_by":"llamacpp"}]}"#)
            case "/props": return .json(#"{"default_generation_settings":{"n_ctx":2048}}"#)
            default: return .json("{}", status: 404)
            }
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(
            #"{"name": "llamacpp", "engine": "openai", "host": "\#(server.url)/v1", "models": [{"name": "small", "context_window": 1000}]}"#,
            named: "llamacpp", in: home)
        #expect(try await Self.windows("llamacpp", environment: [:], home: home) == ["small": 1000])
        #expect(!server.requests.contains { $0.path == "/props" }, "nothing left to ask")
    }

    /// An Ollama `/api/chat` stream of one reply.
    static func ndjson(_ text: String) -> [String] {
        [
            #"{"model":"m","message":{"role":"assistant","content":"\#(text)"},"done":false}"# + "\n",
            #"{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":3,"eval_count":1}"# + "\n",
        ]
    }
}
