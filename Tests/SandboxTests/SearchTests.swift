import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The Search API over loopback, through pshell's client: a search token for identities, a query that finds what
/// they may see and nothing else, the source's visibility, identities a delete-older-than removed, and the
/// privileges each call needs.
@Suite struct SearchTests {
    let clock = ManualClock(at: 1_768_478_400_000)
    static let alice = SecurityIdentity("alice@example.com", provider: SecurityIdentity.emailProvider)
    static let bob = SecurityIdentity("bob@example.com", provider: SecurityIdentity.emailProvider)

    /// A SECURED source with a provider AD (cascading to the Email Security Provider) holding `engineering`
    /// (alice), and items: one for engineering, one denying alice, one for anyone.
    func start() async throws -> (SandboxServer, CoveoClient, String) {
        var configuration = SandboxConfiguration(organization: "searchorg", indexingDelayMilliseconds: 50)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        let source = try await client.createSource([
            "name": "docs", "sourceVisibility": "SECURED", "sourceType": "PUSH", "pushEnabled": true,
        ])
        let id = source["id"]?.stringValue ?? ""
        _ = try await client.createProvider([
            "id": "AD", "type": "EXPANDED", "referencedBy": [["id": .string(id), "type": "SOURCE"]],
            "cascadingSecurityProviders": ["Email": ["id": "Email Security Provider", "type": "EMAIL"]],
        ])
        try await client.putIdentity(
            "AD",
            [
                "identity": ["name": "engineering", "type": "GROUP"],
                "members": [["name": "alice@example.com", "type": "USER"]],
            ], orderingId: 10)
        let group: JSON = ["identity": "engineering", "identityType": "Group"]
        let alice: JSON = [
            "identity": "alice@example.com", "identityType": "User", "securityProvider": "Email Security Provider",
        ]
        let items: [(String, JSON)] = [
            ("roadmap", [["allowedPermissions": [group]]]),
            ("salaries", [["allowedPermissions": [group], "deniedPermissions": [alice]]]),
            ("welcome", [["allowAnonymous": true]]),
        ]
        for (documentId, permissions) in items {
            try await client.pushDocument(
                id, documentId: documentId,
                body: ["title": .string(documentId), "data": "the plan", "permissions": permissions])
        }
        clock.advance(byMilliseconds: 60_000)
        #expect(try await client.sandboxItems(id)["totalItems"] == 3)
        return (server, client, id)
    }

    func found(
        _ client: CoveoClient, as identities: [SecurityIdentity], _ query: JSON = ["q": "plan"]
    )
        async throws -> [String]
    {
        let token = try await client.createSearchToken(for: identities)
        let answer = try await client.search(query, token: token)
        return (answer["results"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }.sorted()
    }

    @Test func eachSearcherFindsWhatTheyMaySee() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        #expect(try await found(client, as: [Self.alice]) == ["roadmap", "welcome"])
        #expect(try await found(client, as: [Self.bob]) == ["welcome"])
        // An API key searches as an anonymous user; viewAllContent sees everything.
        let anonymous = try await client.search(["q": "plan"])
        #expect(anonymous["totalCount"] == 1)
        let everything = try await client.search(["q": "plan", "numberOfResults": 2], viewAllContent: true)
        #expect(everything["totalCount"] == 3)
        #expect(everything["results"]?.arrayValue?.count == 2)
        // A field expression, and what a result carries.
        let welcome = try await client.search(["aq": "@uri==welcome"], viewAllContent: true)
        let result = try #require(welcome["results"]?.arrayValue?.first)
        #expect(result["title"] == "welcome" && result["raw"]?["source"] == "docs")
        #expect(result["clickUri"] == "welcome")
    }

