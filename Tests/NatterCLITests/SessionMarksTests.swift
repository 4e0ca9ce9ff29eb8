import Foundation
import NatterTestSupport
import Testing

/// Pin, archive and prune (SPEC 14), run as a person runs them: the marks are records in the transcripts, so
/// they survive the index being rebuilt, and prune never deletes a pinned session.
@Suite struct SessionMarksTests {
    static let sessionA = SessionCommandTests.sessionA  // 2026-11-20, older
    static let sessionB = SessionCommandTests.sessionB  // 2026-11-21, "Rust lifetimes"

    static func ids(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != " " }) }
    }

    @Test func aPinnedSessionIsListedFirstEvenAfterTheIndexIsRebuilt() async throws {
        let home = try SessionCommandTests.homeWithSessions()
        let (_, before, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(Self.ids(before) == [Self.sessionB, Self.sessionA], "newest first")

        let (code, said, _) = try await NatterProcess.run(["sessions", "pin", String(Self.sessionA.prefix(10))], home: home)
        #expect(code == 0 && said.hasPrefix("pinned \(Self.sessionA)"), "\(said)")
        let (_, pinned, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(Self.ids(pinned) == [Self.sessionA, Self.sessionB])
        #expect(pinned.split(separator: "\n")[1].hasSuffix("(pinned)"))
        let transcript = try String(contentsOfFile: home + "/data/sessions/\(Self.sessionA).jsonl", encoding: .utf8)
        #expect(transcript.hasSuffix(#"{"on":true,"type":"pin"}"# + "\n") || transcript.contains(#""type":"pin""#), "a record in the transcript")

        try FileManager.default.removeItem(atPath: home + "/data/sessions/index.json")
        let (_, rebuilt, _) = try await NatterProcess.run(["sessions", "--json"], home: home)
        let rows = try rebuilt.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(rows.map { $0["id"] as? String } == [Self.sessionA, Self.sessionB])
        #expect(rows.map { $0["pinned"] as? Bool } == [true, false])

        _ = try await NatterProcess.run(["sessions", "unpin", Self.sessionA], home: home)
        let (_, unpinned, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(Self.ids(unpinned) == [Self.sessionB, Self.sessionA])
    }

    @Test func anArchivedSessionIsListedOnlyWhenArchivedOnesAreAskedFor() async throws {
        let home = try SessionCommandTests.homeWithSessions()
        let (code, _, _) = try await NatterProcess.run(["sessions", "archive", Self.sessionB], home: home)
        #expect(code == 0)
        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(Self.ids(listed) == [Self.sessionA])
        let (_, archived, _) = try await NatterProcess.run(["sessions", "--archived"], home: home)
        #expect(Self.ids(archived) == [Self.sessionB])
        #expect(archived.contains("Rust lifetimes"))
        _ = try await NatterProcess.run(["sessions", "unarchive", Self.sessionB], home: home)
        let (_, back, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(Self.ids(back) == [Self.sessionB, Self.sessionA])
        let (_, none, noneErr) = try await NatterProcess.run(["sessions", "--archived"], home: home)
        #expect(none.isEmpty && noneErr.contains("no archived sessions"))
    }

    @Test func pruneListsFirstNeverDeletesAPinnedSessionAndRefusesAnAbsurdAge() async throws {
        let home = try SessionCommandTests.homeWithSessions()
        let folder = home + "/data/sessions"
        _ = try await NatterProcess.run(["sessions", "pin", Self.sessionA], home: home)
        // Both sessions were last active in November 2026; a week is less than their age.
        let (dryCode, dry, _) = try await NatterProcess.run(["sessions", "prune", "--older-than", "7d", "--dry-run"], home: home)
        #expect(dryCode == 0)
        #expect(dry.hasPrefix("would delete 1 session") && dry.contains(Self.sessionB) && !dry.contains(Self.sessionA), "\(dry)")
        #expect(FileManager.default.fileExists(atPath: folder + "/\(Self.sessionB).jsonl"), "a dry run deletes nothing")

        let (code, out, _) = try await NatterProcess.run(["sessions", "prune", "--older-than", "7d"], home: home)
        #expect(code == 0 && out.contains(Self.sessionB) && out.hasSuffix("deleted 1\n"), "\(out)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/\(Self.sessionB).jsonl"))
        #expect(FileManager.default.fileExists(atPath: folder + "/\(Self.sessionA).jsonl"), "pinned: kept")

        for age in ["99999999999d", "0d", "5x", "-3d", "d"] {
            let (badCode, _, badErr) = try await NatterProcess.run(["sessions", "prune", "--older-than", age], home: home)
            #expect(badCode != 0 && badErr.contains("older-than"), "\(age): \(badErr)")
        }
        let (missingCode, _, missingErr) = try await NatterProcess.run(["sessions", "pin", "20990101"], home: home)
        #expect(missingCode == 1 && missingErr.contains("no session"), "\(missingErr)")
    }
}
