import Foundation
import Testing

@testable import CoveoAPI

/// What a redirect may carry where, and which proxy a URL goes through: pure rules, tested one by one.
@Suite struct TransportPolicyTests {
    func request(_ url: String, method: String = "GET", body: String? = nil) -> APIRequest {
        APIRequest(
            method: method, url: URL(string: url)!,
            headers: [
                ("Authorization", "Bearer xxsecret"), ("Content-Type", "application/json"),
                ("Accept", "application/json"),
            ],
            body: body.map { Data($0.utf8) })
    }

    func redirect(_ status: Int, to location: String) -> APIResponse {
        APIResponse(status: status, headers: ["location": location])
    }

    @Test func theTokenStaysWithItsOrigin() throws {
        let start = request("https://platform.cloud.coveo.com/rest/organizations/o/sources/x")
        let same = try #require(
            try RedirectPolicy.follow(start, response: redirect(307, to: "/rest/organizations/o/sources/y")))
        #expect(same.url.absoluteString == "https://platform.cloud.coveo.com/rest/organizations/o/sources/y")
        #expect(same.headers.contains { $0.name == "Authorization" }, "same origin: the token goes along")
        let elsewhere = try #require(
            try RedirectPolicy.follow(start, response: redirect(302, to: "https://evil.example/steal")))
        #expect(!elsewhere.headers.contains { $0.name.lowercased() == "authorization" }, "another host: no token")
        #expect(elsewhere.headers.contains { $0.name == "Accept" })
        let otherPort = try #require(
            try RedirectPolicy.follow(start, response: redirect(308, to: "https://platform.cloud.coveo.com:8443/x")))
        #expect(
            !otherPort.headers.contains { $0.name.lowercased() == "authorization" }, "another port is another origin")
    }

    @Test func plainHTTPIsRefusedExceptFromLoopbackToLoopback() throws {
        let secure = request("https://127.0.0.1:9443/rest/organizations/o/sources/x")
        for status in [301, 302, 303, 307, 308] {
            #expect(throws: TransportError.self, "https down to http, status \(status)") {
                try RedirectPolicy.follow(secure, response: redirect(status, to: "http://127.0.0.2:8080/steal?token=1"))
            }
        }
        do {
            _ = try RedirectPolicy.follow(secure, response: redirect(307, to: "http://127.0.0.2:8080/steal?token=1"))
        } catch {
            #expect(error.kind == .redirectRefused)
            #expect(
                error.description.contains("http://127.0.0.2:8080/steal") && !error.description.contains("token=1"),
                "\(error)")
        }
        #expect(throws: TransportError.self) {
            try RedirectPolicy.follow(
                self.request("http://127.0.0.1:8080/a"), response: self.redirect(302, to: "http://example.com/b"))
        }
        let local = try #require(
            try RedirectPolicy.follow(
                request("http://127.0.0.1:8080/a"), response: redirect(307, to: "http://localhost:8081/b")))
        #expect(local.url.absoluteString == "http://localhost:8081/b")
        #expect(!local.headers.contains { $0.name.lowercased() == "authorization" })
    }

    @Test func methodsAndBodiesAfterARedirect() throws {
        let post = request("https://h.example/a", method: "POST", body: "{}")
        let kept = try #require(try RedirectPolicy.follow(post, response: redirect(307, to: "/b")))
        #expect(kept.method == "POST" && kept.body == Data("{}".utf8))
        let seeOther = try #require(try RedirectPolicy.follow(post, response: redirect(303, to: "/b")))
        #expect(seeOther.method == "GET" && seeOther.body == nil)
        #expect(!seeOther.headers.contains { $0.name == "Content-Type" })
        let put = request("https://h.example/a", method: "PUT", body: "{}")
        #expect(try RedirectPolicy.follow(put, response: redirect(302, to: "/b"))?.method == "PUT")
        #expect(try RedirectPolicy.follow(put, response: APIResponse(status: 200)) == nil, "not a redirect")
        #expect(throws: TransportError.self, "a redirect without a Location") {
            try RedirectPolicy.follow(put, response: APIResponse(status: 302))
        }
    }

    @Test func proxiesFromTheEnvironment() throws {
        let settings = try ProxySettings(environment: [
            "HTTPS_PROXY": "http://alice:s%40cret@proxy.corp:3128",
            "NO_PROXY": "internal.corp, .example.com,api.example.org:8443",
        ])
        let proxy = try #require(settings.https)
        #expect(proxy.host == "proxy.corp" && proxy.port == 3128 && proxy.user == "alice" && proxy.password == "s@cret")
        #expect(proxy.description == "http://proxy.corp:3128", "credentials never shown")
        #expect(settings.server(for: URL(string: "https://platform.cloud.coveo.com/x")!) == proxy)
        #expect(settings.server(for: URL(string: "https://a.internal.corp/x")!) == nil)
        #expect(settings.server(for: URL(string: "https://example.com/x")!) == nil)
        #expect(settings.server(for: URL(string: "https://www.example.com/x")!) == nil)
        #expect(settings.server(for: URL(string: "https://api.example.org:8443/x")!) == nil)
        #expect(settings.server(for: URL(string: "https://api.example.org/x")!) == proxy, "another port")
        #expect(settings.server(for: URL(string: "https://127.0.0.1:9443/x")!) == nil, "this machine is never proxied")
        #expect(settings.server(for: URL(string: "http://localhost:8080/x")!) == nil)
        #expect(settings.server(for: URL(string: "http://plain.example.net/x")!) == nil, "no http_proxy")
        let all = try ProxySettings(environment: ["ALL_PROXY": "proxy:8080", "NO_PROXY": "*"])
        #expect(all.https?.port == 8080 && all.http?.port == 8080)
        #expect(all.server(for: URL(string: "https://platform.cloud.coveo.com")!) == nil, "* bypasses every proxy")
        #expect(throws: EndpointError.self) { try ProxySettings(environment: ["https_proxy": "ftp://proxy:21"]) }
        #expect(throws: EndpointError.self) { try ProxySettings(environment: ["HTTPS_PROXY": "http://"]) }
    }

    @Test func failuresThatMayPass() {
        #expect(TransportError(.timedOut, place: "h:1", message: "m").mayPass)
        #expect(TransportError(.connectionClosed, place: "h:1", message: "m").mayPass)
        for kind: TransportError.Kind in [
            .nameNotResolved, .tls, .answerTooLarge, .malformedAnswer, .redirectRefused, .proxy,
        ] {
            #expect(!TransportError(kind, place: "h:1", message: "m").mayPass)
        }
        let url = URL(string: "https://platform.cloud.coveo.com")!
        let loopback = URL(string: "http://127.0.0.1:8080")!
        let refused = TransportError(.connectionRefused, place: "h:1", message: "the connection was refused")
        #expect(CoveoClient.permanentFailure(refused, url: url) != nil, "elsewhere: at once")
        #expect(CoveoClient.permanentFailure(refused, url: loopback) == nil, "the sandbox restarting: worth a wait")
        #expect(Duration.seconds(60).secondsText == "60 s")
        #expect(Duration.milliseconds(2500).secondsText == "2.5 s")
    }
}
