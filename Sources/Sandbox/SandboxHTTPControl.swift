package import CoveoAPI

/// The sandbox's own routes (`/sandbox/v1/...`), which the platform does not have: what it indexed, what a
/// provider holds, the license and limits it emulates.
extension CoveoClient {
    private var sandboxPath: String { "/sandbox/v1/organizations/" + escape(organization) }

    /// `GET /sandbox/v1/organizations/{org}/sources/{id}/items?page=&perPage=`: one page of what a sandbox has
    /// indexed (`totalItems` counts them all).
    package func sandboxItems(_ sourceId: String, page: Int = 0, perPage: Int = 1000) async throws(APIError) -> JSON {
        try await call(
            "GET", .push, sandboxPath + "/sources/" + escape(sourceId) + "/items",
            query: [("page", String(page)), ("perPage", String(perPage))])
    }

    /// `GET .../sources/{id}/items?documentId=`: one indexed item, or nil.
    package func sandboxItem(_ sourceId: String, documentId: String) async throws(APIError) -> JSON? {
        let answer = try await call(
            "GET", .push, sandboxPath + "/sources/" + escape(sourceId) + "/items", query: [("documentId", documentId)])
        return answer["items"]?.arrayValue?.first
    }

    /// `GET /sandbox/v1/organizations/{org}/providers/{provider}/identities`.
    package func sandboxIdentities(_ provider: String) async throws(APIError) -> JSON {
        try await call("GET", .push, sandboxPath + "/providers/" + escape(provider) + "/identities")
    }

    /// `GET|PUT /sandbox/v1/organizations/{org}/settings`.
    package func sandboxSettings(_ changes: SandboxSettings?) async throws(APIError) -> SandboxSettings {
        let operation = "GET|PUT /sandbox/v1/organizations/{org}/settings"
        let answer = try await call(
            changes == nil ? "GET" : "PUT", .push, sandboxPath + "/settings", body: changes?.json)
        do {
            return try SandboxSettings(json: answer)
        } catch {
            throw APIError(kind: .unreadableResponse, operation: operation, message: error.message)
        }
    }
}

/// `SandboxControl` over HTTP, through the session's client: the same for the embedded sandbox and a standalone one.
package struct SandboxHTTPControl: SandboxControl {
    package init() {}

    package func item(
        _ sourceId: String, documentId: String, via client: CoveoClient
    ) async throws(APIError) -> JSON? {
        try await client.sandboxItem(sourceId, documentId: documentId)
    }

    package func items(
        _ sourceId: String, page: Int, perPage: Int, via client: CoveoClient
    ) async throws(APIError) -> JSON {
        try await client.sandboxItems(sourceId, page: page, perPage: perPage)
    }

    package func settings(
        _ changes: SandboxSettings?, via client: CoveoClient
    ) async throws(APIError) -> SandboxSettings {
        try await client.sandboxSettings(changes)
    }
}
