// hummingbird-floor PORT BYTES: GET anything answers BYTES bytes of JSON from memory; PUT anything reads its body
// and answers 202, as the Push API does. Nothing is looked up, authorized, serialised or written: what is left is
// the cost of Hummingbird and SwiftNIO themselves.
import Hummingbird

let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]), let size = Int(arguments[2]) else {
    fatalError("usage: hummingbird-floor PORT BYTES")
}
let body = ByteBuffer(string: "{\"x\":\"" + String(repeating: "x", count: max(size - 8, 0)) + "\"}")
let router = Router()
router.get("/**") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
}
router.put("/**") { request, _ in
    _ = try await request.body.collect(upTo: 6 * 1024 * 1024)
    return Response(status: .accepted)
}
let app = Application(
    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
