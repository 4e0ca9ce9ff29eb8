import Foundation
import NIOHTTP1

/// A local server's own word on the context window each of its models runs with (SPEC 15), asked where the
/// model list did not say: llama.cpp's server (`/props`), LM Studio (`/api/v0/models`), Ollama (`/api/show`).
/// vLLM says it in the list itself (`max_model_len`), and so does a recent llama.cpp (`meta.n_ctx`).
/// A server is told by its list's own answer (`owned_by`), not by the provider's name, so a user file that
/// points at one is asked the same way. Best effort: a server that does not answer leaves the window unknown.
enum ServerWindows {
    /// Which server answered a model list, from its own words.
    enum Server: Equatable {
        case llamaServer, lmStudio, ollama, other

        /// OpenAI-style lists say who serves each model in `owned_by`: "llamacpp" for llama.cpp's server,
        /// "organization_owner" for LM Studio. Ollama's native list is Ollama.
        static func of(list body: Data, engine: Engine) -> Server {
            switch engine {
            case .ollama: return .ollama
            case .anthropic: return .other
            case .openai:
                guard let entries = try? ModelListJSON.entries(body, under: "data"), let owner = entries.first?["owned_by"]?.stringValue else {
                    return .other
                }
                switch owner {
                case "llamacpp": return .llamaServer
                case "organization_owner": return .lmStudio
                default: return .other
                }
            }
        }
    }

    /// At most this many models are asked about one by one (Ollama's `/api/show`): a server with hundreds
    /// must not hold the picker up.
    static let askedModels = 32

    /// Where the server's own endpoints are: the models URL without its API path (`…/v1/models`, `…/api/tags`).
    static func root(ofModelsURL url: String) -> String {
        for suffix in ["/v1/models", "/api/tags", "/models"] where url.hasSuffix(suffix) { return String(url.dropLast(suffix.count)) }
        return url
    }

    /// llama.cpp's `/props`: the context of one slot, which is what one request may use.
    static func llamaServerWindow(_ body: Data) -> Int? {
        guard let document = try? JSONValue.parse(body) else { return nil }
        return document["default_generation_settings"]?["n_ctx"]?.countValue ?? document["n_ctx"]?.countValue
    }

    /// LM Studio's `/api/v0/models`: a loaded model's context, else the most it can load with.
    static func lmStudioWindows(_ body: Data) -> [String: Int] {
        guard let entries = try? ModelListJSON.entries(body, under: "data") else { return [:] }
        var windows: [String: Int] = [:]
        for entry in entries {
            guard let id = entry["id"]?.stringValue else { continue }
            let loaded = entry["state"]?.stringValue == "loaded" ? entry["loaded_context_length"]?.countValue : nil
            if let window = loaded ?? entry["max_context_length"]?.countValue { windows[id] = window }
        }
        return windows
    }

    /// Ollama's `/api/show`: the model's own maximum (`<architecture>.context_length` in `model_info`), which is
    /// what natter may ask for with `num_ctx`. A server that imitates Ollama may leave out the architecture: then
    /// any `….context_length`.
    static func ollamaWindow(_ body: Data) -> Int? {
        guard let document = try? JSONValue.parse(body), case .object(let info)? = document["model_info"] else { return nil }
        if let architecture = info["general.architecture"]?.stringValue, let window = info[architecture + ".context_length"]?.countValue {
            return window
        }
        return info.first { $0.key.hasSuffix(".context_length") }?.value.countValue
    }
}

extension DeclarativeProvider {
    /// `models` with the windows their server says, for those the list left without one and whose names are
    /// not `known` (the provider file gives their window).
    func withServerWindows(
        _ models: [ModelInfo], server: ServerWindows.Server, modelsURL: String, headers: [(String, String)], known: Set<String>
    ) async -> [ModelInfo] {
        let unsaid = Set(models.filter { $0.contextWindow == nil && !known.contains($0.name) }.map(\.name))
        guard !unsaid.isEmpty else { return models }
        let root = ServerWindows.root(ofModelsURL: modelsURL)
        switch server {
        case .other:
            return models
        case .llamaServer:
            // One model per server (or one answer for all): its slot's context.
            guard let body = await fetch(.GET, root + "/props", headers: headers), let window = ServerWindows.llamaServerWindow(body) else { return models }
            return models.map { unsaid.contains($0.name) ? $0.with(window: window) : $0 }
        case .lmStudio:
            guard let body = await fetch(.GET, root + "/api/v0/models", headers: headers) else { return models }
            let windows = ServerWindows.lmStudioWindows(body)
            return models.map { model in unsaid.contains(model.name) ? windows[model.name].map { model.with(window: $0) } ?? model : model }
        case .ollama:
            let asked = models.prefix(ServerWindows.askedModels).map(\.name).filter(unsaid.contains)
            let windows = await withTaskGroup(of: (String, Int?).self) { group in
                for name in asked {
                    group.addTask {
                        let question = try? JSONSerialization.data(withJSONObject: ["model": name])
                        let body = await self.fetch(.POST, root + "/api/show", headers: headers + [("Content-Type", "application/json")], body: question)
                        return (name, body.flatMap(ServerWindows.ollamaWindow))
                    }
                }
                var windows: [String: Int] = [:]
                for await (name, window) in group { if let window { windows[name] = window } }
                return windows
            }
            return models.map { model in windows[model.name].map { model.with(window: $0) } ?? model }
        }
    }

    /// A small JSON answer from the provider's own server, or nil: within the discovery limit, at most 1 MB.
    private func fetch(_ method: HTTPMethod, _ url: String, headers: [(String, String)], body: Data? = nil) async -> Data? {
        let exchange = WatchedExchange(client: context.httpClient, timeout: min(timeout, Self.discoveryTimeLimit))
        let request = WatchedExchange.Request(method: method, url: url, headers: headers, body: body)
        return try? await exchange.perform(request, monitor: ActivityMonitor()) { body, _, monitor in
            try await WatchedExchange.collect(body, limit: 1 << 20, monitor: monitor)
        }
    }
}

extension ModelInfo {
    func with(window: Int) -> ModelInfo {
        var model = self
        model.contextWindow = window
        return model
    }
}
