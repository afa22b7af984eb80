import CoveoAPI
import Foundation
import Testing

@Suite struct EndpointsTests {
    @Test(arguments: [
        (Region.us, PlatformEnvironment.prod, "https://platform.cloud.coveo.com", "https://api.cloud.coveo.com"),
        (.eu, .prod, "https://platform-eu.cloud.coveo.com", "https://api-eu.cloud.coveo.com"),
        (.au, .prod, "https://platform-au.cloud.coveo.com", "https://api-au.cloud.coveo.com"),
        (.ca, .prod, "https://platform-ca.cloud.coveo.com", "https://api-ca.cloud.coveo.com"),
        (.eu, .hipaa, "https://platformhipaa.cloud.coveo.com", "https://apihipaa.cloud.coveo.com"),
        (.us, .dev, "https://platformdev.cloud.coveo.com", "https://apidev.cloud.coveo.com"),
        (.eu, .stg, "https://platformstg-eu.cloud.coveo.com", "https://apistg-eu.cloud.coveo.com"),
    ])
    func hostsFollowTheReferenceTable(region: Region, environment: PlatformEnvironment, platform: String, push: String)
    {
        let endpoints = Endpoints.coveo(region: region, environment: environment)
        #expect(endpoints.platform.absoluteString == platform)
        #expect(endpoints.push.absoluteString == push)
    }

    @Test func everyURLHasAPortFrom1To65535() throws {
        for good in [
            "https://h.example", "https://h.example:1/x", "http://127.0.0.1:65535", "https://u:p@h:443/a?b=c:9",
            "http://[::1]:8080", "https://[::1]/x",
        ] {
            #expect(Endpoints.problem(with: URL(string: good)!) == nil, "\(good)")
        }
        for bad in [
            "http://127.0.0.1:99999", "http://127.0.0.1:0", "http://h:65536/x", "http://h:/x",
            "https://h:99999999999999999999999", "https://[::1]:70000", "ftp://h",
        ] {
            #expect(Endpoints.problem(with: URL(string: bad)!) != nil, "\(bad)")
            #expect(throws: EndpointError.self) { try Endpoints.validate(bad).get() }
        }
    }

    /// A base URL's query or fragment would come before every path appended to it: refused, and shown without it.
    @Test func aBaseURLTakesNoQueryOrFragment() {
        for bad in ["http://127.0.0.1:8080/?t=abc", "https://example.com/#x", "https://example.com?"] {
            #expect(throws: EndpointError.self) { try Endpoints.validate(bad).get() }
        }
        #expect(Endpoints.shown(URL(string: "https://u:pw@example.com/x?sig=1")!) == "https://example.com/x")
    }

    @Test func plainHTTPOnlyToLoopback() throws {
        #expect(throws: Never.self) { try Endpoints.validate("http://127.0.0.1:8080").get() }
        #expect(throws: Never.self) { try Endpoints.validate("http://localhost:1").get() }
        #expect(throws: EndpointError.self) { try Endpoints.validate("http://example.com").get() }
        #expect(throws: EndpointError.self) { try Endpoints.validate("http://127.0.0.1.example.com").get() }
        #expect(throws: EndpointError.self) { try Endpoints.validate("ftp://x").get() }
        #expect(throws: Never.self, "IPv6 loopback is this machine too") {
            try Endpoints.validate("http://[::1]:8080").get()
        }
        #expect(throws: EndpointError.self) { try Endpoints.validate("http://[2001:db8::1]:8080").get() }
        #expect(
            try Endpoints.validate("https://myorg.admin.org.coveo.com/").get().absoluteString
                == "https://myorg.admin.org.coveo.com")
    }

    @Test(arguments: [
        ("http://127.0.0.1:8080", true), ("http://LOCALHOST:1", true), ("http://127.255.0.009/x", true),
        ("http://[::1]:9", true), ("http://127.0.0.256", false), ("http://0127.0.0.1", false),
        ("http://127.0.0", false), ("http://127.0.0.1.", false), ("http://127..0.1", false),
        ("http://127.0.0.1.example.com", false), ("http://localhost.example.com", false), ("http://128.0.0.1", false),
        ("http://127.0.0.-1", false), ("http://%31%32%37.0.0.1", false),
    ])
    func loopbackIsThisMachineOnly(url: String, loopback: Bool) throws {
        #expect(Endpoints.isLoopback(try #require(URL(string: url))) == loopback, "\(url)")
    }

    @Test func clientRefusesTokenOverPlainHTTPToAnotherHost() async throws {
        struct NeverCalled: HTTPTransport {
            func send(_ request: APIRequest) async throws -> APIResponse {
                Issue.record("the transport must not be called")
                return APIResponse(status: 500)
            }
        }
        let endpoints = Endpoints(platform: URL(string: "http://10.1.2.3")!, push: URL(string: "http://10.1.2.3")!)
        let client = CoveoClient(
            transport: NeverCalled(), endpoints: endpoints, organization: "o", token: Secret("xx-secret-token"))
        do {
            _ = try await client.getSource("s")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.kind == .refused)
            #expect(!error.description.contains("xx-secret-token"))
        }
    }

    @Test func secretShowsOnlyItsLastFourCharacters() {
        let secret = Secret("xx1234567890abcdef")
        #expect("\(secret)" == "••••cdef")
        #expect(!String(describing: [secret]).contains("1234"))
    }

    @Test func apiErrorReadsEveryShape() {
        let platform = APIResponse(
            status: 404, headers: ["x-request-id": "r-1"],
            body: Data(#"{"message":"Gone.","errorCode":"SOURCE_NOT_FOUND","requestID":"r-2"}"#.utf8))
        #expect(
            APIError.from(response: platform, operation: "GET /x").description
                == "HTTP 404 SOURCE_NOT_FOUND: Gone. (request id r-1)")
        let rfc7807 = APIResponse(status: 400, body: Data(#"{"title":"BAD","detail":"Nope"}"#.utf8))
        #expect(APIError.from(response: rfc7807, operation: "GET /x").description == "HTTP 400 BAD: Nope")
        let html = APIResponse(status: 502, body: Data("<html>\n bad gateway</html>".utf8))
        #expect(
            APIError.from(response: html, operation: "GET /x").description == "HTTP 502: <html>  bad gateway</html>")
        let empty = APIResponse(status: 429)
        #expect(APIError.from(response: empty, operation: "GET /x").description == "HTTP 429: too many requests")
    }
}
