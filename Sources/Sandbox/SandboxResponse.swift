import CoveoAPI
import Foundation

/// A response as the sandbox's routes produce it. Every response carries an `X-Request-ID`.
struct SandboxResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    var body: Data = Data()

    static func json(_ status: Int, _ value: JSON) -> SandboxResponse {
        SandboxResponse(
            status: status, headers: [("Content-Type", "application/json")], body: Data(JSONWriter.compact(value).utf8))
    }

    static func noContent() -> SandboxResponse { SandboxResponse(status: 204) }

    /// A Push API operation accepted for later: 202 with the documented body `null`. Never an empty body:
    /// platform-client parses the body of every 2xx but a 204, and fails on an empty one.
    static func accepted() -> SandboxResponse { json(202, .null) }

    /// S3's error body, as the presigned upload URL of a file container answers.
    static func s3Error(_ status: Int, _ code: String, _ message: String, requestID: String) -> SandboxResponse {
        func escaped(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(escaped(code))</Code><Message>\(escaped(message))</Message>\
            <RequestId>\(requestID)</RequestId></Error>
            """
        return SandboxResponse(status: status, headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }

    /// The platform's error body: `{"message", "errorCode", "requestID"}` (Coveo's `RestException`).
    static func platformError(
        _ status: Int, _ errorCode: String, _ message: String, requestID: String
    ) -> SandboxResponse {
        json(status, ["message": .string(message), "errorCode": .string(errorCode), "requestID": .string(requestID)])
    }
}

/// A failure inside a route, turned into the platform's error body in one place.
struct SandboxFailure: Error {
    var status: Int
    var errorCode: String
    var message: String
    /// The API that refuses, whose error shape the answer takes: the platform's `{errorCode, message, requestID}`,
    /// the Push API's `{errorCode, message}`, S3's XML `<Error><Code/><Message/><RequestId/></Error>` for an upload.
    var api: CoveoOperation.API = .platform
    /// A 429's `Retry-After` seconds (1 unless the limit says when it lets the next request through).
    var retryAfter = 1

    init(_ status: Int, _ errorCode: String, _ message: String) {
        self.status = status
        self.errorCode = errorCode
        self.message = message
    }
}
