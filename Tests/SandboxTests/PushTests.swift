import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The sandbox's Push API over loopback: accepted is not indexed; the platform's rules and errors.
@Suite struct PushTests {
    /// The sandbox's time: it moves only when a test says so, so an indexing delay passes without sleeping.
    let clock = ManualClock(at: 1_768_478_400_000)

    func start(delay: Int = 50) async throws -> (SandboxServer, CoveoClient, String) {
        var configuration = SandboxConfiguration(organization: "pushorg", indexingDelayMilliseconds: delay)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        let source = try await client.createSource([
            "sourceType": "PUSH", "name": "content", "sourceVisibility": "SHARED",
        ])
        return (server, client, source["id"]?.stringValue ?? "")
    }

    func items(_ client: CoveoClient, _ source: String) async throws -> [String: JSON] {
        let answer = try await client.sandboxItems(source)
        var result: [String: JSON] = [:]
        for item in answer["items"]?.arrayValue ?? [] { result[item["documentId"]?.stringValue ?? ""] = item }
        return result
    }

    /// Lets the indexing delay pass: the sandbox applies what is due on the next request.
    func settle(_ client: CoveoClient, _ source: String) async throws {
        clock.advance(byMilliseconds: 60_000)
        #expect(try await client.sandboxItems(source)["pendingOperations"] == 0)
    }

    @Test func acceptedThenIndexedAfterTheDelay() async throws {
        let (server, client, source) = try await start(delay: 1500)
        defer { Task { await server.stop() } }
        try await client.pushDocument(source, documentId: "https://x/a", body: ["title": "A", "data": "text"])
        #expect(try await items(client, source).isEmpty, "202 is not indexed")
        clock.advance(byMilliseconds: 1499)
        #expect(try await items(client, source).isEmpty, "not before the delay")
        clock.advance(byMilliseconds: 1)
        let indexed = try await items(client, source)
        #expect(indexed["https://x/a"]?["fields"]?["title"] == "A")
        let model = try await client.getSource(source)
        #expect(model.value(at: ["information", "numberOfDocuments"]) == 1)
        let from = "2000-01-01T00:00:00Z"
        let logs = try await client.logs(source, documentId: "https://x/a", from: from, to: "2999-01-01T00:00:00Z")
        #expect(logs["documentLogEntries"]?.arrayValue?.first?["result"] == "COMPLETED")
        #expect(logs["documentLogEntries"]?.arrayValue?.first?["operation"] == "ADD")
    }

