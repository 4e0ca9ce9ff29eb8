extension Array where Element == ModelInfo {
    /// The provider file's list joined with what the models endpoint listed.
    ///
    /// Order: the file's models first, in the file's order, then the models only discovery knows, in the order
    /// the provider listed them. The file leads because its author chose it: its first entry is the default
    /// model, and a picker that already shows the file's list only grows when discovery answers later, rather
    /// than reordering under the person's cursor. A file model the endpoint did not list is kept: aliases such
    /// as `kimi-latest` are often missing from `/models`, and the author named it on purpose.
    ///
    /// Metadata: for a model in both, the file's context window and tools badge win (discovery endpoints
    /// rarely say as much, and the author may know better), discovery fills what the file left out, and
    /// either may say the model sees images, and a listed price wins over the file's.
    public func merged(withDiscovered discovered: [ModelInfo]) -> [ModelInfo] {
        var found: [String: ModelInfo] = [:]
        var discoveredOnly: [ModelInfo] = []
        let fileNames = Set(map(\.name))
        for model in discovered where found[model.name] == nil {
            found[model.name] = model
            if !fileNames.contains(model.name) { discoveredOnly.append(model) }
        }
        var seen = Set<String>()
        let fromFile = compactMap { fileModel -> ModelInfo? in
            guard seen.insert(fileModel.name).inserted else { return nil }
            guard let listed = found[fileModel.name] else { return fileModel }
            return ModelInfo(
                name: fileModel.name,
                displayName: fileModel.displayName ?? listed.displayName,
                contextWindow: fileModel.contextWindow ?? listed.contextWindow,
                supportsTools: fileModel.supportsTools,
                supportsVision: fileModel.supportsVision || listed.supportsVision,
                // A price the server lists now (OpenRouter) is fresher than one written in a file.
                cost: listed.cost ?? fileModel.cost)
        }
        return fromFile + discoveredOnly
    }
}
