package import Foundation

/// One HTTP request, as pshell builds it.
package struct APIRequest: Sendable {
    package var method: String
    package var url: URL
    package var headers: [(name: String, value: String)]
    package var body: Data?

    package init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response. Header names are lower-cased.
package struct APIResponse: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: Data

    package init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// The one seam every HTTP call goes through: AsyncHTTPClient in pshell, a stand-in in tests.
package protocol HTTPTransport: Sendable {
    func send(_ request: APIRequest) async throws -> APIResponse
    /// Closes connections before the program ends.
    func shutdown() async
}

extension HTTPTransport {
    package func shutdown() async {}
}
