import Foundation
import NatterProviders

/// A title made by a model after the first exchange (SPEC 14): asked off the reply's path, saved as a `title`
/// record with what it cost, never over a title the person gave; a failure leaves the first message as the title
/// and asks nothing more.
extension ChatSession {
    /// The longest title request read: a model that floods its answer is not read on.
    static let titleAnswerLimit = 2000

    /// Waits for a title being asked, if one is (tests, and a quit that should not cut it off).
    public func waitForTitle() async {
        await titling?.value
    }

    func askForTitleIfFirst() {
        guard titles.source == .model, !titled, !isComparing, titling == nil else { return }
        let path = conversation.path()
        guard path.filter({ $0.role == .user }).count == 1, let question = path.first(where: { $0.role == .user }),
            let answer = path.last, answer.role == .assistant, answer.finish == .stop, !answer.text.isEmpty, let origin = answer.origin
        else { return }
        titled = true  // asked once, whatever comes of it
        titling = Task { await self.makeTitle(question: question.text, answer: answer.text, origin: titles.model ?? origin) }
    }

    private func makeTitle(question: String, answer: String, origin: Origin) async {
        defer { titling = nil }
        guard let (provider, defaults) = try? providerAndParameters(for: origin) else { return }
        var parameters = defaults
        parameters.maxTokens = 24
        let exchange = "Person: \(question.prefix(1500))\n\nAssistant: \(answer.prefix(1500))"
        let request = ChatRequest(
            messages: [.user(exchange)], config: ModelConfig(model: origin.model, systemPrompt: TitlePolicy.instructions, parameters: parameters))
        var gathered = CompletionAccumulator()
        var usage: Usage?
        do {
            for try await chunk in provider.stream(request) {
                gathered.add(chunk)
                if case .usage(let reported) = chunk { usage = (usage ?? Usage()).updated(with: reported) }
                if gathered.completion.text.utf8.count > Self.titleAnswerLimit { break }
            }
        } catch {
            return
        }
        guard let title = TitlePolicy.cleaned(gathered.completion.text) else { return }
        let spent = usage.map { self.priced($0, by: origin) }
        save(.title(title, madeBy: TitleMaker(origin: origin, usage: spent)))
        outlet.emit(.titled(title, usage: spent))
    }
}
