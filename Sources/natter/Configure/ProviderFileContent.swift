import Foundation
import NatterProviders

/// The bytes `natter configure` is about to write, and what natter's own parser makes of them. The parser
/// is the judge: discovery and the connection test run on the provider it reads, and a file it would refuse
/// is not written.
struct ProviderFileContent {
    let draft: ProviderDraft
    let data: Data
    /// How natter will read the file, or why it will not.
    let parsed: Result<ProviderDefinition, ProviderFileError>

    init(draft: ProviderDraft, base: [String: JSONValue], path: String) throws {
        self.draft = draft
        data = try JSONValue.prettyData(draft.document(over: base))
        do {
            parsed = .success(try ProviderFileParser(path: path).parse(data))
        } catch {
            parsed = .failure(error)
        }
    }

    /// The provider to discover models with and to test, as natter will run it; nil when the parser refuses
    /// the file.
    var definition: ProviderDefinition? { try? parsed.get() }
}
