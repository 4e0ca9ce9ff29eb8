import Testing

@testable import NatterProviders

@Suite struct EnvironmentTemplateTests {
    let environment = ["KEY": "sk-123", "EMPTY": "", "HOST": "http://h:1"]

    func expand(_ text: String) throws(EnvironmentTemplate.MissingVariables) -> String {
        try EnvironmentTemplate.expand(text) { environment[$0] }
    }

    @Test func expandsVariablesAndDefaults() throws {
        #expect(try expand("Bearer ${KEY}") == "Bearer sk-123")
        #expect(try expand("${HOST}/v1") == "http://h:1/v1")
        #expect(try expand("${UNSET:-http://localhost:1234/v1}") == "http://localhost:1234/v1")
        #expect(try expand("${KEY:-fallback}") == "sk-123")
        #expect(try expand("${EMPTY:-fallback}") == "fallback")
        #expect(try expand("${UNSET:-}") == "")
        #expect(try expand("no templates") == "no templates")
    }

    @Test func missingAndEmptyVariablesAreNamedTogether() {
        #expect(throws: EnvironmentTemplate.MissingVariables(names: ["A", "EMPTY"])) {
            try expand("${A} ${EMPTY} ${A}")
        }
    }

    @Test func textThatIsNotAReferenceIsKeptAsWritten() throws {
        #expect(try expand("$KEY ${ and ${1BAD} $5 ${KEY}") == "$KEY ${ and ${1BAD} $5 sk-123")
        #expect(try expand("trailing ${") == "trailing ${")
    }

    @Test func listsReferences() {
        let references = EnvironmentTemplate.references(in: "${A}/${B:-x}")
        #expect(references == [.init(name: "A", defaultValue: nil), .init(name: "B", defaultValue: "x")])
    }
}
