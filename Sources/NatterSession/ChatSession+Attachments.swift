import Foundation
import NatterProviders

/// Attachments in a conversation (SPEC 8): an image is never sent to a model that cannot read it, and a
/// request reads the files its branch names from the store, only then.
extension ChatSession {
    /// What natter knows of a model: its provider file's entry, then what discovery said of it.
    func modelInfo(provider name: String, model: String) -> ModelInfo? {
        let fileModels = (try? registry.provider(named: name, context: context))?.metadata.models ?? []
        return fileModels.merged(withDiscovered: discoveredModels[name] ?? []).first { $0.name == model }
    }

    /// A model list found by discovery (the picker's), so that what the picker says of vision is what the
    /// session goes by.
    public func learnModels(_ models: [ModelInfo], of provider: String) {
        discoveredModels[provider] = models
    }

    /// Why the current model may not be sent these attachments, or nil when it may: a model is sent images
    /// only when its provider file or model list says it reads them.
    public func imageRefusal(_ attachments: [AttachmentRef]) -> String? {
        guard attachments.contains(where: \.isImage) else { return nil }
        return Self.imageRefusal(model: modelInfo(provider: providerName, model: model), provider: providerName, name: model)
    }

    public nonisolated static func imageRefusal(model info: ModelInfo?, provider: String, name: String) -> String? {
        guard let info else {
            return "nothing says whether \(provider) · \(name) reads images (add \"supports_vision\": true to it in the provider file if it does)"
        }
        return info.supportsVision ? nil : "\(provider) · \(name) does not take images"
    }

    /// The bytes the request for `history` needs, read off the actor's thread: text files always, images
    /// only for a model that reads them. Says once per model when images are left out, and once per file
    /// when one is missing.
    func attachmentData(for history: [Message], origin: Origin) async -> [String: Data] {
        let references = history.filter { $0.role == .user }.flatMap(\.attachments)
        guard !references.isEmpty else { return [:] }
        let vision = modelInfo(provider: origin.provider, model: origin.model)?.supportsVision ?? false
        let wanted = references.filter { vision || !$0.isImage }
        let leftOut = references.count - wanted.count
        if leftOut > 0, imagesLeftOutNoticeFor != origin {
            imagesLeftOutNoticeFor = origin
            outlet.emit(.notice("\(leftOut) image\(leftOut == 1 ? " is" : "s are") left out of this request: \(origin.label) does not take images (\(leftOut == 1 ? "it goes" : "they go") again to a model that does)"))
        } else if leftOut == 0 {
            imagesLeftOutNoticeFor = nil
        }
        guard let store = attachmentStore else {
            return [:]
        }
        let found = await Self.read(wanted, from: store)
        for reference in wanted where found[reference.sha256] == nil && !reportedMissing.contains(reference.sha256) {
            reportedMissing.insert(reference.sha256)
            outlet.emit(.notice("attachment \(reference.name) is missing (\(store.path(of: reference))): sent without it"))
        }
        return found
    }

    /// Reading 20 MB files must not hold one of the cooperative pool's threads (there are as many as cores).
    private nonisolated static func read(_ references: [AttachmentRef], from store: AttachmentStore) async -> [String: Data] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var found: [String: Data] = [:]
                for reference in references where found[reference.sha256] == nil {
                    if let data = store.data(for: reference) { found[reference.sha256] = data }
                }
                continuation.resume(returning: found)
            }
        }
    }
}