    @Test func identitiesADeleteOlderThanRemovedNoLongerCount() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        #expect(try await found(client, as: [Self.alice]).contains("roadmap"))
        try await client.deleteOldIdentities("AD", orderingId: 11)
        #expect(try await found(client, as: [Self.alice]) == ["welcome"])
        #expect(try await client.securityParents(of: Self.alice).isEmpty)
    }

    @Test func theSecurityCacheNamesTheParents() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        let parents = try await client.securityParents(of: Self.alice)
        #expect(parents.map(\.0) == [SecurityIdentity("engineering", type: "GROUP", provider: "AD")])
        #expect(parents.map(\.1) == [.member])
    }

    @Test func privateAndSharedSourcesFollowTheirOwnPermissions() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        let shared = try await client.createSource([
            "name": "public", "sourceVisibility": "SHARED", "sourceType": "PUSH", "pushEnabled": true,
        ])
        let privateSource = try await client.createSource([
            "name": "hr", "sourceVisibility": "PRIVATE", "sourceType": "PUSH", "pushEnabled": true,
        ])
        for source in [shared, privateSource] {
            try await client.pushDocument(
                source["id"]?.stringValue ?? "", documentId: "in-\(source["name"]?.stringValue ?? "")",
                body: ["title": "x", "data": "the plan"])
        }
        clock.advance(byMilliseconds: 60_000)
        #expect(try await found(client, as: [Self.bob]) == ["in-public", "welcome"])
        // Source-level permissions let alice into the PRIVATE source.
        let id = privateSource["id"]?.stringValue ?? ""
        var raw = try await client.getRawSource(id)
        raw["configuration"]?["permissions"] = [
            [
                "permissionSets": [
                    ["allowedPermissions": [["identity": "alice@example.com", "identityType": "User"]]]
                ]
            ]
        ]
        _ = try await client.updateRawSource(id, raw)
        #expect(try await found(client, as: [Self.alice]) == ["in-hr", "in-public", "roadmap", "welcome"])
        #expect(try await found(client, as: [Self.bob]) == ["in-public", "welcome"])
    }

    @Test func tokensAndPrivileges() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        // The view-only key may neither impersonate nor query.
        var viewer = client
        viewer.token = Secret(server.viewerKey)
        await expectAPIError(403, "ACCESS_DENIED", requestID: false) { () async throws(APIError) in
            _ = try await viewer.createSearchToken(for: [Self.alice])
        }
        await expectAPIError(403, "ACCESS_DENIED", requestID: false) { () async throws(APIError) in
            _ = try await viewer.search(["q": "x"])
        }
        // A token expires with the clock, and cannot see everything.
        let token = try await client.createSearchToken(for: [Self.alice], validFor: 1000)
        await expectAPIError(403, "ACCESS_DENIED", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": "x"], token: token, viewAllContent: true)
        }
        clock.advance(byMilliseconds: 2000)
        await expectAPIError(401, "InvalidTokenException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": "x"], token: token)
        }
        // A forged token (another signature) is refused.
        let parts = token.value.split(separator: ".")
        let forged = Secret(parts[0] + "." + parts[1] + ".AAAA")
        await expectAPIError(401, "InvalidTokenException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": "x"], token: forged)
        }
        await expectAPIError(400, "InvalidSyntaxException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["aq": "@title"], viewAllContent: true)
        }
        // A token that claims no signature is a search token refused, not an unknown API key.
        let unsigned = Secret(parts[0] + "." + parts[1] + ".")
        await expectAPIError(401, "InvalidTokenException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": "x"], token: unsigned)
        }
        await expectAPIError(400, "InvalidTokenRequest", requestID: false) { () async throws(APIError) in
            _ = try await client.createSearchToken(for: [SecurityIdentity("a", type: "ROBOT", provider: "AD")])
        }
    }

    /// Whole words, case folded by Unicode's lower case, a plural allowed; a query of too many words is a 400.
    @Test func wordsAreWholeAndFoldedBeyondASCII() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        let open = try await client.createSource([
            "name": "open", "sourceVisibility": "SHARED", "sourceType": "PUSH", "pushEnabled": true,
        ])
        let id = open["id"]?.stringValue ?? ""
        try await client.pushDocument(
            id, documentId: "cafe", body: ["title": "Café ÉCOLE", "data": "Planets, boxes, a plan, churches"])
        try await client.pushDocument(id, documentId: "planes", body: ["title": "planes", "data": "wings"])
        clock.advance(byMilliseconds: 60_000)
        func uris(_ q: String) async throws -> [String] {
            let answer = try await client.search(["q": .string(q), "aq": "@source==open"], viewAllContent: true)
            return (answer["results"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue }
        }
        for q in ["ÉCOLE", "école", "café", "CAFÉ", "planet", "box", "BOX", "boxes", "plan", "plans", "church"] {
            #expect(try await uris(q) == ["cafe"], "\(q)")
        }
        for q in ["cole", "caf", "ecole", "pla"] {
            #expect(try await uris(q).isEmpty, "\(q)")
        }
        #expect(try await uris("plane") == ["planes"])
        let many = Array(repeating: "word", count: 101).joined(separator: " ")
        await expectAPIError(400, "InvalidParameterException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": .string(many)], viewAllContent: true)
        }
        await expectAPIError(400, "InvalidParameterException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["q": ["plan"]], viewAllContent: true)
        }
        await expectAPIError(400, "InvalidParameterException", requestID: false) { () async throws(APIError) in
            _ = try await client.search(["fieldsToInclude": "title"], viewAllContent: true)
        }
    }

    /// An alias whose mapping names no provider maps to the alias's provider or one it cascades to, as a member.
    @Test func anAliasWithoutAProviderReachesTheEmailUser() async throws {
        let (server, client, id) = try await start()
        defer { Task { await server.stop() } }
        try await client.putAlias(
            "AD",
            [
                "identity": ["name": "EXAMPLE\\alice", "type": "USER"],
                "mappings": [["name": "alice@example.com", "type": "USER"]],
            ], orderingId: 12)
        let user: JSON = ["identity": "EXAMPLE\\alice", "identityType": "User"]
        try await client.pushDocument(
            id, documentId: "aliased",
            body: ["title": "x", "data": "the plan", "permissions": [["allowedPermissions": [user]]]])
        clock.advance(byMilliseconds: 60_000)
        #expect(try await found(client, as: [Self.alice]).contains("aliased"))
        let parents = try await client.securityParents(of: Self.alice)
        #expect(parents.contains { $0.1 == .alias && $0.0.name == "EXAMPLE\\alice" })
    }
}
