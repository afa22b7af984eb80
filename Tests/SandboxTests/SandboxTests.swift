import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The real client against the real sandbox, over loopback HTTP.
@Suite struct SandboxTests {
    func start(
        _ configuration: SandboxConfiguration = SandboxConfiguration(organization: "testorg"),
        transport: any HTTPTransport = AsyncHTTPTransport()
    ) async throws -> (SandboxServer, CoveoClient) {
        let server = try await SandboxServer.start(configuration)
        let client = CoveoClient(
            transport: transport, endpoints: Endpoints(platform: server.url, push: server.url),
            organization: server.organization, token: Secret(server.adminKey))
        return (server, client)
    }

    static let seed: JSON = [
        "sourceType": "PUSH", "name": "My Secured Push Source", "sourceVisibility": "SECURED", "pushEnabled": true,
    ]

    @Test func createAnswers201WithTheFullModel() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        let model = try await client.createSource(Self.seed)
        let id = try #require(model["id"]?.stringValue)
        #expect(id.wholeMatch(of: /testorg-[a-z2-7]{26}/) != nil)
        #expect(model["name"] == "My Secured Push Source")
        #expect(model["sourceType"] == "PUSH")
        #expect(model["sourceVisibility"] == "SECURED")
        #expect(model["pushEnabled"] == true)
        #expect(model["owner"] == "sandbox-admin@pshell.local")
        #expect((model["createdDate"]?.intValue ?? 0) > 1_600_000_000_000)
        #expect(model.value(at: ["information", "sourceStatus", "type"]) == "PUSH_READY")
        #expect(try await client.getSource(id) == model)
    }

    /// Two clients, each with its own connections, see the same answers, errors included.
    @Test func twoTransportsAgree() async throws {
        let (server, first) = try await start()
        defer { Task { await server.stop() } }
        var viaLoopback = first
        viaLoopback.transport = AsyncHTTPTransport()
        let created = try await viaLoopback.createSource(Self.seed)
        let id = try #require(created["id"]?.stringValue)
        #expect(try await first.getSource(id) == created)
        #expect(try await viaLoopback.getSource(id) == created)
        for _ in 0..<50 { _ = try await viaLoopback.getSource(id) }
        await expectAPIError(404, "SOURCE_NOT_FOUND") { () throws(APIError) in
            _ = try await viaLoopback.getSource("testorg-x")
        }
        try await viaLoopback.deleteSource(id)
        await expectAPIError(404, "SOURCE_NOT_FOUND") { () throws(APIError) in _ = try await viaLoopback.getSource(id) }
    }

    @Test func authenticationAndPrivileges() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        var anonymous = client
        anonymous.token = Secret("xx-unknown")
        await expectAPIError(401, "INVALID_TOKEN") { () throws(APIError) in _ = try await anonymous.listSources() }
        var viewer = client
        viewer.token = Secret(server.viewerKey)
        _ = try await viewer.listSources()
        await expectAPIError(403, "ACCESS_DENIED") { () throws(APIError) in _ = try await viewer.createSource(Self.seed)
        }
        let privileges = try await viewer.privileges()
        #expect(privileges.arrayValue?.contains { $0["targetDomain"] == "SOURCE" && $0["type"] == "VIEW" } == true)
        #expect(privileges.arrayValue?.contains { $0["type"] == "EDIT" } == false)
        var otherOrg = client
        otherOrg.organization = "someoneelse"
        await expectAPIError(404, "ORGANIZATION_NOT_FOUND") { () throws(APIError) in
            _ = try await otherOrg.listSources()
        }
    }

    @Test func missingAuthorizationIs401Unauthorized() async throws {
        let (server, _) = try await start()
        defer { Task { await server.stop() } }
        let request = APIRequest(method: "GET", url: server.url.appending(path: "/rest/organizations/testorg/sources"))
        let response = try await AsyncHTTPTransport().send(request)
        #expect(response.status == 401)
        #expect(response.headers["x-request-id"]?.isEmpty == false)
        let body = try JSONParser.parse(Array(response.body))
        #expect(body["errorCode"] == "UNAUTHORIZED")
        #expect(body["requestID"]?.stringValue == response.headers["x-request-id"])
    }

    @Test func validationErrors() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        await expectAPIError(400, "INVALID_SOURCE_VISIBILITY") { () throws(APIError) in
            _ = try await client.createSource(["sourceType": "PUSH", "name": "a", "sourceVisibility": "PUBLIC"])
        }
        await expectAPIError(400, "INVALID_SOURCE_NAME") { () throws(APIError) in
            _ = try await client.createSource(["sourceType": "PUSH", "sourceVisibility": "SHARED"])
        }
        await expectAPIError(400, "INVALID_SOURCE_TYPE") { () throws(APIError) in
            _ = try await client.createSource(["sourceType": "WEB", "name": "w"])
        }
        _ = try await client.createSource(["sourceType": "PUSH", "name": "dup"])
        await expectAPIError(400, "DUPLICATE_SOURCE_NAME") { () throws(APIError) in
            _ = try await client.createSource(["sourceType": "PUSH", "name": "DUP"])
        }
        await expectAPIError(404, "SOURCE_NOT_FOUND") { () throws(APIError) in
            _ = try await client.getSource("testorg-nope")
        }
    }

    @Test func updateReplacesTheModelButNotTheName() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        var model = try await client.createSource([
            "sourceType": "PUSH", "name": "docs", "sourceVisibility": "PRIVATE", "customThing": 7,
        ])
        let id = try #require(model["id"]?.stringValue)
        #expect(model["customThing"] == 7)
        model["sourceVisibility"] = "SHARED"
        let updated = try await client.updateSource(id, model)
        #expect(updated["sourceVisibility"] == "SHARED")
        #expect(updated["customThing"] == 7)
        #expect(updated["createdDate"] == model["createdDate"])
        model["name"] = "renamed"
        await expectAPIError(400, "SOURCE_NAME_IMMUTABLE") { () throws(APIError) in
            _ = try await client.updateSource(id, model)
        }
        try await client.deleteSource(id)
        await expectAPIError(404, "SOURCE_NOT_FOUND") { () throws(APIError) in _ = try await client.getSource(id) }
    }

    @Test func sourcesLimitIsEnforcedAndVisible() async throws {
        let (server, client) = try await start(SandboxConfiguration(organization: "testorg", sourcesLimit: 2))
        defer { Task { await server.stop() } }
        _ = try await client.createSource(["sourceType": "PUSH", "name": "one"])
        _ = try await client.createSource(["sourceType": "PUSH", "name": "two"])
        await expectAPIError(400, "LIMIT_EXCEEDED") { () throws(APIError) in
            _ = try await client.createSource(["sourceType": "PUSH", "name": "three"])
        }
        let limits = try await client.limits()
        #expect(limits.value(at: ["content", "numberOfSourcesLimit", "actualCount"]) == 2)
        #expect(limits.value(at: ["content", "numberOfSourcesLimit", "limit"]) == 2)
        let license = try await client.license()
        #expect(license["connectors"]?.arrayValue?.first?["type"] == "PUSH")
    }

    @Test func pagesFilterAndCount() async throws {
        let (server, client) = try await start()
        defer { Task { await server.stop() } }
        for name in ["alpha docs", "beta docs", "gamma", "delta docs", "epsilon"] {
            _ = try await client.createSource(["sourceType": "PUSH", "name": .string(name)])
        }
        let page = try await client.listSources(filter: "docs", page: 1, perPage: 2)
        #expect(page["totalEntries"] == 3)
        #expect(page["totalPages"] == 2)
        #expect(page["sourceModels"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" } == ["delta docs"])
        let oneLetter = try await client.listSources(filter: "d", page: 0, perPage: 100)
        #expect(oneLetter["totalEntries"] == 5)
        await expectAPIError(400, "INVALID_PARAMETER") { () throws(APIError) in
            _ = try await client.listSources(page: 0, perPage: 5000)
        }
    }

    @Test func stateSurvivesARestartAndIsPrivate() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "state.json").path
        let configuration = SandboxConfiguration(organization: "testorg", stateFile: file)
        let (first, client) = try await start(configuration)
        let created = try await client.createSource(["sourceType": "PUSH", "name": "kept"])
        await first.stop()
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let (second, again) = try await start(configuration)
        defer { Task { await second.stop() } }
        #expect(second.adminKey == first.adminKey)
        var reconnected = again
        reconnected.token = Secret(second.adminKey)
        #expect(try await reconnected.getSource(created["id"]?.stringValue ?? "") == created)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".tmp") }
        #expect(leftovers.isEmpty)
    }
}
