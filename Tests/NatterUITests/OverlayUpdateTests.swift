import NatterProviders
import Testing

@testable import NatterSession
@testable import NatterUI

/// Each overlay's update: the keys it answers and what it asks of the outside (the picker, settings,
/// sessions and compare have their own suites).
@Suite struct OverlayUpdateTests {
    static func app() -> App { App(state: AppState(providerName: "p", model: "m")) }

    @Test func helpScrollsAndCloses() {
        let app = Self.app()
        _ = app.update(.key(.function(1)))
        _ = app.update(.key(.down))
        _ = app.update(.key(.pageDown))
        #expect(app.state.overlay == .help(top: 6))
        _ = app.update(.key(.pageUp))
        _ = app.update(.key(.pageUp))
        #expect(app.state.overlay == .help(top: 0))
        _ = app.update(.key(.character("q")))
        #expect(app.state.overlay == nil)
    }

    @Test func theSettingsPanelsUpdateAloneWithoutTheApp() {
        let keymap = Keymap.standard
        let last = SettingsRow.allCases.count - 1
        #expect(SettingsOverlay.update(selected: 0, key: .up, keymap: keymap) == .highlight(0))
        #expect(SettingsOverlay.update(selected: 0, key: .wheelDown, keymap: keymap) == .highlight(1))
        #expect(SettingsOverlay.update(selected: last, key: .down, keymap: keymap) == .highlight(last))
        #expect(SettingsOverlay.update(selected: SettingsRow.role.rawValue, key: .enter, keymap: keymap) == .openRoles)
        #expect(SettingsOverlay.update(selected: SettingsRow.temperature.rawValue, key: .enter, keymap: keymap) == .edit(.temperature))
        #expect(SettingsOverlay.update(selected: SettingsRow.compaction.rawValue, key: .enter, keymap: keymap) == .compaction)
        #expect(SettingsOverlay.update(selected: SettingsRow.seed.rawValue, key: .backspace, keymap: keymap) == .clear(.seed))
        #expect(SettingsOverlay.update(selected: SettingsRow.compaction.rawValue, key: .delete, keymap: keymap) == .highlight(last))
        #expect(SettingsOverlay.update(selected: 3, key: .control("x"), keymap: keymap) == .close)
        #expect(SettingsOverlay.update(selected: 3, key: .escape, keymap: keymap) == .close)
        #expect(SettingsOverlay.update(selected: 99, key: .character("q"), keymap: keymap) == .highlight(last), "an index from outside is kept in range")

        #expect(SettingsOverlay.updateRoles(selected: 0, count: 3, key: .down) == .highlight(1))
        #expect(SettingsOverlay.updateRoles(selected: 2, count: 3, key: .down) == .highlight(2))
        #expect(SettingsOverlay.updateRoles(selected: 1, count: 3, key: .enter) == .use(1))
        #expect(SettingsOverlay.updateRoles(selected: 0, count: 0, key: .enter) == .highlight(0), "no roles, nothing to use")
        #expect(SettingsOverlay.updateRoles(selected: 1, count: 3, key: .escape) == .back)
    }

    @Test func thePickerUpdatesAloneWithoutTheApp() {
        let keymap = Keymap.standard
        let heading = PickerRow.provider(PickerProvider(name: "p", displayName: "P", problem: nil, models: []))
        func model(_ name: String) -> PickerRow {
            .model(provider: "p", info: ModelInfoRow(name: name, contextWindow: nil, supportsTools: false, supportsVision: false, unavailable: false))
        }
        let rows = [heading, model("a"), model("b"), heading, model("c"), .addProvider]
        var picker = PickerState(selected: 1)
        #expect(PickerOverlay.update(picker, rows: rows, key: .down, keymap: keymap) == .highlight(2))
        picker.selected = 2
        #expect(PickerOverlay.update(picker, rows: rows, key: .down, keymap: keymap) == .highlight(4), "past the provider heading")
        #expect(PickerOverlay.update(picker, rows: rows, key: .pageDown, keymap: keymap) == .highlight(5))
        #expect(PickerOverlay.update(picker, rows: rows, key: .pageUp, keymap: keymap) == .highlight(1))
        #expect(PickerOverlay.update(picker, rows: rows, key: .enter, keymap: keymap) == .choose(provider: "p", model: "b"))
        #expect(PickerOverlay.update(PickerState(selected: 5), rows: rows, key: .enter, keymap: keymap) == .addProvider)
        #expect(PickerOverlay.update(picker, rows: rows, key: .character("x"), keymap: keymap) == .filter(InputBuffer("x")))
        #expect(PickerOverlay.update(picker, rows: rows, key: .character(" "), keymap: keymap) == .filter(InputBuffer(" ")), "a space is text when not marking")
        #expect(PickerOverlay.update(picker, rows: rows, key: .escape, keymap: keymap) == .close)
        #expect(PickerOverlay.update(picker, rows: rows, key: .control("o"), keymap: keymap) == .highlight(2), "Ctrl+O is compare's, not this picker's")
        picker.marked = []
        #expect(PickerOverlay.update(picker, rows: rows, key: .character(" "), keymap: keymap) == .toggleMark)
        #expect(PickerOverlay.update(picker, rows: rows, key: .enter, keymap: keymap) == .confirmMarks)
        #expect(PickerOverlay.update(picker, rows: rows, key: .control("o"), keymap: keymap) == .close, "Ctrl+O again leaves compare's picker")
        #expect(PickerOverlay.update(PickerState(selected: 9), rows: rows, key: .enter, keymap: keymap) == .highlight(9), "a row that is not there chooses nothing")
    }

