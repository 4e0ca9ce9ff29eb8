import NatterProviders

/// vi editing of the input (`"input": "vi"`, SPEC 13): its mode, what a key waits for (a count, an operator,
/// g), the register and the undo history. A value: each command is a pure change of it and of the draft, so a
/// table of keys and the buffer they leave tests it whole.
///
/// Each draft starts in insert mode, as the shells' vi modes do: a message is typed first, edited after.
public struct ViEditor: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case insert, normal
        /// From `anchor` to the caret, whole lines when `lines`.
        case visual(anchor: Int, lines: Bool)
    }

    public private(set) var mode: Mode = .insert
    /// A count typed and not yet used.
    private var count: Int?
    /// An operator waiting for its motion.
    private var pendingOperator: PendingOperator?
    /// The column j and k keep to across shorter lines, as vi's does (after `$`: every line's end).
    private var wantedColumn: Int?
    /// A key waits for the one that completes it: gg's second g, diw's w, f's character, r's replacement.
    private var awaiting: Awaiting?
    /// What was yanked or deleted last, and whether it was whole lines.
    public private(set) var register = Register(text: "", lines: false)
    private var undoStack: [InputBuffer] = []
    private var redoStack: [InputBuffer] = []
    /// The draft as insert mode found it: leaving insert mode makes everything typed since one undo step.
    private var insertBase = InputBuffer()

    /// A counted or repeated put, of an absurd count, stops here.
    static let largestCount = 9_999
    /// A counted put larger than this is refused: 9999p of a 10 MB register would build 100 GB.
    static let largestPut = 16 * 1024 * 1024
    /// Undo keeps this many steps: a day of editing one draft must not grow without end.
    static let undoDepth = 200

    private enum Awaiting: Sendable, Hashable {
        case secondG
        case textObject(inner: Bool)
        case findTarget(ViFind)
        case replacement
    }

    /// d, c or y typed, with the count typed before it (2d3w: 2).
    private struct PendingOperator: Sendable, Hashable {
        var kind: ViOperator
        var count: Int?
    }

    public struct Register: Sendable, Hashable {
        public var text: String
        public var lines: Bool
    }

    /// What the App does after a command.
    enum Outcome: Equatable {
        case done
        /// y: the text goes to the clipboard as Ctrl+Y's copy does.
        case yanked(String)
        /// Up or down past the draft's first or last line: the input history, as the arrows do.
        case pastFirstLine, pastLastLine
        /// Esc with nothing pending in normal mode: the chat's Esc (cancel a reply).
        case notVi
        /// Nothing was done, for this reason (a put too large).
        case refused(String)
    }

    public init() {}

    /// An editor in `mode` (tests start in normal mode).
    init(mode: Mode) {
        self.mode = mode
    }

    /// What waits for more keys ("2d"), shown beside the mode as vi's showcmd does.
    public var pendingKeys: String {
        var shown = ""
        if let pendingOperator {
            shown += pendingOperator.count.map(String.init) ?? ""
            switch pendingOperator.kind {
            case .delete: shown += "d"
            case .change: shown += "c"
            case .yank: shown += "y"
            }
        }
        shown += count.map(String.init) ?? ""
        switch awaiting {
        case .secondG?: shown += "g"
        case .textObject(let inner)?: shown += inner ? "i" : "a"
        case .findTarget(let kind)?:
            switch kind {
            case .to: shown += "f"
            case .before: shown += "t"
            case .backTo: shown += "F"
            case .backAfter: shown += "T"
            }
        case .replacement?: shown += "r"
        case nil: break
        }
        return shown
    }

    /// The next character typed completes a command (f's, r's, diw's): the app hands it over as `.character`.
    var awaitsCharacter: Bool {
        switch awaiting {
        case .textObject?, .findTarget?, .replacement?: return true
        case .secondG?, nil: return false
        }
    }

    /// A new draft (the last was sent): insert mode, nothing to undo; the register stays, as vi's does.
    public mutating func startDraft() {
        mode = .insert
        dropPending()
        undoStack = []
        redoStack = []
        insertBase = InputBuffer()
    }

    /// Esc in insert mode: normal mode, the caret back onto the character it followed, as vi does. What was
    /// typed since insert mode began is one step for `u`.
    mutating func leaveInsertMode(_ buffer: inout InputBuffer) {
        guard mode == .insert else { return }
        // Only a change of the text is a step: `a` then Esc moved the caret and nothing else.
        if buffer.text != insertBase.text { record(insertBase) }
        mode = .normal
        let text = ViText(text: buffer.text)
        if buffer.caret > text.lineStart(of: buffer.caret) { buffer.moveLeft() }
        settle(&buffer)
    }

    /// The caret kept on a character in normal mode (never past a line's last one), as vi's is.
    func settle(_ buffer: inout InputBuffer) {
        guard mode != .insert else { return }
        let text = ViText(text: buffer.text)
        let last = text.lastCharacter(ofLineAt: buffer.caret)
        if buffer.caret > last { buffer.moveCaret(to: last) }
    }

    /// One key's command, in normal or visual mode.
    mutating func perform(_ command: ViCommand, on buffer: inout InputBuffer) -> Outcome {
        defer { settle(&buffer) }
        // Only j, k, $ and a count before them keep the column j and k go back to.
        if case .motion = command {} else if case .digit = command {} else { wantedColumn = nil }
        if let waiting = awaiting {
            awaiting = nil
            return complete(waiting, with: command, &buffer)
        }
        if pendingOperator != nil {
            switch command {
            case .motion, .operate, .digit, .goPrefix, .escape, .find: break
            // i and a after an operator name a word rather than insert (diw, caw).
            case .insert(.beforeCaret), .insert(.afterCaret):
                awaiting = .textObject(inner: command == .insert(.beforeCaret))
                return .done
            case .insert, .deleteCharacter, .deleteToLineEnd, .changeToLineEnd, .put, .undo, .redo, .visual, .otherEnd,
                .replaceCharacter, .character:
                // Not something an operator takes: the operator is dropped and the key with it, as vi does.
                dropPending()
                return .done
            }
        }
        switch command {
        case .digit(let digit):
            count = min(Self.largestCount, (count ?? 0) * 10 + digit)
            return .done
        case .motion(.lineStart) where count != nil:
            count = min(Self.largestCount, count! * 10)
            return .done
        case .goPrefix:
            awaiting = .secondG
            return .done
        case .find(let kind):
            awaiting = .findTarget(kind)
            return .done
        case .replaceCharacter:
            if case .visual = mode { return .done }
            awaiting = .replacement
            return .done
        case .character:
            // A character nothing waited for.
            dropPending()
            return .done
        case .escape:
            if case .visual = mode {
                mode = .normal
                dropPending()
                return .done
            }
            let hadPending = count != nil || pendingOperator != nil
            dropPending()
            return hadPending ? .done : .notVi
        case .motion(let motion):
            if case .visual = mode { return moveInVisual(motion, &buffer) }
            if let pending = pendingOperator {
                let times = Self.product(pending.count, count)
                let explicit = pending.count != nil || count != nil
                dropPending()
                guard let range = range(of: motion, times: times, explicit: explicit, operation: pending.kind, buffer) else { return .done }
                return apply(pending.kind, to: range.characters, lines: range.lines, &buffer)
            }
            return move(motion, &buffer)
        case .operate(let kind):
            if case .visual(let anchor, let lines) = mode {
                mode = .normal
                dropPending()
                let range = selection(anchor: anchor, lines: lines, buffer)
                return apply(kind, to: range, lines: lines, &buffer)
            }
            if let pending = pendingOperator {
                let times = Self.product(pending.count, count)
                dropPending()
                guard pending.kind == kind else { return .done }
                // dd, cc, yy: whole lines, as many as counted.
                let text = ViText(text: buffer.text)
                let lastLine = min(text.lineCount - 1, text.lineNumber(of: buffer.caret) + times - 1)
                let range = text.lineStart(of: buffer.caret)..<text.lineEnd(of: text.start(ofLine: lastLine))
                return apply(kind, to: range, lines: true, &buffer)
            }
            pendingOperator = PendingOperator(kind: kind, count: count)
            count = nil
            return .done
        case .deleteCharacter:
            if case .visual = mode { return perform(.operate(.delete), on: &buffer) }
            let times = Self.product(count, nil)
            dropPending()
            let text = ViText(text: buffer.text)
            let end = min(text.lineEnd(of: buffer.caret), buffer.caret + times)
            guard end > buffer.caret else { return .done }
            return apply(.delete, to: buffer.caret..<end, lines: false, &buffer)
        case .deleteToLineEnd, .changeToLineEnd:
            dropPending()
            let end = ViText(text: buffer.text).lineEnd(of: buffer.caret)
            return apply(command == .deleteToLineEnd ? .delete : .change, to: buffer.caret..<end, lines: false, &buffer)
        case .put(let before):
            let times = Self.product(count, nil)
            dropPending()
            return put(before: before, times: times, &buffer)
        case .undo:
            dropPending()
            guard let previous = undoStack.popLast() else { return .done }
            redoStack.append(buffer)
            buffer = previous
            return .done
        case .redo:
            dropPending()
            guard let next = redoStack.popLast() else { return .done }
            undoStack.append(buffer)
            buffer = next
            return .done
        case .insert(let insertion):
            dropPending()
            enterInsertMode(insertion, &buffer)
            return .done
        case .visual(let lines):
            dropPending()
            if case .visual(let anchor, let current) = mode {
                mode = current == lines ? .normal : .visual(anchor: anchor, lines: lines)
            } else {
                mode = .visual(anchor: buffer.caret, lines: lines)
            }
            return .done
        case .otherEnd:
            if case .visual(let anchor, let lines) = mode {
                mode = .visual(anchor: buffer.caret, lines: lines)
                buffer.moveCaret(to: anchor)
            }
            return .done
        }
    }

    /// The key after one that waits (g, i or a after an operator, f t F T, r).
    private mutating func complete(_ waiting: Awaiting, with command: ViCommand, _ buffer: inout InputBuffer) -> Outcome {
        switch (waiting, command) {
        case (.secondG, .goPrefix):
            return perform(.motion(.firstLine), on: &buffer)
        case (.findTarget(let kind), .character(let character)):
            return perform(.motion(.find(kind, character)), on: &buffer)
        case (.textObject(let inner), .character("w")):
            guard let pending = pendingOperator else { return .done }
            dropPending()
            let range = ViText(text: buffer.text).word(at: buffer.caret, withBlanks: !inner)
            return apply(pending.kind, to: range, lines: false, &buffer)
        case (.replacement, .character(let character)):
            let times = Self.product(count, nil)
            dropPending()
            let end = buffer.caret + times
            guard end <= ViText(text: buffer.text).lineEnd(of: buffer.caret) else { return .done }
            record(buffer)
            let at = buffer.caret
            buffer.remove(at..<end)
            buffer.moveCaret(to: at)
            buffer.insert(String(repeating: String(character), count: times))
            buffer.moveCaret(to: end - 1)
            return .done
        case (.secondG, _), (.textObject, _), (.findTarget, _), (.replacement, _):
            dropPending()
            return .done
        }
    }

    // MARK: motions

    private mutating func move(_ motion: ViMotion, _ buffer: inout InputBuffer) -> Outcome {
        let times = Self.product(count, nil)
        let explicit = count != nil
        dropPending()
        let text = ViText(text: buffer.text)
        switch motion {
        case .up, .down:
            let lines = motion == .up ? -times : times
            let column = wantedColumn ?? buffer.caret - text.lineStart(of: buffer.caret)
            let edge = motion == .up ? -text.lineNumber(of: buffer.caret) : text.lineCount - 1 - text.lineNumber(of: buffer.caret)
            guard let target = text.verticalMove(from: buffer.caret, lines: lines, column: column)
                ?? text.verticalMove(from: buffer.caret, lines: edge, column: column)
            else { return motion == .up ? .pastFirstLine : .pastLastLine }
            buffer.moveCaret(to: target)
            wantedColumn = column
        case .left, .right, .wordForward, .wordBackward, .wordEnd, .lineStart, .firstNonBlank, .lineEnd, .firstLine, .lastLine, .find:
            if let target = target(of: motion, from: buffer.caret, times: times, explicit: explicit, text) { buffer.moveCaret(to: target) }
            wantedColumn = motion == .lineEnd ? Int.max : nil
        }
        return .done
    }

    /// In visual mode a motion moves the caret; up and down stay within the draft.
    private mutating func moveInVisual(_ motion: ViMotion, _ buffer: inout InputBuffer) -> Outcome {
        let outcome = move(motion, &buffer)
        return outcome == .pastFirstLine || outcome == .pastLastLine ? .done : outcome
    }

    /// Where `motion` repeated `times` lands from `position`; nil when it goes nowhere (f of a character the line
    /// does not have).
    private func target(of motion: ViMotion, from position: Int, times: Int, explicit: Bool, _ text: ViText) -> Int? {
        let start = text.lineStart(of: position)
        switch motion {
        case .left: return max(start, position - times)
        case .right: return min(text.lineEnd(of: position), position + times)
        case .up: return text.verticalMove(from: position, lines: -times) ?? text.start(ofLine: 0)
        case .down: return text.verticalMove(from: position, lines: times) ?? text.start(ofLine: text.lineCount - 1)
        case .wordForward: return (0..<times).reduce(position) { at, _ in text.nextWordStart(from: at) }
        case .wordBackward: return (0..<times).reduce(position) { at, _ in text.previousWordStart(from: at) }
        case .wordEnd: return (0..<times).reduce(position) { at, _ in text.wordEnd(from: at) }
        case .lineStart: return start
        case .firstNonBlank: return text.firstNonBlank(ofLineAt: position)
        case .lineEnd:
            let line = min(text.lineCount - 1, text.lineNumber(of: position) + times - 1)
            return text.lastCharacter(ofLineAt: text.start(ofLine: line))
        case .firstLine, .lastLine:
            let line = explicit ? times - 1 : (motion == .firstLine ? 0 : text.lineCount - 1)
            return text.firstNonBlank(ofLineAt: text.start(ofLine: min(line, text.lineCount - 1)))
        case .find(let kind, let character):
            return text.find(kind, character, from: position, times: times)
        }
    }

    /// What an operator with `motion` works on: characters, or whole lines for a linewise motion.
    private func range(of motion: ViMotion, times: Int, explicit: Bool, operation: ViOperator, _ buffer: InputBuffer) -> (characters: Range<Int>, lines: Bool)? {
        let text = ViText(text: buffer.text)
        let caret = buffer.caret
        let line = text.lineNumber(of: caret)
        // dj on the last line, dk on the first: nothing; 5dj with fewer lines below takes those there are.
        if (motion == .up && line == 0) || (motion == .down && line == text.lineCount - 1) { return nil }
        guard var target = target(of: motion, from: caret, times: times, explicit: explicit, text) else { return nil }
        if motion.isLinewise {
            let (low, high) = (min(caret, target), max(caret, target))
            return (text.lineStart(of: low)..<text.lineEnd(of: high), true)
        }
        var inclusive = motion.isInclusive
        if operation == .change, motion == .wordForward, text.isEmptyLine(at: caret) {
            // cw on an empty line changes nothing and inserts there.
            return (caret..<caret, false)
        }
        if motion == .wordForward, caret < text.count {
            if operation == .change, text.characterClass(at: caret) != .blank {
                // cw changes to the word's end and keeps the blank after it, as vi's does: on a word's last
                // character, that character alone.
                let atWordEnd = caret + 1 == text.count || text.characterClass(at: caret + 1) != text.characterClass(at: caret)
                let first = atWordEnd ? caret : text.wordEnd(from: caret)
                target = (1..<max(1, times)).reduce(first) { at, _ in text.wordEnd(from: at) }
                inclusive = true
            } else {
                // The last word moved over ends the range at its line's end when the motion went on to the next
                // line: dw on a line's last word never joins the next line (3dw across a line break does).
                let last = (1..<max(1, times)).reduce(caret) { at, _ in text.nextWordStart(from: at) }
                if !text.isEmptyLine(at: last), text.text[last..<target].contains("\n") { target = text.lineEnd(of: last) }
            }
        }
        if motion == .lineEnd, text.lineStart(of: target) == text.lineEnd(of: target) { inclusive = false }
        let low = min(caret, target)
        let high = max(caret, target) + (inclusive && target < text.count ? 1 : 0)
        return (low..<high, false)
    }

    /// The characters a visual selection covers: both ends included, or their whole lines.
    private func selection(anchor: Int, lines: Bool, _ buffer: InputBuffer) -> Range<Int> {
        let text = ViText(text: buffer.text)
        let low = min(anchor, buffer.caret, text.count)
        let high = min(max(anchor, buffer.caret), text.count)
        if lines { return text.lineStart(of: low)..<text.lineEnd(of: high) }
        return low..<min(text.count, high + 1)
    }

    /// The characters the visual selection covers now, for drawing it; nil outside visual mode.
    public func selectedRange(_ buffer: InputBuffer) -> Range<Int>? {
        guard case .visual(let anchor, let lines) = mode else { return nil }
        return selection(anchor: anchor, lines: lines, buffer)
    }

    // MARK: changes

    /// d, c or y over `range` (whole lines when `lines`: their newline goes with them).
    private mutating func apply(_ operation: ViOperator, to range: Range<Int>, lines: Bool, _ buffer: inout InputBuffer) -> Outcome {
        guard !range.isEmpty || lines else {
            // Nothing to take: the register keeps what it had, and c still inserts.
            if operation == .change { enterInsertMode(.beforeCaret, &buffer) }
            return .done
        }
        register = Register(text: buffer.string(in: range), lines: lines)
        switch operation {
        case .yank:
            // The caret to the start of what was taken (yb; yk to the line above, in its column), as vi moves it.
            if range.lowerBound < buffer.caret {
                let text = ViText(text: buffer.text)
                let column = buffer.caret - text.lineStart(of: buffer.caret)
                buffer.moveCaret(to: lines ? min(range.lowerBound + column, text.lineEnd(of: range.lowerBound)) : range.lowerBound)
            }
            return .yanked(register.text)
        case .delete:
            record(buffer)
            var removed = range
            if lines {
                // The line's newline goes with it: the one after it, or on the last line the one before it.
                if removed.upperBound < buffer.text.count {
                    removed = removed.lowerBound..<(removed.upperBound + 1)
                } else if removed.lowerBound > 0 {
                    removed = (removed.lowerBound - 1)..<removed.upperBound
                }
            }
            buffer.remove(removed)
            buffer.moveCaret(to: lines ? ViText(text: buffer.text).firstNonBlank(ofLineAt: min(removed.lowerBound, buffer.text.count)) : removed.lowerBound)
            return .done
        case .change:
            let before = buffer
            buffer.remove(range)
            buffer.moveCaret(to: range.lowerBound)
            mode = .insert
            insertBase = before
            return .done
        }
    }

    private mutating func put(before: Bool, times: Int, _ buffer: inout InputBuffer) -> Outcome {
        guard !register.text.isEmpty || register.lines else { return .done }
        let size = register.text.utf8.count.multipliedReportingOverflow(by: times)
        guard !size.overflow, size.partialValue <= Self.largestPut else {
            return .refused("not put: \(times) copies of \(Quantities.bytes(register.text.utf8.count)) would be too large")
        }
        if case .visual(let anchor, let lines) = mode {
            // p over a selection replaces it; what it replaced is not kept, so p can be repeated.
            mode = .normal
            record(buffer)
            let range = selection(anchor: anchor, lines: lines, buffer)
            buffer.remove(range)
            buffer.moveCaret(to: range.lowerBound)
            buffer.paste(register.text)
            buffer.moveLeft()
            return .done
        }
        record(buffer)
        let copies = Array(repeating: register.text, count: times)
        let text = ViText(text: buffer.text)
        if register.lines {
            // The line breaks typed apart from the text: a large register is one chip, and a break inside it
            // would not be seen as one by the line commands.
            let block = copies.joined(separator: "\n")
            let start: Int
            if before {
                start = text.lineStart(of: buffer.caret)
                buffer.moveCaret(to: start)
                buffer.paste(block)
                buffer.insert("\n")
            } else {
                buffer.moveCaret(to: text.lineEnd(of: buffer.caret))
                buffer.insert("\n")
                start = buffer.caret
                buffer.paste(block)
            }
            buffer.moveCaret(to: ViText(text: buffer.text).firstNonBlank(ofLineAt: start))
            return .done
        }
        let onNothing = buffer.caret >= buffer.text.count || buffer.text[buffer.caret] == "\n"
        let at = before || onNothing ? buffer.caret : buffer.caret + 1
        buffer.moveCaret(to: at)
        let put = copies.joined()
        buffer.paste(put)
        // The caret on the last character put, as vi leaves it; on the first when what was put spans lines.
        if put.contains(where: \.isNewline) { buffer.moveCaret(to: at) } else { buffer.moveLeft() }
        return .done
    }

    private mutating func enterInsertMode(_ insertion: ViInsertion, _ buffer: inout InputBuffer) {
        insertBase = buffer
        mode = .insert
        let text = ViText(text: buffer.text)
        switch insertion {
        case .beforeCaret: break
        case .afterCaret:
            if buffer.caret < text.lineEnd(of: buffer.caret) { buffer.moveRight() }
        case .lineStart: buffer.moveCaret(to: text.firstNonBlank(ofLineAt: buffer.caret))
        case .lineEnd: buffer.moveCaret(to: text.lineEnd(of: buffer.caret))
        case .lineBelow:
            buffer.moveCaret(to: text.lineEnd(of: buffer.caret))
            buffer.insert("\n")
        case .lineAbove:
            let start = text.lineStart(of: buffer.caret)
            buffer.moveCaret(to: start)
            buffer.insert("\n")
            buffer.moveCaret(to: start)
        }
    }

    /// A paste in normal or visual mode: put before the caret as one step for `u`, the mode kept.
    mutating func put(pasted text: String, _ buffer: inout InputBuffer) {
        record(buffer)
        if case .visual(let anchor, let lines) = mode {
            mode = .normal
            let range = selection(anchor: anchor, lines: lines, buffer)
            buffer.remove(range)
            buffer.moveCaret(to: range.lowerBound)
        }
        buffer.paste(text)
        buffer.moveLeft()
        settle(&buffer)
    }

    /// The chat's own editing keys changed the draft in normal mode (Ctrl+W, Ctrl+U): a step for `u` too, or
    /// undo would take it back unseen with the next vi change.
    mutating func noteOutsideChange(from before: InputBuffer, to after: InputBuffer) {
        guard mode != .insert, before.text != after.text else { return }
        record(before)
    }

    private mutating func record(_ buffer: InputBuffer) {
        undoStack.append(buffer)
        if undoStack.count > Self.undoDepth { undoStack.removeFirst(undoStack.count - Self.undoDepth) }
        redoStack = []
    }

    private mutating func dropPending() {
        count = nil
        pendingOperator = nil
        awaiting = nil
    }

    /// Counts multiply (2d3w is six words); none is one.
    private static func product(_ first: Int?, _ second: Int?) -> Int {
        min(largestCount, (first ?? 1) * (second ?? 1))
    }
}
