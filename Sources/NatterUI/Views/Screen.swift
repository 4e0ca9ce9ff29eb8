import Foundation
import NatterProviders

/// The whole screen from the state: header, transcript, input box, status line, and any overlay on top.
public enum Screen {
    public static let minimumWidth = 40
    public static let minimumHeight = 10
    static let maxInputLines = 8

    /// How the screen splits at a size: the input's lines and chips, and the transcript's rectangle above
    /// them. A function of the state alone, so update (paging) and render agree without render telling
    /// the app anything.
    struct Layout {
        var input: InputView.Layout
        var chips: Int
        var transcript: Rect

        init(_ state: AppState, width: Int, height: Int) {
            // A prompt or a review takes the input's place with one line of its own.
            input = state.prompt != nil || state.review != nil || state.find != nil
                ? InputView.Layout(lines: [""], firstVisible: 0, caret: (0, 0))
                : InputView.layout(
                    state.composer.input, width: max(1, width - 2), maxLines: Screen.maxInputLines,
                    selection: state.composer.vi?.selectedRange(state.composer.input))
            chips = state.composer.attachments.isEmpty || state.prompt != nil || state.review != nil || state.find != nil ? 0 : 1
            transcript = Rect(x: 0, y: 1, width: width, height: max(0, height - 3 - input.lines.count - chips))
        }

        /// The text area of compare's first pane (its header row left out), for paging in it.
        func pane(count: Int) -> Rect {
            let first = ComparePanes.rects(count: count, in: ComparePanes.paneArea(in: transcript)).first ?? transcript
            return Rect(x: first.x, y: first.y + 1, width: first.width, height: max(1, first.height - 1))
        }
    }

    /// The app's state drawn with its layout caches.
    public static func render(_ app: App, width: Int, height: Int) -> Frame {
        render(app.state, layouts: app.layoutCaches, width: width, height: height)
    }

    /// A frame is a function of the state; the caches only remember wrapped lines, and the clock is the state's.
    public static func render(_ state: AppState, layouts: LayoutCaches, width: Int, height: Int) -> Frame {
        var frame = Frame(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(&frame)
            return frame
        }
        let layout = Layout(state, width: width, height: height)

        // Screen only splits the frame into rectangles; each part draws itself in its own.
        HeaderBar(state: state, tools: state.toolsLabel).render(in: Rect(x: 0, y: 0, width: width, height: 1), into: &frame)
        if let round = state.compare?.round {
            ComparePanes(round: round, layouts: layouts.panes, now: state.now).render(in: layout.transcript, into: &frame)
        } else {
            TranscriptView(state: state, layout: layouts.transcript).render(in: layout.transcript, into: &frame)
        }
        let inputTop = layout.transcript.y + layout.transcript.height
        InputArea(state: state, input: layout.input, chips: layout.chips)
            .render(in: Rect(x: 0, y: inputTop, width: width, height: height - 1 - inputTop), into: &frame)
        StatusLine(state: state).render(in: Rect(x: 0, y: height - 1, width: width, height: 1), into: &frame)

        // `/` typed at the start of the input: what it can become, just above it.
        // (The first character is looked at first: a 10 MB paste in the input is not made a string each frame.)
        if state.composer.input.text.first == "/", state.keyContext == .input {
            let rows = SlashCompletion.rows(for: state.composer.input.string, in: state)
            SlashCompletionList(rows: rows).render(in: layout.transcript, into: &frame)
        }
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        state.overlay?.model.view(of: state).render(in: screen, into: &frame)
        return frame
    }

    private static func drawTooSmall(_ frame: inout Frame) {
        let message = ["Terminal too small", "(\(frame.width)×\(frame.height); natter needs", "\(minimumWidth)×\(minimumHeight))"]
        for (index, line) in message.enumerated() where index < frame.height {
            frame.put(line, x: 0, y: index, style: Style(.warning))
        }
    }

    /// "950", "8.2k", "400k", "1.5M", in integer arithmetic: the header shows it at every frame, and
    /// Foundation's `String(format:)` showed in the streaming profile.
    static func tokens(_ count: Int) -> String {
        if count >= 1_000_000 {
            let tenths = (count + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10)M"
        }
        if count >= 10_000 { return "\(count / 1000)k" }
        if count >= 1000 {
            let tenths = (count + 50) / 100
            return "\(tenths / 10).\(tenths % 10)k"
        }
        return "\(count)"
    }
}
