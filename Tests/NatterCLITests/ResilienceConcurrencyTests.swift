import Foundation
import NatterTestSupport
import Synchronization
import Testing

/// Two natter processes saving at the same moment into one sessions folder.
@Suite struct ResilienceConcurrencyTests {
    /// Counts requests so that the server can hold every reply until all of them have arrived.
    final class Arrivals: Sendable {
        private let count = Atomic<Int>(0)

        func arrive() { count.add(1, ordering: .sequentiallyConsistent) }

        /// Waits (at most 20 s) until `expected` requests are in; false when they never came.
        func all(_ expected: Int) async -> Bool {
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                if count.load(ordering: .sequentiallyConsistent) >= expected { return true }
                try? await Task.sleep(for: .milliseconds(10))
            }
            return false
        }
    }

    @Test func twoProcessesAtOnceWriteTwoCompleteSessions() async throws {
        let arrivals = Arrivals()
        let server = try await LoopbackServer.start { request, _ in
            arrivals.arrive()
            guard await arrivals.all(2) else { return .json(#"{"error":{"message":"only one request came"}}"#, status: 400) }
            let which = request.bodyText.contains("question A") ? "A" : "B"
            return .stream(PipeModeTests.sse(["answer ", which, " in ", "parts"]), pause: .milliseconds(10))
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)

        let first = try NatterProcess(["-p", "question A", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        let second = try NatterProcess(["-p", "question B", "--provider", "local"], home: home, environment: ["LOCAL_KEY": "k"])
        let codes = (await first.exitCode(), await second.exitCode())

        #expect(codes.0 == 0 && codes.1 == 0, "stderr: \(first.stderr) \(second.stderr)")
        #expect(first.stdout == "answer A in parts\n")
        #expect(second.stdout == "answer B in parts\n")
        let folder = home + "/data/sessions"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".jsonl") }
        #expect(files.count == 2, "one file each: \(files)")
        var questions: [String] = []
        for file in files {
            let lines = try String(contentsOfFile: folder + "/" + file, encoding: .utf8).split(separator: "\n").map(String.init)
            let parsed = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(parsed.count == lines.count, "every line is whole JSON")
            // The text of a reply that streams for more than a second is also saved as it comes (`partial`).
            let records = parsed.filter { $0["type"] as? String != "partial" }
            #expect(records.count == 3, "session, question, answer: \(lines)")
            guard records.count == 3 else { continue }
            #expect(records[0]["type"] as? String == "session")
            #expect(records[0]["id"] as? String == file.replacingOccurrences(of: ".jsonl", with: ""))
            let text = { (record: [String: Any]) in ((record["parts"] as? [[String: Any]])?.first?["text"] as? String) ?? "" }
            let question = text(records[1])
            questions.append(question)
            let letter = question == "question A" ? "A" : "B"
            #expect(text(records[2]) == "answer \(letter) in parts", "each reply in its own question's file")
            #expect(records[2]["parent"] as? String == records[1]["id"] as? String, "the answer follows its question")
            #expect(records[2]["finish"] as? String == "stop")
        }
        #expect(questions.sorted() == ["question A", "question B"])
    }
}
