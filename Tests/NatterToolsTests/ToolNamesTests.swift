import Testing

@testable import NatterTools

/// The names models are offered (issue 28, point 4): one name per (server, tool) pair, whatever the spellings.
@Suite struct ToolNamesTests {
    @Test func namesThatCollideOnceCleanedStayApartAndOrderChangesNothing() {
        let pairs: [(server: String, tool: String)] = [
            ("col", "git_status"), ("col", "git.status"), ("col", "git_status_2"),
            ("srv", "echo"), ("zz", "srv__echo"), ("zz", "srv"), ("a__b", "c"), ("a", "b__c"),
        ]
        let names = ToolNames.assign(pairs)
        #expect(Set(names).count == pairs.count, "\(names)")
        #expect(names[0] == "col__git_status", "the pair spelled exactly keeps the plain name")
        #expect(names[1].hasPrefix("col__git_status_") && names[1] != "col__git_status_2")
        #expect(names[2] == "col__git_status_2")
        #expect(names[3] == "srv__echo" && names[4] == "zz__srv__echo" && names[5] == "zz__srv")
        #expect(names[6] != names[7], "server a__b's c and server a's b__c")
        for name in names { #expect(name.count <= ToolNames.longest && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) }

        let reversed = ToolNames.assign(pairs.reversed())
        #expect(Array(reversed.reversed()) == names, "the same pair gets the same name whatever the order of the list")
    }

    @Test func aLongNameEndsInADigestOfTheWhole() {
        let long = String(repeating: "x", count: 80)
        let names = ToolNames.assign([("s", long + "1"), ("s", long + "2")])
        #expect(names[0] != names[1] && names.allSatisfy { $0.count <= 64 })
    }
}
