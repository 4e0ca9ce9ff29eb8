import Foundation
import Testing

@testable import NatterUI

/// docs/keys.md is made from the key bindings (issue 29, point 9): stale, this fails and says how to write it
/// again (`bash scripts/update-docs`, which runs this test with NATTER_WRITE_DOCS=1).
@Suite struct KeyReferenceTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/keys.md").path

    @Test func theKeysReferenceIsTheBindingsOwn() throws {
        let made = KeyReference.markdown()
        if ProcessInfo.processInfo.environment["NATTER_WRITE_DOCS"] == "1" {
            try Data(made.utf8).write(to: URL(fileURLWithPath: Self.path))
        }
        let kept = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(kept == made, "docs/keys.md is stale: run bash scripts/update-docs")
        for context in KeyContext.allCases { #expect(made.contains("## \(context.title)\n")) }
    }
}
