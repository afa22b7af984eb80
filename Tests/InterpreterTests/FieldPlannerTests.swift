import CoveoAPI
import Testing

@testable import Interpreter

/// The fields a push creates, typed as Coveo's push clients type them.
@Suite struct FieldPlannerTests {
    func body(_ json: String) throws -> JSONObject {
        try #require(try JSONParser.parse(Array(json.utf8)).objectValue)
    }

    @Test func typesFollowTheValues() throws {
        var planner = FieldPlanner(existingFields: [["name": "title", "type": "STRING"]])
        planner.add(
            try body(
                #"{"title": "T", "data": "d", "documentId": "x", "n": 1, "big": 3000000000, "f": 1.5, "s": "x", "#
                    + #""list": [1, 2.5], "words": ["a", 1], "flag": true, "nothing": null}"#
            ))
        let fields = planner.take()
        let types = Dictionary(
            uniqueKeysWithValues: fields.map { ($0["name"]?.stringValue ?? "", $0["type"]?.stringValue ?? "") })
        #expect(
            types == [
                "n": "LONG", "big": "LONG_64", "f": "DOUBLE", "s": "STRING", "list": "DOUBLE", "words": "STRING",
                "flag": "STRING", "nothing": "STRING",
            ])
        #expect(planner.take().isEmpty, "what was taken is not asked for again")
    }

    @Test func numbersWidenButTextDoesNotMixWithNumbers() throws {
        var planner = FieldPlanner(existingFields: [])
        planner.add(try body(#"{"price": 2, "mixed": 1, "Upper": 1}"#))
        planner.add(try body(#"{"price": 2.5, "mixed": "one", "bad-name": 1}"#))
        let fields = planner.take()
        #expect(fields == [["name": "price", "type": "DOUBLE"], ["name": "upper", "type": "LONG"]])
        #expect(planner.conflicts["mixed"]?.0 == "LONG" && planner.conflicts["mixed"]?.1 == "STRING")
        #expect(planner.unusableNames == ["bad-name"])
    }

    @Test func existingFieldsAreNotCreatedAgain() throws {
        var planner = FieldPlanner(existingFields: [["name": "color", "type": "STRING"]])
        planner.add(try body(#"{"Color": "red", "permissions": [], "parentId": "p"}"#))
        #expect(planner.take().isEmpty)
    }
}
