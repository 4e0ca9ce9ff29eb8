import NatterProviders

/// A tool as an MCP server lists it (`tools/list`): what the model is offered under it.
struct MCPTool: Sendable, Hashable {
    var name: String
    var title: String?
    var description: String?
    /// A JSON Schema object; a tool that gives none takes an object of anything.
    var inputSchema: JSONValue

    /// One page of `tools/list`: its tools (an entry without a name is left out, not the whole page) and the
    /// cursor of the next page.
    static func page(_ result: JSONValue) -> (tools: [MCPTool], nextCursor: String?) {
        guard case .array(let entries)? = result["tools"] else { return ([], nil) }
        let tools = entries.compactMap { entry -> MCPTool? in
            guard case .string(let name)? = entry["name"], !name.isEmpty else { return nil }
            var schema = JSONValue.object(["type": .string("object")])
            if case .object? = entry["inputSchema"], let given = entry["inputSchema"] { schema = given }
            return MCPTool(
                name: name, title: entry["title"]?.text ?? entry["annotations"]?["title"]?.text,
                description: entry["description"]?.text, inputSchema: schema)
        }
        let cursor = result["nextCursor"]?.text.flatMap { $0.isEmpty ? nil : $0 }
        return (tools, cursor)
    }
}

private extension JSONValue {
    var text: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
