/// A query's characters found in order in a text ("sess" in "saved sessions", "nwse" in "new session"), scored
/// so that the closer a match reads to what was typed, the higher it is: runs of consecutive characters and
/// characters at the start of a word count most. Case is ignored.
enum FuzzyMatch {
    /// nil when the text does not hold the query's characters in order; an empty query matches everything at 0.
    static func score(_ query: String, in text: String) -> Int? {
        let wanted = Array(query.lowercased().filter { !$0.isWhitespace })
        guard let first = wanted.first else { return 0 }
        let characters = Array(text.lowercased())
        // Each place the first character stands is tried as the match's start, the best taken: the first place
        // alone found "sess" in "saved sessions" as s-e-s-s scattered over two words.
        var best: Int?
        for start in characters.indices where characters[start] == first {
            guard let score = greedy(wanted, in: characters, from: start) else { break }
            best = max(best ?? score, score)
        }
        return best
    }

    /// The query matched from `start`, each next character at its first place after the last.
    private static func greedy(_ wanted: [Character], in characters: [Character], from start: Int) -> Int? {
        var score = 0
        var next = 0
        var previous = start - 2
        for index in start..<characters.count where next < wanted.count && characters[index] == wanted[next] {
            score += 1
            if index == previous + 1 { score += 4 }  // a run of what was typed
            if index == 0 || !characters[index - 1].isLetter { score += 6 }  // a word's first letter
            previous = index
            next += 1
        }
        return next == wanted.count ? score : nil
    }
}
