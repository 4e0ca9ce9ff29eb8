import AsyncHTTPClient
import NIOCore
import NIOPosix

/// Whether the built-in local servers (SPEC 15: Ollama, LM Studio, llama.cpp, vLLM, Jan, LocalAI) answer at
/// the addresses their provider files give (`${OLLAMA_HOST:-http://localhost:11434}` and the like, or a user
/// file of the same name), all at once, each asked for its model list.
public enum LocalServerProbe {
    public static let providerNames = ["ollama", "lmstudio", "llamacpp", "vllm", "jan", "localai"]

    /// For a command that waits for the answer (`natter providers`, `natter doctor`): a server that is not there
    /// refuses at once, so a longer limit costs nothing then, and a busy machine's server still gets through.
    public static let commandConnectLimit = Duration.seconds(2)
    /// And how long a server that accepted may take to list its models, for such a command.
    public static let commandAnswerLimit = Duration.seconds(10)

    public enum Outcome: Sendable, Hashable {
        case running(models: Int)
        /// Nothing accepted the connection in time.
        case notRunning
        /// Something is there, but gave no model list (another program on the port, an error).
        case failed(String)
        /// The provider cannot be asked: a user file of the same name that needs a variable not set.
        case cannotAsk(String)
    }

    public struct Result: Sendable, Hashable {
        public var name: String
        /// The model list's URL: the address tried.
        public var address: String
        public var outcome: Outcome
        /// The models a running server listed (with the windows it said).
        public var models: [ModelInfo] = []

        public init(name: String, address: String, outcome: Outcome, models: [ModelInfo] = []) {
            self.name = name
            self.address = address
            self.outcome = outcome
            self.models = models
        }
    }

    /// - Parameters:
    ///   - connectLimit: a server on this machine accepts at once or is not there; waiting longer only
    ///     delays the answer for the ones that are not.
    ///   - answerLimit: how long a server that accepted may take to list its models.
    public static func probe(
        registry: ProviderRegistry, environment: [String: String], connectLimit: Duration = .milliseconds(300),
        answerLimit: Duration = .seconds(3)
    ) async -> [Result] {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: TimeAmount(connectLimit), read: TimeAmount(answerLimit)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        let context = ProviderContext(environment: { environment }, httpClient: client)
        let entries = providerNames.compactMap { registry.entry(named: $0) }
        let results = await withTaskGroup(of: (Int, Result).self) { group in
            for (index, entry) in entries.enumerated() {
                group.addTask { (index, await probe(entry, context: context, environment: environment, limit: answerLimit)) }
            }
            var results: [(Int, Result)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        try? await client.shutdown()
        return results
    }

    private static func probe(_ entry: ProviderRegistry.Entry, context: ProviderContext, environment: [String: String], limit: Duration) async -> Result {
        guard var definition = entry.definition else {
            return Result(name: entry.name, address: entry.metadata.host, outcome: .cannotAsk("it is not a provider file"))
        }
        let address = Self.address(of: definition, environment: environment)
        let missing = definition.missingVariables(in: environment)
        guard missing.isEmpty else {
            return Result(name: entry.name, address: address, outcome: .cannotAsk("it needs \(missing.joined(separator: ", "))"))
        }
        // The question is whether a server answers, so the server is asked even when the file lists its models.
        definition.dynamicModels = true
        let provider = DeclarativeProvider(definition: definition, context: context)
        let listing = await withTaskGroup(of: ModelListing?.self) { group in
            group.addTask { await provider.modelListing() }
            group.addTask {
                try? await Task.sleep(for: limit + .seconds(1))
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        guard let listing else {
            return Result(name: entry.name, address: address, outcome: .failed("accepted the connection, but listed no models within \(Self.seconds(limit))"))
        }
        guard let reason = listing.fallbackReason else {
            return Result(name: entry.name, address: address, outcome: .running(models: listing.models.count), models: listing.models)
        }
        return Result(name: entry.name, address: address, outcome: reason.reachedServer ? .failed(reason.message) : .notRunning)
    }

    /// Where a local server is asked for its models: the address `natter providers` and the picker name.
    public static func address(of definition: ProviderDefinition, environment: [String: String]) -> String {
        EndpointResolver.modelsURL(engine: definition.engine, host: definition.expandedHost(in: environment))
    }

    private static func seconds(_ duration: Duration) -> String {
        let value = duration.inSeconds
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

extension LocalServerProbe.Result {
    /// The status `natter providers` and the picker show for a local server: running with its models, or not
    /// running with the address tried, never "ready" when nothing answers.
    public var status: String? {
        switch outcome {
        case .running(let models): return "running (\(models) model\(models == 1 ? "" : "s"))"
        case .notRunning: return "not running (tried \(address))"
        case .failed(let reason): return "not answering: \(reason) (\(address))"
        case .cannotAsk: return nil  // its own status (a missing variable) says it
        }
    }
}
