import Testing

@testable import NatterProviders

@Suite struct StreamInterpreterTests {
    /// Decodes and interprets a whole stream as the provider would, in the given pieces.
    func interpret(_ engine: Engine, _ pieces: [[UInt8]]) throws(ProviderError) -> [StreamChunkSummary] {
        var assembler = StreamAssembler(WireFormats.format(for: engine))
        var chunks: [StreamChunk] = []
        for piece in pieces { try assembler.push(piece) { chunks.append($0) } }
        try assembler.finish { chunks.append($0) }
        return chunks.map(StreamChunkSummary.init)
    }

    static let cases: [(Engine, String, [StreamChunkSummary])] = [
        (.openai, RecordedStreams.openAI, RecordedStreams.openAIChunks),
        (.anthropic, RecordedStreams.anthropic, RecordedStreams.anthropicChunks),
        (.ollama, RecordedStreams.ollama, RecordedStreams.ollamaChunks),
    ]

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func recordedStreamGivesTheExpectedChunksAtEverySplit(engine: Engine) throws {
        let (_, stream, expected) = Self.cases.first { $0.0 == engine }!
        let bytes = Array(stream.utf8)
        #expect(try interpret(engine, [bytes]) == expected)
        for split in 0...bytes.count {
            let chunks = try interpret(engine, [Array(bytes[..<split]), Array(bytes[split...])])
            #expect(coalesced(chunks) == coalesced(expected), "split at \(split)")
        }
    }

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func aStreamCutAnywhereBeforeItsFinishMarkerIsInterrupted(engine: Engine) {
        let (_, stream, _) = Self.cases.first { $0.0 == engine }!
        let marker = ["[DONE]", "message_stop", "\"done\":true"].compactMap { stream.range(of: $0) }.first!
        let bytes = Array(stream.utf8)
        let markerOffset = stream.utf8.distance(from: stream.startIndex, to: marker.upperBound)
        // Cut at every byte up to and into the marker: mid-line, mid-character, between events.
        for cut in 0..<markerOffset {
            do {
                _ = try interpret(engine, [Array(bytes[..<cut])])
                Issue.record("cut at \(cut) was taken as complete")
            } catch {
                #expect(error.kind == .interrupted, "cut at \(cut): \(error)")
            }
        }
    }

    @Test func openAIErrorObjectInsideTheStreamEndsTheReply() {
        let stream = """
            data: {"choices":[{"delta":{"content":"Hi"}}]}

            data: {"error":{"message":"Rate limit reached for gpt-4o","type":"requests","code":"rate_limit_exceeded"}}


            """
        do {
            _ = try interpret(.openai, [Array(stream.utf8)])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .rateLimit)
            #expect(error.message == "Rate limit reached for gpt-4o")
        }
    }

    @Test func anthropicErrorEventIsClassified() {
        let stream = """
            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """
        do {
            _ = try interpret(.anthropic, [Array(stream.utf8)])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .server)
            #expect(error.message == "Overloaded")
        }
    }

    @Test func ollamaErrorLineIsReported() {
        do {
            _ = try interpret(.ollama, [Array("{\"error\":\"model 'nope' not found\"}\n".utf8)])
            Issue.record("expected an error")
        } catch {
            #expect(error.message == "model 'nope' not found")
        }
    }

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func aMalformedChunkFailsTheReply(engine: Engine) {
        let garbage = engine == .ollama ? "{\"message\": {\"content\": \"a\"\n" : "data: {\"choices\": [ {\n\n"
        do {
            _ = try interpret(engine, [Array(garbage.utf8)])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .malformedResponse)
        }
    }

    @Test func openAIToolCallDeltasAreForwarded() throws {
        let stream = """
            data: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}

            data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]}

            data: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}

            data: [DONE]


            """
        #expect(try interpret(.openai, [Array(stream.utf8)]) == [
            .toolCall(0, "get_weather", ""), .toolCall(0, nil, "{\"city\":"), .finished("tool_calls"),
        ])
    }

    @Test func anthropicToolUseAndMaxTokens() throws {
        let stream = """
            data: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"search","input":{}}}

            data: {"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\\"q\\":1}"}}

            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":4}}

            data: {"type":"message_stop"}


            """
        #expect(try interpret(.anthropic, [Array(stream.utf8)]) == [
            .toolCall(0, "search", ""), .toolCall(0, nil, "{\"q\":1}"), .usage(nil, 4), .finished("length"),
        ])
    }

    @Test func unknownAnthropicEventTypesAreIgnored() throws {
        let stream = """
            event: future_event
            data: {"type":"future_event","whatever":true}

            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

            data: {"type":"message_stop"}


            """
        #expect(try interpret(.anthropic, [Array(stream.utf8)]) == [.text("ok"), .usage(nil, nil), .finished("stop")])
    }
}
