import Foundation
import Testing

@testable import NatterProviders

/// A hand-edited file that is not JSON is named with the line and column where it stops being JSON.
@Suite struct JSONSyntaxErrorTests {
    @Test func namesTheLineAndColumn() {
        let text = "{ \"name\": \"broken\",\n  \"engine\": \"openai\",\n  \"models\": [ }\n"
        #expect(JSONSyntaxError.describe(Data(text.utf8)) == "not valid JSON at line 3, column 15 (invalid value)")
    }

    @Test func countsColumnsInCharactersNotBytes() {
        let text = "{\"é\": ,}"
        #expect(JSONSyntaxError.describe(Data(text.utf8))?.hasPrefix("not valid JSON at line 1, column 7") == true)
    }

    @Test func validJSONHasNoError() {
        #expect(JSONSyntaxError.describe(Data(#"{"a": [1, 2]}"#.utf8)) == nil)
    }

    @Test func aProviderFileSaysWhere() {
        let parser = ProviderFileParser(path: "/x/broken.json")
        #expect(throws: ProviderFileError.self) { try parser.parse(Data("{\n\"name\": \"b\",,\n}".utf8)) }
        do {
            _ = try parser.parse(Data("{\n\"name\": \"b\",,\n}".utf8))
        } catch {
            #expect(error.description.contains("line 2, column"), "\(error.description)")
        }
    }
}
