import NatterProviders

/// The answer to "which models": numbers from the list shown (`1,3-5`), names (kept even when the server did
/// not list them: aliases such as `*-latest` often are not), `all`, or `none`.
enum ModelSelection {
    /// `offered` is the numbered list shown; `known` supplies what is known about models typed by name (the
    /// file being edited), so a context window written there is not lost.
    static func parse(_ answer: String, offered: [ModelInfo], known: [ModelInfo] = []) -> Result<[ModelInfo], AnswerRefusal> {
        let tokens = answer.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        if tokens.map({ $0.lowercased() }) == ["all"] { return .success(offered) }
        if tokens.map({ $0.lowercased() }) == ["none"] || tokens.isEmpty { return .success([]) }
        var picked: [ModelInfo] = []
        for token in tokens {
            if !offered.isEmpty, let range = numbers(token) {
                guard range.lowerBound >= 1, range.upperBound <= offered.count else {
                    let bad = range.lowerBound < 1 ? range.lowerBound : range.upperBound
                    return .failure(AnswerRefusal("there is no model number \(bad): choose from 1 to \(offered.count)"))
                }
                picked += range.map { offered[$0 - 1] }
                continue
            }
            picked.append(offered.first { $0.name == token } ?? known.first { $0.name == token } ?? ModelInfo(name: token))
        }
        var seen = Set<String>()
        return .success(picked.filter { seen.insert($0.name).inserted })
    }

    /// `3` or `3-5`; nil when the token is a name.
    private static func numbers(_ token: String) -> ClosedRange<Int>? {
        if let single = Int(token) { return single...single }
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high else { return nil }
        return low...high
    }

    /// `8k`, `128k`, `1M`: the context window as the list shows it.
    static func describe(_ model: ModelInfo) -> String {
        let context = model.contextWindow.map { ModelsCommand.tokens($0) }
        let badges = [context, model.supportsVision ? "vision" : nil].compactMap { $0 }
        return badges.isEmpty ? model.name : "\(model.name)  (\(badges.joined(separator: ", ")))"
    }
}
