import Foundation
import Testing

@testable import NatterProviders

/// Each engine's request for one branch, compared with a body written by hand from the provider's API
/// reference (Tests/Fixtures/requests): reasoning, tool calls with their arguments, tool results (one an
/// error), the system prompt, parameters and the tools offered.
@Suite struct RequestBodyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/requests")

    static let request: ChatRequest = {
        let asked = Message.user("What time is it in Tokyo?")
        let calling = Message(
            parent: asked.id, role: .assistant,
            parts: [
                .reasoning("The person wants the time."), .text("Let me check."),
                .toolCall(ToolCall(id: "call_1", name: "get_time", server: "time", arguments: #"{"zone":"Asia/Tokyo"}"#)),
                .toolCall(ToolCall(id: "call_2", name: "get_weather", arguments: #"{"city":"Tokyo","days":2}"#)),
            ],
            finish: .toolCalls)
        let results = Message(
            parent: calling.id, role: .tool,
            parts: [
                .toolResult(ToolResult(callID: "call_1", content: "21:04")),
                .toolResult(ToolResult(callID: "call_2", content: "no such city", isError: true)),
            ])
        let answer = Message(parent: results.id, role: .assistant, parts: [.text("It is 21:04.")], finish: .stop)
        let thanks = Message.user("Thanks", parent: answer.id)
        let schema = JSONValue.object([
            "type": .string("object"), "properties": .object(["zone": .object(["type": .string("string")])]),
            "required": .array([.string("zone")]),
        ])
        return ChatRequest(
            messages: [asked, calling, results, answer, thanks],
            config: ModelConfig(model: "m-1", systemPrompt: "Be brief.", maxTokens: 512, temperature: 0.5),
            tools: [ToolDefinition(name: "get_time", description: "The time in a zone", inputSchema: schema)])
    }()

    @Test(arguments: [Engine.openai, .anthropic, .ollama])
    func theEncodedRequestIsTheRecordedBody(engine: Engine) throws {
        let body = try WireFormats.format(for: engine).requestBody(Self.request, streaming: true, options: WireOptions(includeStreamUsage: true))
        let recorded = try Data(contentsOf: Self.fixtures.appendingPathComponent("\(engine.rawValue).json"))
        let encoded = try JSONValue.parse(body)
        let expected = try JSONValue.parse(recorded)
        #expect(encoded == expected, "\(String(decoding: body, as: UTF8.self))")
    }

    @Test func argumentsThatAreNotAnObjectGoAsAnEmptyObjectWhereTheAPIWantsOne() throws {
        let asked = Message.user("q")
        let odd = Message(parent: asked.id, role: .assistant, parts: [.toolCall(ToolCall(id: "c", name: "t", arguments: "not json"))])
        let request = ChatRequest(messages: [asked, odd], config: ModelConfig(model: "m"))
        for engine in [Engine.anthropic, .ollama] {
            let body = try JSONValue.parse(WireFormats.format(for: engine).requestBody(request, streaming: false, options: WireOptions(includeStreamUsage: false)))
            guard case .array(let messages)? = body["messages"] else {
                Issue.record("no messages")
                continue
            }
            let text = String(describing: messages)
            #expect(text.contains("object([:])"), "\(engine): \(text)")
        }
        let openai = try JSONValue.parse(WireFormats.format(for: .openai).requestBody(request, streaming: false, options: WireOptions(includeStreamUsage: false)))
        #expect(String(describing: openai).contains("not json"), "OpenAI takes arguments as the text the model wrote")
    }
}
