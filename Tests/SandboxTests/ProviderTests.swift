import CoveoAPI
import Foundation
import Sandbox
import Testing

/// Security identity providers, the raw configuration and source-level permissions, over loopback HTTP.
@Suite struct ProviderTests {
    func start(
        _ configuration: SandboxConfiguration = SandboxConfiguration(organization: "testorg")
    ) async throws -> (SandboxServer, CoveoClient) {
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        return (server, client)
    }

    func secured(_ client: CoveoClient, _ name: String = "Secured") async throws -> String {
        let model = try await client.createSource([
            "sourceType": "PUSH", "name": .string(name), "sourceVisibility": "SECURED",
        ])
        return try #require(model["id"]?.stringValue)
    }

    /// The three documented bodies (docs.coveo.com/en/85, today's and two earlier revisions) all create a provider.
    @Test func theThreeDocumentedBodiesAreAccepted() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let source = try await secured(client)
        let current: JSON = [
            "id": "MyPushSourceProvider", "displayName": "My Push Source Provider", "nodeRequired": false,
            "type": "EXPANDED",
            "referencedBy": [["id": .string(source), "type": "SOURCE"]],
            "cascadingSecurityProviders": [
                "EmailSecurityProvider": ["id": "Email Security Provider", "type": "EMAIL"]
            ],
        ]
        let created = try await client.createProvider(current)
        #expect(created["id"] == "MyPushSourceProvider")
        #expect(created["type"] == "EXPANDED")
        // The platform links the source it names: the source now references the provider.
        #expect(try await client.getSource(source)["securityProviderReferences"] == ["MyPushSourceProvider"])
        #expect(
            try await client.getProvider("MyPushSourceProvider")["referencedBy"] == [
                ["id": .string(source), "type": "SOURCE"]
            ])

        let earlier: JSON = [
            "name": "EarlierProvider", "nodeRequired": false, "type": "EXPANDED",
            "cascadingSecurityProviders": [
                "EmailSecurityProvider": ["name": "Email Security Provider", "type": "EMAIL"]
            ],
        ]
        _ = try await client.call(
            "PUT", .platform, "/rest/organizations/testorg/securityproviders/EarlierProvider", body: earlier)
        let legacy: JSON = [
            "name": "LegacyProvider", "nodeRequired": false, "type": "EXPANDED",
            "cascadingSecurityProviders": [
                "Email Security Provider": ["name": "Email Security Provider", "type": "EMAIL"]
            ],
        ]
        _ = try await client.call(
            "PUT", .platform, "/rest/organizations/testorg/securityproviders/LegacyProvider", body: legacy)
        let ids = (try await client.listProviders().arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        #expect(ids == ["Email Security Provider", "MyPushSourceProvider", "EarlierProvider", "LegacyProvider"])
        let cascade = try await client.getProvider("LegacyProvider")["cascadingSecurityProviders"]?[
            "Email Security Provider"]?["id"]
        #expect(cascade == "Email Security Provider")
        // The name must match the path in the earlier revision.
        await expectAPIError(400, "INVALID_PARAMETER") { () throws(APIError) in
            _ = try await client.call(
                "PUT", .platform, "/rest/organizations/testorg/securityproviders/Other", body: earlier)
        }
    }

    @Test func limitsCountsAndRefusals() async throws {
        let (server, client) = try await start(SandboxConfiguration(organization: "testorg", securityProvidersLimit: 1))
        defer { Task { await server.stop() } }
        let source = try await secured(client)
        let body: JSON = ["id": "P1", "type": "EXPANDED", "referencedBy": [["id": .string(source), "type": "SOURCE"]]]
        _ = try await client.createProvider(body)
        #expect(
            try await client.limits().value(at: ["content", "numberOfSecurityProvidersLimit"]) == [
                "actualCount": 1, "limit": 1,
            ])
        await expectAPIError(400, "LIMIT_EXCEEDED") { () throws(APIError) in
            _ = try await client.createProvider(["id": "P2", "type": "EXPANDED"])
        }
        await expectAPIError(409, "SECURITY_PROVIDER_ALREADY_EXISTS") { () throws(APIError) in
            _ = try await client.createProvider(body)
        }
        await expectAPIError(400, "INVALID_SECURITY_PROVIDER") { () throws(APIError) in
            _ = try await client.createProvider(["id": "P3"])
        }
        // Referenced by a source: refused, and the answer says which source.
        do {
            try await client.deleteProvider("P1")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.status == 409)
            #expect(error.message.contains(source))
        }
        await expectAPIError(400, "SECURITY_PROVIDER_READ_ONLY") { () throws(APIError) in
            try await client.deleteProvider("Email Security Provider")
        }
        await expectAPIError(404, "SECURITY_PROVIDER_NOT_FOUND") { () throws(APIError) in
            _ = try await client.getProvider("nope")
        }
        // A source cannot reference a provider that does not exist.
        await expectAPIError(400, "SECURITY_PROVIDER_NOT_FOUND") { () throws(APIError) in
            _ = try await client.createSource([
                "sourceType": "PUSH", "name": "x", "securityProviderReferences": ["nope"],
            ])
        }
        try await client.deleteSource(source)
        try await client.deleteProvider("P1")
        #expect(try await client.limits().value(at: ["content", "numberOfSecurityProvidersLimit", "actualCount"]) == 0)
        // A view-only key may read providers but not create them.
        var viewer = client
        viewer.token = Secret(server.viewerKey)
        #expect(try await viewer.listProviders().arrayValue?.count == 1)
        await expectAPIError(403, "ACCESS_DENIED") { () throws(APIError) in
            _ = try await viewer.createProvider(["id": "V", "type": "EXPANDED"])
        }
    }

    /// The raw and simple models describe one source: permissions written raw show in the simple model,
    /// and a change of visibility shows in the raw one.
    @Test func rawAndSimpleModelsAgree() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let model = try await client.createSource([
            "sourceType": "PUSH", "name": "Private", "sourceVisibility": "PRIVATE",
        ])
        let id = try #require(model["id"]?.stringValue)
        var raw = try await client.getRawSource(id)
        #expect(raw.value(at: ["configuration", "sourceSecurityOption"]) == "Specified")
        raw["configuration"]?["permissions"] = [
            [
                "name": "Source Specified Permissions",
                "permissionSets": [
                    [
                        "name": "Private", "allowAnonymous": false,
                        "allowedPermissions": [
                            [
                                "identity": "alice@example.com", "identityType": "User",
                                "securityProvider": "Email Security Provider",
                            ]
                        ],
                        "deniedPermissions": [["identity": "bob@example.com", "identityType": "User"]],
                    ]
                ],
            ]
        ]
        _ = try await client.updateRawSource(id, raw)
        let simple = try await client.getSource(id)
        let permissions =
            simple.value(at: ["permissions", "permissionLevels", "0", "permissionSets", "0", "permissions"])?.arrayValue
            ?? []
        #expect(permissions.count == 2)
        #expect(permissions.first?["identityType"] == "USER")
        #expect(permissions.last?["allowed"] == false)
        var changed = simple
        changed["sourceVisibility"] = "SECURED"
        _ = try await client.updateSource(id, changed)
        #expect(try await client.getRawSource(id).value(at: ["configuration", "sourceSecurityOption"]) == "Retrieve")
        #expect(try await client.getSource(id)["permissions"] == nil)
        raw["name"] = "Renamed"
        await expectAPIError(400, "SOURCE_NAME_IMMUTABLE") { () throws(APIError) in
            _ = try await client.updateRawSource(id, raw)
        }
    }
}

