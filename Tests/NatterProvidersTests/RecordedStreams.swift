/// Streams as the three APIs send them, shortened but with their real shapes: role chunks, usage-only
/// chunks, pings, keep-alive comments, CJK and emoji text.
enum RecordedStreams {
    static let openAI = """
        : keep-alive\r
        \r
        data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\r
        \r
        data: {"id":"c1","choices":[{"index":0,"delta":{"reasoning_content":"Thinking…"},"finish_reason":null}]}\r
        \r
        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hello, "},"finish_reason":null}]}\r
        \r
        data: {"id":"c1","choices":[{"index":0,"delta":{"content":"世界 🌍👩‍👩‍👧"},"finish_reason":null}]}\r
        \r
        data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\r
        \r
        data: {"id":"c1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}\r
        \r
        data: [DONE]\r
        \r

        """

    static let openAIChunks: [StreamChunkSummary] = [
        .reasoning("Thinking…"), .text("Hello, "), .text("世界 🌍👩‍👩‍👧"), .usage(12, 5), .finished("stop"),
    ]

    static let anthropic = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":25,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think."}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: ping
        data: {"type": "ping"}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Bonjour "}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"café ☕ 日本語"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    static let anthropicChunks: [StreamChunkSummary] = [
        .reasoning("Let me think."), .text("Bonjour "), .text("café ☕ 日本語"), .usage(25, 15), .finished("stop"),
    ]

    static let ollama = """
        {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"Hmm"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hej "},"done":false}
        {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"världen 🚀"},"done":false}
        {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":1,"prompt_eval_count":9,"eval_count":3}
        """

    static let ollamaChunks: [StreamChunkSummary] = [
        .reasoning("Hmm"), .text("Hej "), .text("världen 🚀"), .usage(9, 3), .finished("stop"),
    ]
}
