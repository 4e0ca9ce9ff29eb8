import Foundation
import NatterProviders
import Testing

@testable import NatterSession

@Suite struct TranscriptSearchTests {
    func search(_ query: String, in scratch: ScratchSessions) -> [SearchHit] {
        var hits: [SearchHit] = []
        TranscriptSearch(query)?.run(in: scratch.store, ids: scratch.store.list().map(\.id), shouldStop: { false }) { hits += $0 }
        return hits
    }

    @Test func findsCaseInsensitivelyAcrossScriptsWithTheMatchingLine() throws {
        let scratch = try ScratchSessions()
        try scratch.write(
            "20261101-000000-aaaaaa", minute: 0,
            exchanges: [("Where is the best Café?", "Try the CAFÉ on line two.\nOr the café at the station."), ("日本語は?", "はい、日本語です")])
        try scratch.write("20261102-000000-bbbbbb", minute: 10, exchanges: [("nothing here", "nor here")])

        let cafe = search("café", in: scratch)
        #expect(cafe.map(\.match) == ["Café", "CAFÉ", "café"])
        #expect(cafe.map(\.messageID) == ["l2", "l3", "l3"], "format 1 messages are known by their line")
        #expect(cafe.map(\.role) == [.user, .assistant, .assistant])
        #expect(cafe[2].before == "Or the " && cafe[2].after == " at the station.", "the hit is the line that matched")
        #expect(search("日本語", in: scratch).map(\.messageID) == ["l4", "l5"])
        #expect(search("É", in: scratch).count == 3, "a query with no ASCII still finds its matches")
        #expect(search("zebra", in: scratch).isEmpty)
        #expect(TranscriptSearch("   ") == nil)
    }

    @Test func jsonEscapesNeverMatchAndQuotesInQueriesDo() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("say \"hi\"\\now", "x\ny")])

        #expect(search("\"hi\"", in: scratch).map(\.match) == ["\"hi\""])
        #expect(search("\\now", in: scratch).count == 1)
        #expect(search("type", in: scratch).isEmpty, "the record's own keys are not content")
        #expect(search("xny", in: scratch).isEmpty, "an escaped newline is not the letter n")
    }

    @Test func newestSessionsComeFirstAndHitsPerSessionAreCapped() throws {
        let scratch = try ScratchSessions()
        try scratch.write("20261101-000000-aaaaaa", minute: 0, exchanges: [("needle", "a")])
        try scratch.write("20261102-000000-bbbbbb", minute: 10, exchanges: Array(repeating: ("needle needle", "needle"), count: 20))

        let hits = search("needle", in: scratch)

        #expect(hits.first?.sessionID == "20261102-000000-bbbbbb")
        #expect(hits.filter { $0.sessionID == "20261102-000000-bbbbbb" }.count == 20)
        #expect(hits.last?.sessionID == "20261101-000000-aaaaaa")
    }

    @Test func aStopRequestEndsTheSearch() throws {
        let scratch = try ScratchSessions()
        for day in 1...5 { try scratch.write("2026110\(day)-000000-aaaaaa", minute: day, exchanges: [("needle", "a")]) }
        var sessions = 0
        var asked = 0
        TranscriptSearch("needle")?.run(in: scratch.store, ids: scratch.store.list().map(\.id), shouldStop: {
            asked += 1
            return asked > 2
        }) { _ in sessions += 1 }
        #expect(sessions == 2)
    }

    @Test func thePrefilterKeepsOnlyBytesItCanTrust() {
        #expect(TranscriptSearch.prefilter(for: "Café") == Array("caf".utf8))
        #expect(TranscriptSearch.prefilter(for: "say \"hi\" to all") == Array(" to all".utf8))
        #expect(TranscriptSearch.prefilter(for: "日本") == Array("日本".utf8))
        #expect(TranscriptSearch.prefilter(for: "É").isEmpty)
    }
}

