import Synchronization

/// A provider instance's discovered model list, so that asking again (the picker reopened, a model chosen
/// from the list just shown) does not ask the server again.
///
/// Only answers are kept, never failures: a local server started after natter (LM Studio, Ollama) is found
/// on the next try. The list is kept for the resolved request (URL and headers), so a `${VAR}` that now
/// expands to another host or key is asked afresh. Two callers at the same moment may both ask; that is
/// rare (the UI discovers once per run) and cheaper than making the second wait on a request it cannot
/// cancel.
final class ModelListCache: Sendable {
    private struct Entry {
        var request: String
        var models: [ModelInfo]
    }

    private let entry = Mutex<Entry?>(nil)

    func models(for request: String) -> [ModelInfo]? {
        entry.withLock { $0?.request == request ? $0?.models : nil }
    }

    func store(_ models: [ModelInfo], for request: String) {
        entry.withLock { $0 = Entry(request: request, models: models) }
    }
}
