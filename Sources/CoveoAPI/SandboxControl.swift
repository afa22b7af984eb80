/// What only a pshell sandbox can do: show what it has indexed, and the license and limits it emulates. The
/// interpreter asks through this seam, never through `CoveoClient` (which speaks only the platform's API); the
/// sandbox's module supplies it, over the session's own client (the embedded sandbox and a standalone one alike).
package protocol SandboxControl: Sendable {
    /// One page of a source's indexed items, with `totalItems` and `pendingOperations`.
    func items(_ sourceId: String, page: Int, perPage: Int, via client: CoveoClient) async throws(APIError) -> JSON
    /// One indexed item (`{documentId, fields, ...}`), or nil when the source holds none by that id.
    func item(_ sourceId: String, documentId: String, via client: CoveoClient) async throws(APIError) -> JSON?
    /// The emulated license and limits; `changes` changes them first.
    func settings(_ changes: SandboxSettings?, via client: CoveoClient) async throws(APIError) -> SandboxSettings
}
