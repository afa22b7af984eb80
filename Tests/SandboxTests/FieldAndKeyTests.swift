import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The sandbox's field API and API key API, through pshell's client over loopback.
@Suite struct FieldAndKeyTests {
    func start() async throws -> (SandboxServer, CoveoClient, ManualClock) {
        let clock = ManualClock(at: 1_768_478_400_000)
        var configuration = SandboxConfiguration(organization: "fieldorg", indexingDelayMilliseconds: 100)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        return (server, client, clock)
    }

    @Test func fieldsAreCreatedListedAndRefusedAsThePlatformDoes() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        let standard = try await client.allFields()
        #expect(standard.contains { $0["name"] == "permanentid" && $0["type"] == "STRING" && $0["system"] == true })
        try await client.createFields([["name": "price", "type": "DOUBLE"], ["name": "brand", "type": "STRING"]])
        let page = try await client.listFields(filter: "pri", page: 0, perPage: 10)
        #expect(page["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["price"])
        #expect(page["totalEntries"] == 1)
        for (bad, code) in [
            ("Brand", "INVALID_FIELD_NAME"), ("brand", "FIELD_ALREADY_EXISTS"), ("9lives", "INVALID_FIELD_NAME"),
        ] {
            await #expect(throws: APIError.self) {
                try await client.createFields([["name": .string(bad), "type": "STRING"]])
            }
            do {
                try await client.createFields([["name": .string(bad), "type": "STRING"]])
            } catch {
                #expect(error.status == 400 && error.errorCode == code, "\(bad): \(error)")
            }
        }
        do {
            try await client.createFields([["name": "ok_one", "type": "STRING"], ["name": "x", "type": "TEXT"]])
            Issue.record("a batch with a bad type was accepted")
        } catch {
            #expect(error.errorCode == "INVALID_FIELD_TYPE")
        }
        #expect(try await client.listFields(filter: "ok_one")["totalEntries"] == 0, "a refused batch creates nothing")
        do {
            try await client.deleteFields(["title"])
            Issue.record("a standard field was deleted")
        } catch {
            #expect(error.errorCode == "SYSTEM_FIELD")
        }
        try await client.deleteFields(["price", "brand"])
        #expect(try await client.listFields(filter: "price")["totalEntries"] == 0)
    }

    @Test func metadataWithoutAFieldIsDroppedAtIndexing() async throws {
        let (server, client, clock) = try await start()
        defer { Task { await server.stop() } }
        let source = try #require(
            try await client.createSource(["sourceType": "PUSH", "name": "m", "sourceVisibility": "SHARED"])["id"]?
                .stringValue)
        try await client.createFields([["name": "color", "type": "STRING"]])
        try await client.pushDocument(source, documentId: "a", body: ["title": "A", "Color": "red", "size_cm": 3])
        clock.advance(byMilliseconds: 100)
        let item = try #require(try await client.sandboxItems(source)["items"]?.arrayValue?.first)
        #expect(item["mappedMetadata"] == ["color", "title"])
        #expect(item["unmappedMetadata"] == ["size_cm"])
    }

    @Test func aKeyForOneSourceMayPushThereAndNowhereElse() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        let a = try #require(
            try await client.createSource(["sourceType": "PUSH", "name": "a", "sourceVisibility": "SHARED"])["id"]?
                .stringValue)
        let b = try #require(
            try await client.createSource(["sourceType": "PUSH", "name": "b", "sourceVisibility": "SHARED"])["id"]?
                .stringValue)
        let made = try await client.createAPIKey([
            "displayName": "a pusher",
            "privileges": [["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "EDIT", "targetId": .string(a)]],
        ])
        let value = try #require(made["value"]?.stringValue)
        #expect(made["resourceId"] == .string(a))
        let listed = try await client.listAPIKeys()
        #expect(
            listed.arrayValue?.contains { $0["value"]?.stringValue == value } == false, "the list masks every value")
        var asKey = client
        asKey.token = Secret(value)
        try await asKey.pushDocument(a, documentId: "x", body: ["title": "X"])
        do {
            try await asKey.pushDocument(b, documentId: "x", body: ["title": "X"])
            Issue.record("pushed to another source")
        } catch {
            #expect(error.status == 403)
        }
        do {
            _ = try await asKey.createAPIKey([
                "displayName": "escalate",
                "privileges": [["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "EDIT", "targetId": "*"]],
            ])
            Issue.record("a key made another key")
        } catch {
            #expect(error.status == 403)
        }
        try await client.deleteAPIKey(try #require(made["id"]?.stringValue))
        do {
            try await asKey.pushDocument(a, documentId: "y", body: ["title": "Y"])
            Issue.record("a deleted key still works")
        } catch {
            #expect(error.status == 401)
        }
    }
}
