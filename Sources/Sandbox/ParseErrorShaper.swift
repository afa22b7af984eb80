import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// The HTTP layer answers a request it cannot parse (a request line or header past the limits, broken framing,
/// bytes that are not HTTP) with an empty 400 of its own. This gives that answer Coveo's error body and a request
/// id, as every other answer of the sandbox has. Only that answer is touched: the sandbox's own 400s always carry
/// a body.
final class ParseErrorShaper: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.status == .badRequest,
            head.headerFields[.contentLength] == "0"
        else {
            context.write(data, promise: promise)
            return
        }
        let requestID = UUID().uuidString.lowercased()
        let body =
            #"{"message":"The request is not valid HTTP or is past the sandbox's limits "#
            + #"(a request line or a header over "#
            + #"16 KB, headers over 64 KB in all, or broken framing).","errorCode":"INVALID_REQUEST","requestID":""#
            + requestID + #""}"#
        head.headerFields[.contentLength] = String(body.utf8.count)
        head.headerFields[.contentType] = "application/json"
        if let name = HTTPField.Name("X-Request-ID") { head.headerFields[name] = requestID }
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(string: body))), promise: promise)
    }
}
