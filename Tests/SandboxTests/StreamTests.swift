import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The Stream API of Catalog sources over loopback, through pshell's client: a load leaves exactly what the
/// stream carried, an update leaves the others, a partial update changes one field of an existing item (and is
/// rejected in the logs for a missing one), a merge keeps the fields it does not name, and the documented limits.
@Suite struct StreamTests {
    let clock = ManualClock(at: 1_768_478_400_000)

    func start() async throws -> (SandboxServer, CoveoClient, String) {
        var configuration = SandboxConfiguration(organization: "catalogorg", indexingDelayMilliseconds: 50)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        let source = try await client.createSource([
            "name": "catalog", "streamEnabled": true, "sourceVisibility": "SHARED", "sourceType": "CATALOG",
        ])
        #expect(source["sourceType"] == "CATALOG")
        return (server, client, source["id"]?.stringValue ?? "")
    }

    /// The items after the indexing delay, by id: their fields.
    func settled(_ client: CoveoClient, _ source: String) async throws -> [String: JSON] {
        clock.advance(byMilliseconds: 60_000)
        let answer = try await client.sandboxItems(source)
        #expect(answer["pendingOperations"] == 0)
        var result: [String: JSON] = [:]
        for item in answer["items"]?.arrayValue ?? [] {
            result[item["documentId"]?.stringValue ?? ""] = item["fields"] ?? .null
        }
        return result
    }

    func load(_ client: CoveoClient, _ source: String, chunks: [JSON]) async throws -> JSON {
        let opened = try await client.openStream(source)
        let streamId = opened["streamId"]?.stringValue ?? ""
        for chunk in chunks {
            let container = try await client.streamChunk(source, streamId: streamId)
            _ = try await client.upload(Data(JSONWriter.compact(chunk).utf8), to: container)
        }
        clock.advance(byMilliseconds: 1)
        return try await client.closeStream(source, streamId: streamId)
    }

    func container(_ client: CoveoClient, _ content: JSON) async throws(APIError) -> String {
        try await client.uploadToNewContainer(Data(JSONWriter.compact(content).utf8))
    }

