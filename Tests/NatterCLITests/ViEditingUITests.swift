import Foundation
import NatterTestSupport
import Testing

/// vi editing in the real binary and a real terminal (issue 33, point 3): with `"input": "vi"` the mode shows on
/// the input's rule, `dw` in normal mode deletes a word and `u` brings it back.
@Suite(.serialized) struct ViEditingUITests {
    @Test func dwThenUndoInARealTerminal() async throws {
        let home = try Scratch.home()
        try FileManager.default.createDirectory(atPath: home + "/config", withIntermediateDirectories: true)
        try #"{"input": "vi"}"#.write(toFile: home + "/config/config.json", atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]))
        #expect(await tmux.wait(forText: "INSERT"), "each draft starts in insert mode: \(tmux.text)")
        let recorded = home + "/output.bytes"
        try tmux.command("pipe-pane", "-t", tmux.name, "-o", "cat >> " + NatterCommand.quote(recorded))
        func output() -> String { FileManager.default.contents(atPath: recorded).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        try tmux.type("hello there world")
        #expect(await tmux.wait(forText: "› hello there world"))
        try tmux.send("Escape")
        #expect(await tmux.wait(forText: "NORMAL"), "\(tmux.text)")
        #expect(await tmux.wait { _ in output().contains("\u{1B}[2 q") }, "a block cursor in normal mode: \(output().suffix(200).debugDescription)")
        try tmux.type("bb")
        try tmux.type("dw")
        #expect(await tmux.wait(forText: "› hello world"), "dw deleted a word: \(tmux.text)")
        try tmux.type("u")
        #expect(await tmux.wait(forText: "› hello there world"), "u brought it back: \(tmux.text)")
        try tmux.type("d")
        #expect(await tmux.wait(forText: "NORMAL d"), "a pending operator shows: \(tmux.text)")
        try tmux.send("Escape")
        try tmux.type("A!")
        #expect(await tmux.wait(forText: "› hello there world!"), "\(tmux.text)")
        #expect(output().components(separatedBy: "\u{1B}[6 q").count >= 2, "a bar again while inserting")
        try tmux.send("C-u")
        try tmux.send("C-c")
    }
}
