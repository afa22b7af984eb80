import CoveoAPI
import Testing

/// The typed views over pages and the organization's objects: what they read, what they default, what they refuse.
@Suite struct PageModelTests {
    @Test func aPageOfSourcesNamesItsSourcesAndFindsOneByName() throws {
        let page = try SourcePage(
            JSONParser.parse(
                #"{"sourceModels":[{"id":"o-1","name":"Docs"},{"name":"no id"},{"id":"o-2","name":"docs"}],"#
                    + #""totalEntries":3,"totalPages":1}"#))
        #expect(page.entries.map(\.id) == ["o-1", "o-2"])
        #expect(page.totalEntries == 3 && page.totalPages == 1)
        // Names are exact, as the platform's are: `docs` is not `Docs`.
        #expect(page.named("docs")?.id == "o-2")
        #expect(page.named("Missing") == nil)
        // An empty answer is an empty page; a page of the wrong shape is named.
        #expect(try SourcePage([:]).models.isEmpty)
        #expect(
            throws: ModelError(model: "page of sources", field: "sourceModels", problem: "is a string, not an array")
        ) {
            try SourcePage(["sourceModels": "x"])
        }
    }

    @Test func aPageOfSourceLogsReadsEachEntry() throws {
        let page = try LogPage(
            JSONParser.parse(
                #"{"documentLogEntries":[{"id":"u1","guid":"g","operation":"ADD","result":"REJECTED","#
                    + #""task":"STREAMING_EXTENSION","meta":{"reason":"too big","orderingId":42},"#
                    + #""datetime":"2026-12-06T10:00:00.000Z"}],"hasNextPage":true}"#))
        #expect(page.hasNextPage)
        let entry = try #require(page.entries.first)
        #expect(entry.id == "u1" && entry.guid == "g" && entry.operation == "ADD" && entry.result == "REJECTED")
        #expect(entry.task == "STREAMING_EXTENSION" && entry.reason == "too big" && entry.orderingId == 42)
        #expect(entry.datetime == "2026-12-06T10:00:00.000Z")
        #expect(try LogPage([:]).hasNextPage == false)
        #expect(
            throws: ModelError(
                model: "page of Source Logs", field: "hasNextPage", problem: "is a number, not a boolean")
        ) {
            try LogPage(["hasNextPage": 1])
        }
    }

    @Test func privilegesKeysAndFieldsReadWhatTheirDocumentationSays() {
        let privilege = Privilege(["targetDomain": "SOURCE", "type": "EDIT"])
        // Absent, the owner is the platform and the target every one.
        #expect(privilege.owner == "PLATFORM" && privilege.targetId == "*" && privilege.type == "EDIT")
        let key = APIKeyModel([
            "id": "k1", "displayName": "push key", "status": "ENABLED", "resourceId": "o-1", "value": "xx1",
            "privileges": [["type": "VIEW"], ["type": "EDIT"]],
        ])
        #expect(key.id == "k1" && key.displayName == "push key" && key.status == "ENABLED")
        #expect(key.resourceId == "o-1" && key.value == "xx1" && key.privileges.compactMap(\.type) == ["VIEW", "EDIT"])
        let field = FieldModel(["name": "author", "type": "STRING", "multiValueFacet": true, "system": false])
        #expect(field.name == "author" && field.type == "STRING" && field.multiValueFacet)
        #expect(!field.facet && !field.sort && !field.system)
    }
}