/// `--state FILE` keeps everything across restarts: sources, providers, identities, settings, and the indexed
/// items, the indexing queue: every change committed before its answer).
@Suite struct StateFileTests {
    /// A state file deleted or made read-only while the sandbox runs: a write answers 503 STATE_FILE_GONE, never
    /// a 201 that no restart would keep; reads still answer. A read-only file is refused at start.
    @Test func aStateFileGoneOrReadOnlyIsSaidAtOnce() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-gone-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        let server = try await SandboxServer.start(SandboxConfiguration(organization: "gone", stateFile: file))
        let client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: server.url, push: server.url),
            organization: "gone", token: Secret(server.adminKey))
        _ = try await client.createSource(["sourceType": "PUSH", "name": "kept", "sourceVisibility": "SHARED"])
        try FileManager.default.removeItem(atPath: file)
        do {
            _ = try await client.createSource(["sourceType": "PUSH", "name": "lost", "sourceVisibility": "SHARED"])
            Issue.record("a write to a deleted state file was acknowledged")
        } catch {
            #expect(error.status == 503 && error.errorCode == "STATE_FILE_GONE", "\(error)")
            #expect(error.message.contains("is gone"), "\(error)")
        }
        let listed = try await client.listSources()
        #expect(listed["sourceModels"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["kept"])
        await server.stop()
        #expect(FileManager.default.createFile(atPath: file, contents: nil))
        chmod(file, 0o400)
        await #expect(throws: (any Error).self) {
            _ = try await SandboxServer.start(SandboxConfiguration(organization: "gone", stateFile: file))
        }
    }

    @Test func aRestartedSandboxHoldsWhatTheFirstOneHad() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-state-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        let clock = ManualClock(at: 1_768_478_400_000)
        var configuration = SandboxConfiguration(
            organization: "stateorg", stateFile: file, indexingDelayMilliseconds: 10_000)
        configuration.clock = clock.wallClock
        let first = try await SandboxServer.start(configuration)
        var client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: first.url, push: first.url),
            organization: "stateorg",
            token: Secret(first.adminKey))
        let source = try await client.createSource([
            "sourceType": "PUSH", "name": "kept", "sourceVisibility": "SECURED",
        ])
        let id = try #require(source["id"]?.stringValue)
        _ = try await client.createProvider([
            "id": "KeptProvider", "type": "EXPANDED", "referencedBy": [["id": .string(id), "type": "SOURCE"]],
        ])
        try await client.putIdentity("KeptProvider", ["identity": ["name": "sales", "type": "GROUP"], "members": []])
        // Accepted, queued for ten seconds: the queue itself is on disk, so the restarted sandbox indexes it.
        try await client.pushDocument(
            id, documentId: "doc",
            body: [
                "data": "kept",
                "permissions": [["allowedPermissions": [["identity": "sales", "identityType": "Group"]]]],
            ])
        await first.stop()
        #expect((try? FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)

        let second = try await SandboxServer.start(configuration)
        defer { Task { await second.stop() } }
        client.endpoints = Endpoints(platform: second.url, push: second.url)
        #expect(second.adminKey == first.adminKey)
        #expect(try await client.getSource(id)["securityProviderReferences"] == ["KeptProvider"])
        #expect(try await client.sandboxIdentities("KeptProvider")["totalEntries"] == 1)
        #expect(try await client.sandboxItems(id)["pendingOperations"] == 1)
        clock.advance(byMilliseconds: 10_000)
        let items = try await client.sandboxItems(id)
        #expect(items["items"]?.arrayValue?.first?["documentId"] == "doc", "\(items)")
        #expect(items.value(at: ["items", "0", "fields", "data"]) == "kept")
        #expect(try await client.getSource(id).value(at: ["information", "numberOfDocuments"]) == 1)
    }

    /// A JSON state file of an earlier pshell is imported once (and kept aside); a damaged key or a foreign
    /// file is one clear error, never a partial load.
    @Test func anOldJSONStateIsImportedAndDamageIsRefused() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "state.json").path
        let admin = #"{"value": "xxadmin", "label": "sandbox-admin@pshell.local", "privileges": []}"#
        let viewer = #"{"value": "xxviewer", "label": "sandbox-viewer@pshell.local", "privileges": []}"#
        let source =
            #"{"id": "old-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "from json", "sourceType": "PUSH", "#
            + #""sourceVisibility": "SHARED"}"#
        let json =
            #"{"format": "pshell-sandbox-state/1", "organization": "old", "apiKeys": [\#(admin), \#(viewer)], "#
            + #""sources": [\#(source)]}"#
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        let items =
            #"{"old-aaaaaaaaaaaaaaaaaaaaaaaaaa": [{"documentId": "d", "orderingId": 5, "indexedDate": 6, "#
            + #""fields": {"title": "T"}}]}"#
        try items.write(toFile: folder.appending(path: "state.items.json").path, atomically: true, encoding: .utf8)
        let server = try await SandboxServer.start(SandboxConfiguration(organization: "old", stateFile: file))
        defer { Task { await server.stop() } }
        #expect(server.adminKey == "xxadmin" && server.viewerKey == "xxviewer")
        #expect(FileManager.default.fileExists(atPath: file + ".imported.json"))
        let client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: server.url, push: server.url),
            organization: "old",
            token: Secret("xxadmin"))
        #expect(try await client.getSource("old-aaaaaaaaaaaaaaaaaaaaaaaaaa")["name"] == "from json")
        #expect(try await client.sandboxItems("old-aaaaaaaaaaaaaaaaaaaaaaaaaa")["totalItems"] == 1)
        let head = try #require(FileManager.default.contents(atPath: file)?.prefix(15))
        #expect(String(decoding: head, as: UTF8.self) == "SQLite format 3", "the file is the database now")

        let damaged = folder.appending(path: "damaged.json").path
        try json.replacingOccurrences(of: #""label": "sandbox-admin@pshell.local", "#, with: "").write(
            toFile: damaged, atomically: true, encoding: .utf8)
        await #expect(throws: SandboxStateError.self) {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: damaged))
        }
        let idless = folder.appending(path: "idless.json").path
        try json.replacingOccurrences(of: #""id": "old-aaaaaaaaaaaaaaaaaaaaaaaaaa""#, with: #""id": 7"#).write(
            toFile: idless, atomically: true, encoding: .utf8)
        do {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: idless))
            Issue.record("a source without an id was loaded")
        } catch {
            #expect("\(error)".contains("idless.json: source 1 is damaged (it needs an id)"), "\(error)")
        }
        let foreign = folder.appending(path: "foreign.bin").path
        try Data("not a state file".utf8).write(to: URL(fileURLWithPath: foreign))
        do {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: foreign))
            Issue.record("a foreign file was opened")
        } catch {
            #expect("\(error)".contains("is not a pshell sandbox state file"), "\(error)")
        }
    }
}
