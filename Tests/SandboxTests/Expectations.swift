import CoveoAPI
import Sandbox
import Testing

/// Expects `body` to fail with this HTTP status and Coveo `errorCode` (and, for the platform's errors, a request id).
func expectAPIError(
    _ status: Int, _ code: String, requestID: Bool = true, _ body: () async throws(APIError) -> Void,
    sourceLocation: SourceLocation = #_sourceLocation
) async {
    do {
        try await body()
        Issue.record("expected HTTP \(status) \(code)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.status == status, sourceLocation: sourceLocation)
        #expect(error.errorCode == code, sourceLocation: sourceLocation)
        if requestID { #expect(error.requestID?.isEmpty == false, sourceLocation: sourceLocation) }
    }
}

extension SandboxServer {
    /// A client of this sandbox over loopback, with its administrator key.
    var adminClient: CoveoClient {
        CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: url, push: url),
            organization: organization, token: Secret(adminKey))
    }
}
