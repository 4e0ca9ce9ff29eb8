import Foundation
import NatterProviders
import NatterTestSupport

/// Valid inputs for the fuzz tests to damage: the recorded streams and streams built in every engine's
/// shape (errors, tool calls, usage), and every provider file natter ships or must read.
enum FuzzSeeds {
    /// SSE streams (OpenAI and Anthropic shapes), as bytes.
    static let sse: [[UInt8]] = [
        RecordedStreams.openAI, RecordedStreams.anthropic,
        StreamFixtures.openAI(["Hi ", "there ", "ü🚀"]).joined(),
        StreamFixtures.anthropic(["a", "日本"]).joined(),
        "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
        "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":\"}}]}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\ndata: [DONE]\n\n",
        "data: {\"error\":{\"message\":\"Rate limit\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}\n\n",
        ": keep-alive\r\n\r\nid: 1\r\nretry: 10\r\ndata: a\r\ndata: b\r\n\r\n",
    ].map { Array($0.utf8) }

    /// NDJSON streams (Ollama's shape).
    static let ndjson: [[UInt8]] = [
        RecordedStreams.ollama, StreamFixtures.ollama(["x", "y 🚀"]).joined(), "{\"error\":\"model 'nope' not found\"}\n",
    ].map { Array($0.utf8) }

    /// A seed stream with where each of its lines starts, worked out once: per input it cost more than the
    /// decoding did.
    struct Stream {
        let bytes: [UInt8]
        let lineStarts: [Int]

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        }

        /// A stretch cut at a line start, so inputs stay small (fast in a debug build) yet whole events
        /// still reach the interpreters.
        func excerpt(using generator: inout SplitMix64) -> [UInt8] {
            guard bytes.count > 300, !generator.oneIn(4) else { return bytes }
            let start = lineStarts.randomElement(using: &generator)!
            let end = min(bytes.count, start + Int.random(in: 50...600, using: &generator))
            return Array(bytes[start..<end])
        }
    }

    static let sseStreams = sse.map(Stream.init)
    static let ndjsonStreams = ndjson.map(Stream.init)

    /// The provider files: goose's as shipped, natter's built-ins, and the documented example.
    static let providerFiles: [[UInt8]] = {
        let builtins = TestFiles.repository.appendingPathComponent("Sources/NatterProviders/BuiltinProviders")
        let goose = (try? GooseCompatFiles.all()) ?? []
        let gooseFiles = goose.compactMap { FileManager.default.contents(atPath: GooseCompatFiles.path($0)) }
        let builtinNames = (try? FileManager.default.contentsOfDirectory(atPath: builtins.path)) ?? []
        let builtinFiles = builtinNames.filter { $0.hasSuffix(".json") }.sorted().compactMap {
            FileManager.default.contents(atPath: builtins.appendingPathComponent($0).path)
        }
        let documented = Data("""
            { "name": "my-provider", "engine": "anthropic", "host": "https://api.example.com/v1", "display_name": "Mine",
              "models": [ { "name": "m-7b", "context_window": 8192, "supports_tools": true, "supports_vision": false } ],
              "auth": { "type": "query", "query_name": "key", "query_value": "${MY_API_KEY:-x}" },
              "headers": { "X-A": "1" }, "timeout_seconds": 30, "default_model": "m-7b",
              "retry": { "max_retries": 3, "initial_delay_ms": 1000, "max_delay_ms": 60000, "exponential_base": 2.0 } }
            """.utf8)
        return (gooseFiles + builtinFiles + [documented]).map { Array($0) }
    }()
}
