import NatterProviders

/// Compare (SPEC 9): one message, answered by two to four models at once. Each reply is a turn of its own,
/// streaming beside the others (their events told apart by message id), and a sibling of the others under the
/// message; keeping one is choosing its branch (`activate`) and its model (`switchTo`).
extension ChatSession {
    public static let compareModels = 2...4

    /// Sends the message after the active leaf to every model of `origins` at once. Returns false (and does
    /// nothing) while a reply streams, for a count outside 2–4, or when one of them cannot take its images.
    @discardableResult
    public func compare(_ text: String, attachments: [AttachmentRef] = [], with origins: [Origin]) -> Bool {
        guard reply == nil, Self.compareModels.contains(origins.count), Set(origins).count == origins.count else { return false }
        if attachments.contains(where: \.isImage) {
            for origin in origins {
                let info = modelInfo(provider: origin.provider, model: origin.model)
                if let refusal = Self.imageRefusal(model: info, provider: origin.provider, name: origin.model) {
                    outlet.emit(.notSent(refusal))
                    return false
                }
            }
        }
        let message = Message.user(text, attachments: attachments, parent: conversation.activeLeaf, origin: origin)
        conversation.add(message)
        save(.message(message))
        outlet.emit(.messageAdded(message))
        isComparing = true
        reply = Task {
            await withTaskGroup(of: Void.self) { group in
                for origin in origins {
                    group.addTask { await self.runTurn(from: message.id, origin: origin) }
                }
            }
            isComparing = false
            reply = nil
            outlet.emit(.turnEnded)
        }
        return true
    }
}