    @Test func theFindBarUpdatesAloneWithoutTheApp() {
        let keymap = Keymap.standard
        var find = FindState(returnTo: .following)
        find.query = InputBuffer("ab")
        #expect(FindBar.update(find, key: .escape, keymap: keymap) == .cancel)
        #expect(FindBar.update(find, key: .control("f"), keymap: keymap) == .done)
        #expect(FindBar.update(find, key: .enter, keymap: keymap) == .move(by: 1, navigating: true))
        #expect(FindBar.update(find, key: .up, keymap: keymap) == .move(by: -1, navigating: false))
        #expect(FindBar.update(find, key: .character("n"), keymap: keymap) == .search(InputBuffer("abn")), "typing until Enter")
        #expect(FindBar.update(find, key: .backspace, keymap: keymap) == .search(InputBuffer("a")))
        #expect(FindBar.update(find, key: .control("u"), keymap: keymap) == .search(InputBuffer()))
        #expect(FindBar.update(find, key: .pageDown, keymap: keymap) == .scroll(lines: 0, pages: 1))
        #expect(FindBar.update(find, key: .wheelUp, keymap: keymap) == .scroll(lines: -3, pages: 0))
        find.isNavigating = true
        #expect(FindBar.update(find, key: .character("n"), keymap: keymap) == .move(by: 1, navigating: true), "after Enter, n is next")
        #expect(FindBar.update(find, key: .character("N"), keymap: keymap) == .move(by: -1, navigating: true))
        #expect(FindBar.update(find, key: .character("x"), keymap: keymap) == .search(InputBuffer("abx")))
    }

    @Test func themesMoveAndApply() {
        var state = AppState(providerName: "p", model: "m")
        state.themeNames = ["dark", "light", "monochrome"]
        let app = App(state: state)
        _ = app.update(.key(.control("t")))
        #expect(app.state.overlay == .themes(selected: 0))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        _ = app.update(.key(.down))
        #expect(app.state.overlay == .themes(selected: 2))
        #expect(app.update(.key(.enter)) == [.applyTheme("monochrome")])
        #expect(app.state.themeName == "monochrome" && app.state.overlay == nil)
    }

    @Test func theTreeShowsTheChosenBranch() {
        let app = Self.app()
        let first = app.play(question: "q", answer: ["one"])
        _ = app.update(.session(.replyStarted(id: "second", parent: app.state.conversation[first]!.parent!, origin: Origin(provider: "p", model: "m"))))
        _ = app.update(.session(.replyEnded(Message(id: "second", parent: app.state.conversation[first]!.parent, role: .assistant, parts: [.text("two")], finish: .stop))))
        _ = app.update(.session(.turnEnded))
        _ = app.update(.key(.control("b")))
        guard case .tree(let tree)? = app.state.overlay else {
            Issue.record("no tree")
            return
        }
        #expect(tree.rows.map(\.message.text) == ["q", "one", "two"] && tree.selected == 2)
        _ = app.update(.key(.up))
        #expect(app.update(.key(.enter)) == [.activate(first)])
        #expect(app.state.entries.map(\.text) == ["q", "one"])
    }

