import Foundation

/// Paths in the input: `@path` words (SPEC 8), the path a terminal pastes for a dropped file, and the Tab
/// completion of a path after `@`. Pure functions of text and a working directory, but `isFile` and
/// `complete`, which look at the file system: the runner calls those, never `App.update`.
public enum AttachmentPath {
    /// A path as typed or pasted: `~` expanded, relative to `directory`.
    static func resolved(_ path: String, in directory: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    // MARK: pasted paths

    /// The paths a paste names, when it is nothing but paths, as terminals paste dropped files: absolute or
    /// `~/`, quoted ('…' or "…"), with backslash-escaped spaces, or `file://` URLs, one or several separated by
    /// spaces or lines. nil for anything else: ordinary text stays text. Whether they name files is the disk's
    /// to say.
    static func pastedPaths(_ text: String, in directory: String) -> [String]? {
        // Dropped paths are a few kilobytes: a large paste is text, known without trimming it (Foundation's trimming
        // copied a 10 MB paste through NSString: half of its 0.7 s to the screen in natter-bench).
        guard text.utf8.count <= 64 * 1024 else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 16 * 1024, let words = shellWords(trimmed), !words.isEmpty else { return nil }
        var files: [String] = []
        for word in words {
            var path = word
            if word.hasPrefix("file://") {
                guard let url = URL(string: word), url.isFileURL else { return nil }
                path = url.path
            }
            guard path.hasPrefix("/") || path.hasPrefix("~/") else { return nil }
            files.append(resolved(path, in: directory))
        }
        return files
    }

    /// Words split as a shell would for quotes and backslashes (no variables, no globs); nil when a quote
    /// is left open.
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if let open = quote {
                if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else { current.append(character) }
            } else if character == "\\" {
                escaped = true
                inWord = true
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(current) }
        return words
    }

    // MARK: @ words

    /// An `@path` word of the draft: where it is (character offsets) and the path it names.
    struct Mention: Equatable {
        var range: Range<Int>
        var path: String
    }

    /// The `@` word that ends at `end` (the caret), if the text there is one: `@` at the start or after
    /// whitespace, then anything up to the caret.
    /// Text after the caret is not part of it, as a shell completes what is before the cursor.
    static func mention(endingAt end: Int, in text: [Character]) -> Mention? {
        mentions(in: Array(text[..<min(end, text.count)])).last { $0.range.upperBound == end }
    }

    /// Every `@` word of the text, first first.
    static func mentions(in text: [Character]) -> [Mention] {
        var found: [Mention] = []
        var index = 0
        while index < text.count {
            guard text[index] == "@", index == 0 || text[index - 1].isWhitespace else {
                index += 1
                continue
            }
            var end = index + 1
            var path = ""
            while end < text.count, !text[end].isWhitespace {
                if text[end] == "\\", end + 1 < text.count {
                    path.append(text[end + 1])
                    end += 2
                } else {
                    path.append(text[end])
                    end += 1
                }
            }
            found.append(Mention(range: index..<end, path: path))
            index = end
        }
        return found
    }

    /// The paths the `@` words name, to ask the disk which are files.
    static func mentionedPaths(in text: [Character], directory: String) -> [String] {
        mentions(in: text).compactMap { $0.path.isEmpty ? nil : resolved($0.path, in: directory) }
    }

    /// The `@` words that name files (of `files`, what the disk said), with the files.
    static func mentionedFiles(in text: [Character], directory: String, among files: Set<String>) -> [(mention: Mention, file: String)] {
        mentions(in: text).compactMap { mention in
            guard !mention.path.isEmpty else { return nil }
            let file = resolved(mention.path, in: directory)
            return files.contains(file) ? (mention, file) : nil
        }
    }

    // MARK: completion

    public struct Completion: Sendable, Hashable {
        /// The path the `@` word now names, nil when nothing more can be completed.
        var path: String?
        /// What the word could still become, when more than one thing.
        var candidates: [String]
        /// The completed path names a file (not a folder): it can become a chip.
        var isFile: Bool

        /// The `@` word for `path`, as it is written back into the input.
        var word: String? { path.map { "@" + AttachmentPath.escaped($0) } }
    }

    /// Completes the path of an `@` word: a single match is completed whole (a folder with its `/`), several
    /// to their common start, with the candidates listed.
    public static func complete(_ typed: String, in directory: String) -> Completion {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let folder = folderPart.isEmpty ? directory : resolved(folderPart, in: directory)
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
        func isFolder(_ name: String) -> Bool {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard let first = entries.first else { return Completion(path: nil, candidates: [], isFile: false) }
        if entries.count == 1 {
            let folderMatch = isFolder(first)
            return Completion(path: folderPart + first + (folderMatch ? "/" : ""), candidates: [], isFile: !folderMatch)
        }
        var common = first
        for entry in entries.dropFirst() {
            while !entry.hasPrefix(common) { common.removeLast() }
        }
        let candidates = entries.map { $0 + (isFolder($0) ? "/" : "") }
        return Completion(path: common.count > prefix.count ? folderPart + common : nil, candidates: candidates, isFile: false)
    }

    /// A path as an `@` word: spaces and the shell's quoting characters behind a backslash.
    static func escaped(_ path: String) -> String {
        var out = ""
        for character in path {
            if character.isWhitespace || "\\'\"".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
