/// The Search API as platform-client calls it (`search.createToken`, `search.query`), and the security cache's
/// parents of an identity, which `why` walks up.
extension CoveoClient {
    private var searchQuery: [(String, String)] { [("organizationId", organization)] }

    /// `POST /rest/search/v2/token?organizationId=` `{userIds, validFor}`: a token that searches as `identities`.
    package func createSearchToken(
        for identities: [SecurityIdentity], validFor milliseconds: Int = 600_000
    ) async throws(APIError) -> Secret {
        let userIds = identities.map { identity -> JSON in
            ["name": .string(identity.name), "provider": .string(identity.provider), "type": .string(identity.type)]
        }
        let answer = try await call(
            "POST", .platform, "/rest/search/v2/token", query: searchQuery,
            body: ["userIds": .array(userIds), "validFor": .int(milliseconds)])
        guard let token = answer["token"]?.stringValue, !token.isEmpty else {
            throw APIError(
                kind: .unreadableResponse, operation: "POST /rest/search/v2/token",
                message: "the answer holds no token")
        }
        return Secret(token)
    }

    /// `POST /rest/search/v2?organizationId=[&viewAllContent=1]` with a query body, authenticated by `token` (a
    /// search token) or, without one, by the client's own.
    package func search(
        _ query: JSON, token: Secret? = nil, viewAllContent: Bool = false
    ) async throws(APIError)
        -> JSON
    {
        var client = self
        if let token { client.token = token }
        return try await client.call(
            "POST", .platform, "/rest/search/v2",
            query: searchQuery + (viewAllContent ? [("viewAllContent", "1")] : []), body: query)
    }

    /// `POST /rest/organizations/{org}/securitycache/entities/{provider}/members/parents` `{name, type}`: the
    /// identities that directly hold `identity` (the groups it is a member of, the aliases mapped to it).
    package func securityParents(
        of identity: SecurityIdentity
    ) async throws(APIError)
        -> [(SecurityIdentity, IdentityRelation)]
    {
        var found: [(SecurityIdentity, IdentityRelation)] = []
        var page = 0
        while found.count < ResolvedIdentities.maximumIdentities {
            let answer = try await call(
                "POST", .platform,
                organizationPath + "/securitycache/entities/" + escape(identity.provider) + "/members/parents",
                query: [("page", String(page)), ("pageSize", "1000")],
                body: ["name": .string(identity.name), "type": .string(Self.cacheType(identity.type))])
            let items = answer["items"]?.arrayValue ?? []
            for item in items {
                guard let name = item["name"]?.stringValue, let provider = item["provider"]?.stringValue else {
                    continue
                }
                let relation =
                    (item["infos"]?.arrayValue ?? []).first { $0["key"]?.stringValue == "relation" }
                    .flatMap { $0["value"]?.stringValue }.flatMap(IdentityRelation.init(rawValue:)) ?? .parent
                found.append(
                    (SecurityIdentity(name, type: item["type"]?.stringValue ?? "UNKNOWN", provider: provider), relation)
                )
            }
            page += 1
            if items.isEmpty || page >= (answer["totalPages"]?.intValue ?? 1) { break }
        }
        return found
    }

    /// The security cache's spelling of a type (`User`, `Group`, `VirtualGroup`, `Unknown`).
    static func cacheType(_ type: String) -> String {
        switch type {
        case "USER": "User"
        case "GROUP": "Group"
        case "VIRTUAL_GROUP": "VirtualGroup"
        default: "Unknown"
        }
    }
}