@Suite struct TranscriptExportTests {
    static let transcript = TranscriptReader.parse(
        Data(
            [
                #"{"type":"session","id":"s1","created":"2026-11-20T10:00:00Z","version":1}"#,
                #"{"type":"title","title":"Coffee"}"#,
                #"{"type":"message","role":"user","content":"Where?","ts":"2026-11-20T10:00:01Z"}"#,
                #"{"type":"message","role":"assistant","content":"Here.","reasoning":"hmm","provider":"p","model":"m","ts":"2026-11-20T10:00:02Z","finish":"stop"}"#,
                #"{"type":"switch","provider":"q","model":"n","ts":"2026-11-20T10:01:00Z"}"#,
                #"{"type":"message","role":"user","content":"And now?","ts":"2026-11-20T10:01:01Z"}"#,
                #"{"type":"message","role":"assistant","content":"Par","provider":"q","model":"n","ts":"2026-11-20T10:01:02Z","finish":"interrupted","error":"interrupted: the connection dropped"}"#,
            ].joined(separator: "\n").utf8))

    func lines(_ format: TranscriptExport.Format) -> [String] {
        TranscriptExport.render(Self.transcript, id: "s1", format: format).components(separatedBy: "\n")
    }

    @Test func markdownHasTheTitleSpeakersSwitchesAndEndings() {
        let time = { (minute: Int, second: Int) in TranscriptExport.time(Date(timeIntervalSince1970: 1_795_168_800 + Double(minute * 60 + second))) }
        #expect(
            lines(.markdown) == [
                "# Coffee", "", "*session `s1` · \(time(0, 0))*", "", "## You", "", "Where?", "", "## p · m", "",
                "<details><summary>Thinking</summary>", "", "hmm", "", "</details>", "", "Here.", "", "---", "",
                "*Switched to q · n.*", "", "## You", "", "And now?", "", "## q · n", "", "Par", "", "> *interrupted: the connection dropped*", "",
            ])
    }

    @Test func textReadsLikeTheConversation() {
        let text = lines(.text)
        #expect(text[0] == "Coffee")
        #expect(text.contains("-- switched to q · n --"))
        #expect(text.contains("[interrupted: the connection dropped]"))
        #expect(text.contains("  (thinking) hmm"))
        #expect(text.filter { $0.hasPrefix("You [") }.count == 2)
    }

    @Test func jsonIsOneDocumentWithEveryRecord() throws {
        let document = TranscriptExport.render(Self.transcript, id: "s1", format: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        #expect(object["id"] as? String == "s1")
        #expect(object["title"] as? String == "Coffee")
        let records = try #require(object["records"] as? [[String: Any]])
        #expect(records.map { $0["type"] as? String } == ["session", "title", "message", "message", "switch", "message", "message"])
    }

    /// The text and Markdown exports strip bidi controls and C1; JSON keeps them for programs, as escapes a pager
    /// never acts on (a raw U+202E once went out).
    @Test func jsonWritesInvisibleControlsAsEscapes() throws {
        let hostile = "txt.exe\u{202E}gpj \u{85}next\u{E0041}"
        var file = try TranscriptCoding.encode(.session(SessionHeader(id: "h", created: Date())))
        file += try TranscriptCoding.encode(.message(Message.user(hostile)))
        let transcript = TranscriptReader.parse(file)
        let document = TranscriptExport.render(transcript, id: "h", format: .json)
        #expect(!document.unicodeScalars.contains { TerminalText.isUnsafe($0) && $0 != "\n" }, "nothing raw")
        #expect(document.contains(#"\u202e"#) && document.contains(#"\u0085"#) && document.contains(#"\udb40\udc41"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        let records = try #require(object["records"] as? [[String: Any]])
        let parts = try #require(records.first { $0["type"] as? String == "message" }?["parts"] as? [[String: Any]])
        #expect(parts.first?["text"] as? String == hostile, "a program reading it gets the text as it was")
    }
}
