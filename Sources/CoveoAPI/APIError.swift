import Foundation

/// A failed API call, with everything a user needs to act on it: the HTTP status, Coveo's `errorCode`,
/// its message and the request id to quote to Coveo's support.
package struct APIError: Error, Sendable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The server answered with a status outside 2xx.
        case status(Int)
        /// No answer: connection refused, DNS, TLS, time-out.
        case transport
        /// The answer was not what the operation documents (not JSON, wrong shape).
        case unreadableResponse
        /// The request was cancelled (Ctrl-C).
        case cancelled
        /// A dry run kept it from being sent (not a failure: the request was shown).
        case dryRun
        /// pshell refused to send it (a token over plain HTTP to another machine, no token, ...).
        case refused
    }

    package var kind: Kind
    /// `METHOD path`, for context.
    package var operation: String
    package var errorCode: String?
    package var message: String
    package var requestID: String?
    /// For a call cancelled while it waited to send again: whether an earlier attempt may have been processed
    /// (false when every answer was a 429, which the platform did not process).
    package var mayHaveArrived = true

    package init(kind: Kind, operation: String, errorCode: String? = nil, message: String, requestID: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.errorCode = errorCode
        self.message = message
        self.requestID = requestID
    }

    package var status: Int? {
        if case .status(let s) = kind { return s }
        return nil
    }

    /// Whether the request may have been carried out although the answer says otherwise: a 500, 502, 503 or 504
    /// (a gateway may have lost the success), or no answer at all after sending.
    package var mayHideASuccess: Bool {
        kind == .transport || [500, 502, 503, 504].contains(status ?? 0)
    }

    package var description: String {
        switch kind {
        case .status(let status):
            var text = "HTTP \(status)"
            if let errorCode, !errorCode.isEmpty { text += " \(errorCode)" }
            text += ": \(message)"
            if let requestID, !requestID.isEmpty { text += " (request id \(requestID))" }
            return text
        case .transport:
            return "\(operation) failed: \(message)"
        case .unreadableResponse:
            return "\(operation): \(message)"
        case .cancelled:
            return "\(operation) stopped before its answer"
        case .refused, .dryRun:
            return message
        }
    }

    /// Reads Coveo's error body. Services differ: the platform sends `{message, errorCode, requestID}`,
    /// the Push API `{errorCode, message}`, some services RFC 7807 `{title, detail}` or `{type, code}`.
    package static func from(response: APIResponse, operation: String) -> APIError {
        let requestID = response.headers["x-request-id"]
        var errorCode: String?
        var message: String?
        var bodyRequestID: String?
        if let body = try? JSONParser.parse(Array(response.body)), case .object(let o) = body {
            errorCode = (o["errorCode"] ?? o["title"] ?? o["type"] ?? o["code"])?.interpolationTextIfScalar
            message = (o["message"] ?? o["detail"])?.interpolationTextIfScalar
            bodyRequestID = (o["requestID"] ?? o["requestId"])?.stringValue
        } else if let s3 = S3Error(response.body) {
            // A file container's upload URL is S3's, which answers in XML.
            errorCode = s3.code
            message = s3.message
            bodyRequestID = s3.requestID
        } else if !response.body.isEmpty {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
            message = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(
                in: .whitespaces)
        }
        if response.headers["x-coveo-waf-action"] == "block" {
            message = "request blocked for security reasons by Coveo's firewall"
        }
        return APIError(
            kind: .status(response.status),
            operation: operation,
            errorCode: errorCode,
            message: message ?? Self.reasonPhrase(response.status),
            requestID: requestID ?? bodyRequestID
        )
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "unauthorized: the token is missing, unknown or expired"
        case 403: "forbidden: the token lacks a privilege this operation needs"
        case 404: "not found"
        case 409: "conflict"
        case 412: "precondition failed"
        case 413: "request too large"
        case 415: "unsupported media type"
        case 429: "too many requests"
        case 500: "internal server error"
        case 502: "endpoint unreachable"
        case 503: "service unavailable"
        case 504: "gateway time-out"
        default: "unexpected status"
        }
    }
}

extension JSON {
    fileprivate var interpolationTextIfScalar: String? {
        switch self {
        case .string(let s): s
        case .number(let n): n
        default: nil
        }
    }
}

/// S3's XML error body: `<Error><Code>..</Code><Message>..</Message><RequestId>..</RequestId></Error>`.
struct S3Error {
    var code: String
    var message: String?
    var requestID: String?

    init?(_ body: Data) {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        guard text.contains("<Error>"), let code = Self.element("Code", in: text) else { return nil }
        self.code = code
        message = Self.element("Message", in: text)
        requestID = Self.element("RequestId", in: text)
    }

    private static func element(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"),
            let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound]).replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