    @Test func approvalAnswersOnceAlwaysOrNoAndQueuesTheNext() {
        let app = Self.app()
        let request = { (name: String) in
            ToolApprovalRequest(call: ToolCall(id: name, name: name, arguments: "{}"), identity: ToolIdentity(server: "s", tool: name))
        }
        _ = app.update(.approvalRequested(id: 1, request("first")))
        _ = app.update(.approvalRequested(id: 2, request("second")))
        _ = app.update(.approvalRequested(id: 3, request("third")))
        #expect(app.state.approvalQueue.map(\.id) == [2, 3])
        #expect(app.update(.paste("yes")) == [], "a paste never approves")
        #expect(app.update(.key(.character("y"))) == [.answerTool(id: 1, .once)])
        _ = app.update(.approvalWithdrawn(id: 3))
        #expect(app.update(.key(.character("a"))) == [.answerTool(id: 2, .always)])
        #expect(app.state.overlay == nil && app.state.approvalQueue.isEmpty)
        _ = app.update(.approvalRequested(id: 4, request("fourth")))
        #expect(app.update(.key(.character("n"))) == [.answerTool(id: 4, .deny)])
    }

    @Test func toolsPanelSwitchesServersAndTools() {
        let app = Self.app()
        _ = app.update(.key(.function(4)))
        #expect(app.state.overlay == nil && app.state.status?.hasPrefix("no MCP servers") == true)
        let tools = [ToolPanelTool(modelName: "time__now", name: "now", description: "", enabled: true)]
        _ = app.update(.toolServers([ToolPanelServer(name: "time", transport: "stdio", status: "ready", isReady: true, enabled: true, tools: tools)]))
        _ = app.update(.key(.function(4)))
        #expect(app.update(.key(.down)) == [])
        #expect(app.update(.key(.enter)) == [.setTool("time__now", enabled: false)])
        _ = app.update(.key(.up))
        #expect(app.update(.key(.character(" "))) == [.setToolServer("time", enabled: false)])
        #expect(app.state.toolServers.first?.enabled == false && app.state.toolServers.first?.tools.first?.enabled == false)
        _ = app.update(.key(.escape))
        #expect(app.state.overlay == nil)
    }

    /// The overlays' own updates, without an app: a key and their state in, their next step out.
    @Test func eachOverlaysOwnUpdateIsAFunctionOfItsState() {
        let keys = Keymap.standard
        #expect(HelpOverlay.update(top: 0, key: .pageDown, keymap: keys) == 5)
        #expect(HelpOverlay.update(top: 0, key: .up, keymap: keys) == 0)
        #expect(HelpOverlay.update(top: 3, key: .function(1), keymap: keys) == nil)

        #expect(ThemeOverlay.update(selected: 1, count: 2, key: .down, keymap: keys) == .highlight(1))
        #expect(ThemeOverlay.update(selected: 1, count: 2, key: .enter, keymap: keys) == .choose(1))
        #expect(ThemeOverlay.update(selected: 1, count: 2, key: .control("t"), keymap: keys) == .close)

        let rows = [TreeRow(message: .user("a"), depth: 0, isOnActivePath: true, isActiveLeaf: false),
                    TreeRow(message: .user("b"), depth: 1, isOnActivePath: true, isActiveLeaf: true)]
        let tree = TreeState(rows: rows, selected: 0)
        #expect(TreeOverlay.update(tree, key: .end, keymap: keys) == .move(TreeState(rows: rows, selected: 1)))
        #expect(TreeOverlay.update(tree, key: .enter, keymap: keys) == .show(rows[0].message.id))
        #expect(TreeOverlay.update(tree, key: .control("b"), keymap: keys) == .close)

        let panel: [ToolPanelRow] = [.server(0), .tool(server: 0, tool: 0)]
        #expect(ToolsOverlay.update(selected: 0, rows: panel, key: .pageDown, keymap: keys) == .highlight(1))
        #expect(ToolsOverlay.update(selected: 1, rows: panel, key: .character(" "), keymap: keys) == .toggle(.tool(server: 0, tool: 0)))
        #expect(ToolsOverlay.update(selected: 1, rows: panel, key: .function(4), keymap: keys) == .close)

        let approval = ApprovalState(
            id: 1, request: ToolApprovalRequest(call: ToolCall(id: "c", name: "t", arguments: #"{"a":1,"b":2}"#), identity: ToolIdentity(server: "s", tool: "t")))
        #expect(ApprovalOverlay.update(approval, key: .character("A")) == .answer(.always))
        #expect(ApprovalOverlay.update(approval, key: .escape) == .cancelTurn)
        guard case .scroll(let moved) = ApprovalOverlay.update(approval, key: .down) else {
            Issue.record("↓ scrolls the arguments")
            return
        }
        #expect(moved.top == 1)
    }
}