    /// A source's items come a page at a time, so that no answer outgrows what a client accepts.
    @Test func itemsArePaged() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        for name in ["a", "b", "c", "d", "e"] {
            try await client.pushDocument(source, documentId: "https://x/\(name)", body: ["title": .string(name)])
        }
        try await settle(client, source)
        let second = try await client.sandboxItems(source, page: 1, perPage: 2)
        #expect(
            second["items"]?.arrayValue?.compactMap { $0["documentId"]?.stringValue } == ["https://x/c", "https://x/d"])
        #expect(second["totalItems"] == 5)
        #expect(try await client.sandboxItems(source, page: 9, perPage: 2)["items"] == [])
        await expectAPIError(400, "INVALID_PARAMETER", requestID: false) { () throws(APIError) in
            _ = try await client.sandboxItems(source, page: 0, perPage: 5000)
        }
    }

    @Test func orderingAttachmentsAndChildren() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        try await client.pushDocument(source, documentId: "f", body: ["title": "new"], orderingId: 200)
        try await client.pushDocument(source, documentId: "f", body: ["title": "old"], orderingId: 100)
        try await client.pushDocument(source, documentId: "f/1", body: ["parentId": "f"], orderingId: 201)
        try await client.pushDocument(source, documentId: "f/1/x", body: ["parentId": "f/1"], orderingId: 202)
        try await client.pushDocument(source, documentId: "g", body: ["nested": ["no": "objects"]], orderingId: 203)
        try await client.pushDocument(
            source, documentId: "h",
            body: ["permissions": [["allowedPermissions": [["identity": "a", "identityType": "Robot"]]]]])
        try await settle(client, source)
        var indexed = try await items(client, source)
        #expect(indexed["f"]?["fields"]?["title"] == "new")
        #expect(Set(indexed.keys) == ["f", "f/1"])
        let logs = try await client.logs(
            source, documentId: nil, from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z")
        let rejected = (logs["documentLogEntries"]?.arrayValue ?? []).filter { $0["result"] == "REJECTED" }.compactMap {
            $0["id"]?.stringValue
        }
        #expect(rejected == ["f", "f/1/x", "g", "h"])
        // The documented filters and facet counts (what `push --wait` polls).
        let counts = try await client.logCounts(source, from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z")
        #expect(counts["results"] == ["COMPLETED": 2, "REJECTED": 4])
        #expect(counts["tasks"] == ["INDEXING": 2, "VALIDATION": 4])
        var onlyFailures = JSONObject()
        onlyFailures["excludeResults"] = ["COMPLETED"]
        onlyFailures["operations"] = ["ADD", "UPDATE"]
        let failures = try await client.logs(
            source, documentId: nil, from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z", filters: onlyFailures)
        #expect(
            failures["documentLogEntries"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == [
                "f", "f/1/x", "g", "h",
            ])
        try await client.deleteDocument(source, documentId: "f", deleteChildren: true)
        try await settle(client, source)
        indexed = try await items(client, source)
        #expect(indexed.isEmpty)
    }

    @Test func binaryContentIsChecked() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let good = try #require(Zlib.compress(Data("hello".utf8)))
        try await client.pushDocument(
            source, documentId: "ok",
            body: ["compressionType": "ZLIB", "compressedBinaryData": .string(good.base64EncodedString())])
        try await client.pushDocument(
            source, documentId: "bad-zlib",
            body: ["compressionType": "ZLIB", "compressedBinaryData": .string(Data("nope".utf8).base64EncodedString())])
        try await client.pushDocument(
            source, documentId: "no-container", body: ["compressedBinaryDataFileId": "missing"])
        let fileId = try await client.uploadToNewContainer(good)
        try await client.pushDocument(
            source, documentId: "via-container",
            body: ["compressionType": "ZLIB", "compressedBinaryDataFileId": .string(fileId)])
        try await settle(client, source)
        #expect(Set(try await items(client, source).keys) == ["ok", "via-container"])
        let logs = try await client.logs(
            source, documentId: nil, from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z")
        let reasons = (logs["documentLogEntries"]?.arrayValue ?? []).filter { $0["result"] == "REJECTED" }.compactMap {
            $0["meta"]?["reason"]?.stringValue
        }
        #expect(
            reasons == [
                "the binary data is not a valid ZLIB stream (compressionType ZLIB)",
                "compressedBinaryDataFileId 'missing' names no uploaded file container",
            ])
    }

    /// A batch is all or nothing: an entry without a documentId is a 400 that queues nothing and leaves the
    /// container unspent (its first two entries were indexed, and the container used up, before).
    @Test func aBatchWithABadEntryChangesNothing() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let bad =
            #"{"addOrUpdate": [{"documentId": "https://x/1"}, {"documentId": "https://x/2"}, {"title": "no id"}]}"#
        let fileId = try await client.uploadToNewContainer(Data(bad.utf8))
        await #expect(throws: APIError.self) { try await client.pushBatch(source, fileId: fileId) }
        do {
            try await client.pushBatch(source, fileId: fileId)
        } catch {
            #expect(error.status == 400 && error.message.contains("addOrUpdate[2] has none"), "\(error)")
        }
        try await settle(client, source)
        #expect(try await items(client, source).isEmpty, "nothing was queued")
        let good = #"{"addOrUpdate": [{"documentId": "https://x/1"}], "delete": []}"#
        let second = try await client.uploadToNewContainer(Data(good.utf8))
        try await client.pushBatch(source, fileId: second)
        try await settle(client, source)
        #expect(Set(try await items(client, source).keys) == ["https://x/1"])
    }

    /// Only a key that may push makes file containers: the view-only key is refused (it could fill the sandbox
    /// with 250 MB uploads no batch would use).
    @Test func theViewOnlyKeyMakesNoFileContainer() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        var viewer = client
        viewer.token = Secret(server.viewerKey)
        await expectAPIError(403, "ACCESS_DENIED") { () async throws(APIError) in
            _ = try await viewer.createFileContainer()
        }
        _ = try await client.createFileContainer()
    }

    @Test func deleteOlderThan() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        try await client.pushDocument(source, documentId: "old", body: [:], orderingId: 10)
        try await client.pushDocument(source, documentId: "new", body: [:], orderingId: 30)
        try await client.deleteOlderThan(source, orderingId: 20)
        try await settle(client, source)
        #expect(Set(try await items(client, source).keys) == ["new"])
    }

    @Test func pushErrors() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        await expectAPIError(412, "SOURCE_DOES_NOT_EXIST", requestID: false) { () throws(APIError) in
            try await client.pushDocument("pushorg-nope", documentId: "a", body: [:])
        }
        let big = String(repeating: "x", count: 6 * 1024 * 1024 + 1)
        await expectAPIError(413, "REQUEST_ENTITY_TOO_LARGE", requestID: false) { () throws(APIError) in
            try await client.pushDocument(source, documentId: "a", body: ["data": .string(big)])
        }
        var viewer = client
        viewer.token = Secret(server.viewerKey)
        await expectAPIError(403, "ACCESS_DENIED", requestID: false) { () throws(APIError) in
            try await viewer.pushDocument(source, documentId: "a", body: [:])
        }
        await expectAPIError(400, "INVALID_PARAMETER", requestID: false) { () throws(APIError) in
            try await client.setStatus(source, "SLEEPING")
        }

        // Raw requests: duplicate keys, the wrong media type, a missing documentId. The body is Push-shaped.
        let transport = AsyncHTTPTransport()
        let url = server.url.appending(path: "/push/v1/organizations/pushorg/sources/\(source)/documents")
        func put(_ query: String, _ body: String, type: String = "application/json") async throws -> APIResponse {
            let target = URL(string: url.absoluteString + query)!
            return try await transport.send(
                APIRequest(
                    method: "PUT", url: target,
                    headers: [("Authorization", "Bearer \(server.adminKey)"), ("Content-Type", type)],
                    body: Data(body.utf8)))
        }
        let duplicate = try await put("?documentId=a", #"{"title":"a","title":"b"}"#)
        #expect(duplicate.status == 400)
        let body = try JSONParser.parse(Array(duplicate.body))
        #expect(body["errorCode"] == "INVALID_JSON")
        #expect(body["requestID"] == nil)
        #expect(duplicate.headers["x-request-id"] != nil)
        #expect(try await put("?documentId=a", "{}", type: "text/plain").status == 415)
        #expect(try await put("", "{}").status == 412)
    }

    @Test func fileContainerBatch() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let container = try await client.call("POST", .push, "/push/v1/organizations/pushorg/files")
        let uploadURI = try #require(container["uploadUri"]?.stringValue.flatMap(URL.init(string:)))
        let fileId = try #require(container["fileId"]?.stringValue)
        let transport = AsyncHTTPTransport()
        let batch =
            #"{"addOrUpdate":[{"documentId":"b1","title":"one"},{"documentId":"b2","title":"two"}],"delete":[]}"#
        let wrongHeaders = try await transport.send(
            APIRequest(
                method: "PUT", url: uploadURI, headers: [("Content-Type", "application/json")], body: Data(batch.utf8)))
        #expect(wrongHeaders.status == 403)
        // The upload URL is S3's: its errors are S3's XML, which pshell's client reads.
        #expect(wrongHeaders.headers["content-type"] == "application/xml")
        let s3Error = APIError.from(response: wrongHeaders, operation: "PUT upload")
        #expect(s3Error.errorCode == "AccessDenied")
        #expect(s3Error.message.contains("x-amz-server-side-encryption"))
        #expect(s3Error.requestID != nil)
        let uploaded = try await transport.send(
            APIRequest(
                method: "PUT", url: uploadURI,
                headers: [("x-amz-server-side-encryption", "AES256"), ("Content-Type", "application/octet-stream")],
                body: Data(batch.utf8)))
        #expect(uploaded.status == 200)
        try await client.call(
            "PUT", .push, "/push/v1/organizations/pushorg/sources/\(source)/documents/batch",
            query: [("fileId", fileId)])
        await expectAPIError(412, "INVALID_PARAMETER", requestID: false) { () throws(APIError) in
            try await client.call(
                "PUT", .push, "/push/v1/organizations/pushorg/sources/\(source)/documents/batch",
                query: [("fileId", fileId)])
        }
        try await settle(client, source)
        #expect(Set(try await items(client, source).keys) == ["b1", "b2"])
    }
}
