import Foundation
import NatterProviders

/// Why an answer was not taken, shown to the person before the question is asked again. It never repeats the
/// answer itself: what was typed may be a pasted key.
struct AnswerRefusal: Error, Equatable {
    var reason: String
    /// The answer was a secret (a key typed where a variable's name was asked): it is erased from the screen.
    var isSecret = false

    init(_ reason: String, isSecret: Bool = false) {
        self.reason = reason
        self.isSecret = isSecret
    }
}

/// Standard input ended before the questions did (a script ran out, or Ctrl+D): nothing may be written.
struct EndOfInput: Error {}

/// Questions asked one line at a time on plain standard input and output, so `natter configure` works in any
/// terminal, over ssh, and with answers piped in by a script. Each question shows its default in brackets;
/// Enter takes it; an answer the check refuses is asked again with the reason.
final class LinePrompter {
    private let readLine: () -> String?
    private let write: (String) -> Void
    /// Typed answers end their line themselves; piped ones do not, so the next output would run on.
    private let inputIsTerminal: Bool

    init(
        readLine: @escaping () -> String? = { Swift.readLine(strippingNewline: true) },
        write: @escaping (String) -> Void = { OutputStream.standardOutput.write($0) },
        inputIsTerminal: Bool = isatty(STDIN_FILENO) == 1
    ) {
        self.readLine = readLine
        self.write = write
        self.inputIsTerminal = inputIsTerminal
    }

    func say(_ text: String) {
        write(text + "\n")
    }

    /// Asks until `check` takes the answer (or the default, for an empty answer).
    func ask<Value>(
        _ question: String, default defaultAnswer: String? = nil, check: (String) -> Result<Value, AnswerRefusal>
    ) throws(EndOfInput) -> Value {
        while true {
            let shownDefault = defaultAnswer.map { " [\(TerminalText.singleLine($0, limit: 200))]" } ?? ""
            write("\(question)\(shownDefault): ")
            guard let line = readLine() else {
                write("\n")
                throw EndOfInput()
            }
            if !inputIsTerminal { write("\n") }
            let typed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            let answer = typed.isEmpty ? (defaultAnswer ?? "") : typed
            switch check(answer) {
            case .success(let value): return value
            case .failure(let refusal):
                // A typed key is echoed on the line above: up one line, clear it, and ask the question there
                // again without it, so it is not left on the screen (or in the scrollback) for anyone to see.
                if refusal.isSecret && inputIsTerminal { write("\u{1B}[1A\r\u{1B}[2K\(question)\(shownDefault): (removed from the screen)\n") }
                say("  \(refusal.reason)")
            }
        }
    }

    /// A free-text answer; empty only when `allowEmpty`.
    func askText(_ question: String, default defaultAnswer: String? = nil, allowEmpty: Bool = false) throws(EndOfInput) -> String {
        try ask(question, default: defaultAnswer) { answer in
            answer.isEmpty && !allowEmpty ? .failure(AnswerRefusal("an answer is needed")) : .success(answer)
        }
    }

    /// One of a few words; an unambiguous start of one is enough ("h" for "header").
    func choose(_ question: String, from options: [String], default defaultAnswer: String) throws(EndOfInput) -> String {
        try ask(question, default: defaultAnswer) { OptionAnswer.check($0, options: options) }
    }

    func confirm(_ question: String, default defaultAnswer: Bool) throws(EndOfInput) -> Bool {
        try ask(question + (defaultAnswer ? " [Y/n]" : " [y/N]")) { answer in
            switch answer.lowercased() {
            case "": return .success(defaultAnswer)
            case "y", "yes": return .success(true)
            case "n", "no": return .success(false)
            default: return .failure(AnswerRefusal("answer y or n"))
            }
        }
    }
}

/// One word out of a list, for questions such as the engine or the kind of authentication.
enum OptionAnswer {
    static func check(_ answer: String, options: [String]) -> Result<String, AnswerRefusal> {
        let wanted = answer.lowercased()
        let list = options.dropLast().joined(separator: ", ") + (options.count > 1 ? " or " : "") + (options.last ?? "")
        guard !wanted.isEmpty else { return .failure(AnswerRefusal("expected \(list)")) }
        if options.contains(wanted) { return .success(wanted) }
        let matching = options.filter { $0.hasPrefix(wanted) }
        if matching.count == 1 { return .success(matching[0]) }
        return .failure(AnswerRefusal("expected \(list)"))
    }
}
