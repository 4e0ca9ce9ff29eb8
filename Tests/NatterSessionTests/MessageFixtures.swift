import Foundation
import NatterProviders

extension Message {
    /// A message as the tests of wave 1 wrote them: text, and who said it through what. Its id is empty, so
    /// a transcript reads it as format 1 did, placed by its order in the file.
    static func stored(
        role: Role, content: String, reasoning: String? = nil, provider: String? = nil, model: String? = nil,
        timestamp: Date = Date(), usage: Usage? = nil, finish: MessageFinish? = nil, error: String? = nil
    ) -> Message {
        let origin = provider.flatMap { provider in model.map { Origin(provider: provider, model: $0) } }
        let parts = [reasoning.map(Part.reasoning), Part.text(content)].compactMap { $0 }
        return Message(
            id: "", parent: nil, role: role, parts: parts, origin: origin, usage: usage, finish: finish, error: error, created: timestamp)
    }
}
