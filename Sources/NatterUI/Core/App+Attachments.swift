import Foundation
import NatterProviders
import NatterSession

/// Attaching files in the chat (SPEC 8): `@path` words (Tab completes them), pasted paths of dropped files,
/// the chips above the input, and the check that an image goes only to a model that reads images.
extension App {
    /// A chip for the file at `path`, read off the UI thread.
    mutating func attach(_ path: String, pasted: String? = nil) -> [AppIntent] {
        let id = state.composer.nextAttachmentID
        state.composer.nextAttachmentID += 1
        state.composer.attachments.append(PendingAttachment(id: id, path: path, state: .reading, pasted: pasted))
        return [.readAttachment(id: id, path: path)]
    }

    mutating func attachmentRead(id: Int, _ result: Result<AttachmentRef, AttachmentError>) -> [AppIntent] {
        guard let index = state.composer.attachments.firstIndex(where: { $0.id == id }) else { return [] }
        switch result {
        case .success(let reference):
            state.composer.attachments[index].state = .ready(reference)
        case .failure(let problem):
            let chip = state.composer.attachments.remove(at: index)
            if let pasted = chip.pasted { state.composer.input.insert(pasted) }
            state.composer.sendWhenAttached = false
            setStatus("not attached: \(TerminalText.singleLine(problem.description, limit: 300))", isError: true)
        }
        guard state.composer.sendWhenAttached, !state.composer.attachments.contains(where: { $0.reference == nil }) else { return [] }
        state.composer.sendWhenAttached = false
        return sendInput()
    }

    /// Takes the last chip off; one made from a paste gives its text back to the input.
    mutating func removeLastAttachment() {
        guard let chip = state.composer.attachments.popLast() else { return }
        if let pasted = chip.pasted { state.composer.input.insert(pasted) }
        setStatus("\(chip.name) taken off", isError: false)
    }

    /// A paste that is nothing but paths of existing files (a dropped file) becomes chips; any other text is
    /// pasted in as usual.
    mutating func pastedPathsLookedUp(_ text: String, files existing: Set<String>) -> [AppIntent] {
        guard let files = AttachmentPath.pastedPaths(text, in: state.composer.workingDirectory), files.allSatisfy(existing.contains) else {
            pasteIntoInput(text)
            return []
        }
        let intents = files.enumerated().flatMap { index, file in attach(file, pasted: index == 0 ? text : nil) }
        let what = files.count == 1 ? (files[0] as NSString).lastPathComponent : "\(files.count) files"
        setStatus("attached \(what) from the pasted path · Backspace at the start of the input gives the text back", isError: false)
        return intents
    }

    /// The `@path` words that name files (of `files`, what the disk said) become chips, cut from the draft
    /// (with one space beside each).
    mutating func attachMentionedFiles(_ files: Set<String>) -> [AppIntent] {
        let found = AttachmentPath.mentionedFiles(in: state.composer.input.text, directory: state.composer.workingDirectory, among: files)
        var intents: [AppIntent] = []
        for (mention, _) in found.reversed() {
            var range = mention.range
            let text = state.composer.input.text
            if range.upperBound < text.count, text[range.upperBound] == " " {
                range = range.lowerBound..<(range.upperBound + 1)
            } else if range.lowerBound > 0, text[range.lowerBound - 1] == " " {
                range = (range.lowerBound - 1)..<range.upperBound
            }
            state.composer.input.remove(range)
        }
        for (_, file) in found { intents += attach(file) }
        return intents
    }

    /// Tab after an `@` word asks the disk how its path goes on; nil when the caret is not in one.
    mutating func completeMention() -> [AppIntent]? {
        guard let mention = AttachmentPath.mention(endingAt: state.composer.input.caret, in: state.composer.input.text) else { return nil }
        return [.completePath(mention.path, in: state.composer.workingDirectory)]
    }

    /// The disk's completion of the `@` word at the caret, if that word is still the one asked about.
    mutating func mentionCompleted(_ typed: String, _ completion: AttachmentPath.Completion) -> [AppIntent] {
        guard let mention = AttachmentPath.mention(endingAt: state.composer.input.caret, in: state.composer.input.text), mention.path == typed else { return [] }
        if let path = completion.path, let word = completion.word {
            state.composer.input.remove(mention.range)
            if completion.isFile { return attach(AttachmentPath.resolved(path, in: state.composer.workingDirectory)) }
            state.composer.input.insert(word)
        }
        if completion.candidates.count > 1 {
            let shown = completion.candidates.prefix(20).map { TerminalText.singleLine($0, limit: 80) }.joined(separator: "  ")
            setStatus("\(completion.candidates.count) matches: \(shown)", isError: false)
        } else if completion.path == nil {
            setStatus("no file or folder matches @\(TerminalText.singleLine(mention.path, limit: 200))", isError: false)
        }
        return []
    }

    /// Why the chips' images may not go to the current model, from what the picker knows of it.
    mutating func imageRefusal(_ references: [AttachmentRef]) -> String? {
        guard references.contains(where: \.isImage) else { return nil }
        let info = state.setup.providers.first { $0.name == state.setup.providerName }?.models.first { $0.name == state.setup.model }
        return ChatSession.imageRefusal(model: info, provider: state.setup.providerName, name: state.setup.model)
    }
}
