/// What a reply cost and how much of its input came from the prompt cache, as the transcript, `natter show` and
/// `natter sessions` say it: "$0.0012 · cache 82 %", "~$0.0012" when cached tokens were priced as input for want
/// of a cache price. Empty when neither is known.
public enum UsageText {
    public static func tag(_ usage: Usage?) -> String {
        guard let usage else { return "" }
        var parts: [String] = []
        if let cost = usage.cost { parts.append((usage.costIsEstimate ? "~" : "") + DollarAmount.text(cost)) }
        if let share = usage.cachePercent { parts.append("cache \(share) %") }
        return parts.joined(separator: " · ")
    }
}