    @Test func aLoadLeavesExactlyWhatTheStreamCarried() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        _ = try await load(
            client, source,
            chunks: [
                ["addOrUpdate": [["documentId": "p://1", "title": "one"], ["documentId": "p://2", "title": "two"]]],
                ["addOrUpdate": [["documentId": "p://3", "title": "three"]]],
            ])
        #expect(try await settled(client, source).keys.sorted() == ["p://1", "p://2", "p://3"])
        let closed = try await load(client, source, chunks: [["addOrUpdate": [["documentId": "p://2", "title": "2"]]]])
        #expect(closed["orderingId"]?.stringValue != nil && closed["requestId"]?.stringValue != nil)
        let after = try await settled(client, source)
        #expect(after.keys.sorted() == ["p://2"], "items the stream did not carry are deleted")
        #expect(after["p://2"]?["title"] == "2")
    }

    @Test func anUpdateLeavesTheOthersAndAPartialUpdateChangesOneField() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        _ = try await load(
            client, source,
            chunks: [
                [
                    "addOrUpdate": [
                        ["documentId": "p://1", "title": "one", "colors": ["red"], "prices": ["s1": 10]],
                        ["documentId": "p://2", "title": "two"], ["documentId": "p://3", "title": "three"],
                    ]
                ]
            ])
        _ = try await settled(client, source)
        let update: JSON = [
            "addOrUpdate": [["documentId": "p://2", "title": "two, new"]], "delete": [["documentId": "p://3"]],
            "partialUpdate": [
                ["documentId": "p://1", "operator": "fieldValueReplace", "field": "title", "value": "uno"],
                ["documentId": "p://1", "operator": "arrayAppend", "field": "colors", "value": ["blue", "green"]],
                ["documentId": "p://1", "operator": "arrayRemove", "field": "colors", "value": "red"],
                ["documentId": "p://1", "operator": "dictionaryPut", "field": "prices", "value": ["s2": 12]],
                ["documentId": "p://1", "operator": "dictionaryRemove", "field": "prices", "value": ["s1"]],
                ["documentId": "p://9", "operator": "fieldValueReplace", "field": "title", "value": "nine"],
            ],
        ]
        clock.advance(byMilliseconds: 1)
        let accepted = try await client.streamUpdate(source, fileId: try await container(client, update))
        #expect(accepted["orderingId"]?.stringValue != nil)
        let items = try await settled(client, source)
        #expect(items.keys.sorted() == ["p://1", "p://2"])
        #expect(items["p://2"]?["title"] == "two, new")
        #expect(items["p://1"]?["title"] == "uno")
        #expect(items["p://1"]?["colors"] == ["blue", "green"])
        #expect(items["p://1"]?["prices"] == ["s2": 12])
        let logs = try await client.logs(
            source, documentId: "p://9", from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z")
        let entry = logs["documentLogEntries"]?.arrayValue?.first
        #expect(entry?["result"] == "REJECTED")
        #expect(entry?["meta"]?["reason"]?.stringValue?.contains("holds none with this id") == true)
    }

    @Test func aMergeKeepsTheFieldsItDoesNotName() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        _ = try await load(
            client, source, chunks: [["addOrUpdate": [["documentId": "p://1", "title": "one", "a": 1]]]])
        _ = try await settled(client, source)
        clock.advance(byMilliseconds: 1)
        let merge: JSON = ["addOrMerge": [["documentId": "p://1", "a": 2, "b": 3], ["documentId": "p://2", "b": 4]]]
        _ = try await client.streamMerge(source, fileId: try await container(client, merge))
        let items = try await settled(client, source)
        #expect(items["p://1"] == ["title": "one", "a": 2, "b": 3])
        #expect(items["p://2"] == ["b": 4], "an item the source does not hold is added")
    }

    @Test func refusalsAndLimits() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let push = try await client.createSource(["sourceType": "PUSH", "name": "push", "sourceVisibility": "SHARED"])
        await expectAPIError(400, "INVALID_SOURCE_TYPE", requestID: false) { () throws(APIError) in
            _ = try await client.openStream(push["id"]?.stringValue ?? "")
        }
        await expectAPIError(404, "STREAM_NOT_FOUND", requestID: false) { () throws(APIError) in
            _ = try await client.closeStream(source, streamId: "no-such-stream")
        }
        // An item over 3 MB: the request is refused whole, nothing queued.
        let large: JSON = [
            "addOrUpdate": [["documentId": "p://big", "data": .string(String(repeating: "x", count: 3 * 1024 * 1024))]]
        ]
        await expectAPIError(400, "DOCUMENT_TOO_LARGE", requestID: false) { () throws(APIError) in
            _ = try await client.streamUpdate(source, fileId: try await container(client, large))
        }
        let badOperator: JSON = [
            "partialUpdate": [["documentId": "p://1", "operator": "explode", "field": "a", "value": 1]]
        ]
        await expectAPIError(400, "INVALID_JSON", requestID: false) { () throws(APIError) in
            _ = try await client.streamUpdate(source, fileId: try await container(client, badOperator))
        }
        #expect(try await settled(client, source).isEmpty)
        // Delete older than: what was indexed before the time goes.
        _ = try await load(client, source, chunks: [["addOrUpdate": [["documentId": "p://1", "title": "one"]]]])
        _ = try await settled(client, source)
        _ = try await client.streamDeleteOlderThan(source, epochMilliseconds: clock.now())
        #expect(try await settled(client, source).isEmpty)
    }

    /// The Stream API's burst (an emulated limit, 250 by default): the request past it is 429 with the seconds
    /// until the window lets one through; the window moves with the sandbox's clock.
    @Test func theBurstLimitAnswers429WithRetryAfter() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        #expect(try await client.sandboxSettings(nil).streamBurst == 250)
        _ = try await client.sandboxSettings(SandboxSettings(streamBurst: 2))
        _ = try await client.openStream(source)
        clock.advance(byMilliseconds: 60_000)
        _ = try await client.openStream(source)
        let request = try client.request(
            "POST", .push, "/push/v1/organizations/catalogorg/sources/\(source)/stream/open")
        let refused = try await AsyncHTTPTransport().send(request)
        #expect(refused.status == 429)
        #expect(refused.headers["retry-after"] == "240", "the first request leaves the window 4 minutes on")
        clock.advance(byMilliseconds: 240_000)
        _ = try await client.openStream(source)
        _ = try await client.sandboxSettings(SandboxSettings(streamBurst: 0))
        for _ in 0..<5 { _ = try await client.openStream(source) }
    }

    /// An open stream is a row of the state file: a restart between its chunks and its close loses nothing.
    @Test func anOpenStreamSurvivesARestart() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration(organization: "catalogorg", indexingDelayMilliseconds: 50)
        configuration.clock = clock.wallClock
        configuration.stateFile = folder.appending(path: "state.sqlite").path
        let server = try await SandboxServer.start(configuration)
        var client = server.adminClient
        let source =
            try await client.createSource([
                "name": "catalog", "streamEnabled": true, "sourceVisibility": "SHARED", "sourceType": "CATALOG",
            ])["id"]?.stringValue ?? ""
        let streamId = try await client.openStream(source)["streamId"]?.stringValue ?? ""
        let chunk = try await client.streamChunk(source, streamId: streamId)
        let content: JSON = ["addOrUpdate": [["documentId": "p://1", "title": "kept"]]]
        _ = try await client.upload(Data(JSONWriter.compact(content).utf8), to: chunk)
        await server.stop()
        let restarted = try await SandboxServer.start(configuration)
        defer { Task { await restarted.stop() } }
        client = restarted.adminClient
        _ = try await client.closeStream(source, streamId: streamId)
        #expect(try await settled(client, source)["p://1"]?["title"] == "kept")
    }
}
