import CoveoAPI
import Foundation
import Testing

@testable import Interpreter

/// `identity P push @FILE` is checked against BaseIdentityBody and its kin before anything is uploaded.
@Suite struct IdentityBatchTests {
    @Test func theExampleFileHasTheDocumentedShape() throws {
        let text = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appending(path: "scripts/examples/identities.json"), encoding: .utf8)
        let batch = try #require(JSONParser.parse(text).objectValue)
        #expect(IdentityBatch.problem(in: batch) == nil)
    }

    @Test(arguments: [
        (#"{"member": []}"#, "member: not a key of an identity batch"),
        (#"{"members": {}}"#, "members: expected an array"),
        (#"{"members": [{"identity": {"name": "a", "type": "USR"}}]}"#, #"members[0].identity.type: "USR" is not one"#),
        (#"{"members": [{"members": []}]}"#, "members[0].identity: missing"),
        (#"{"deleted": [{"identity": {"name": "a"}, "members": []}]}"#, "deleted[0].members: not a key"),
        (
            #"{"mappings": [{"identity": {"name": "a"}, "mappings": [{"name": "b", "target.provider": "P"}]}]}"#,
            "mappings[0].mappings[0].target.provider: not a key of an identity"
        ),
        (#"{"members": [{"identity": {"name": "a", "provider": "P"}}]}"#, "members[0].identity.provider: not a key"),
        (#"{"members": [{"identity": {"type": "USER"}}]}"#, "members[0].identity.name: expected a name"),
    ])
    func aBatchOfTheWrongShapeIsNamedWhereItIsWrong(text: String, problem: String) throws {
        let batch = try #require(JSONParser.parse(text).objectValue)
        let found = IdentityBatch.problem(in: batch)
        #expect(found?.hasPrefix(problem) == true, "\(found ?? "nothing")")
    }
}
