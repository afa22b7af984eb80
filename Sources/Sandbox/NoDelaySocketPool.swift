import FlyingFox
import FlyingSocks
import Foundation

/// FlyingFox writes a response's head and body with two `write`s. With Nagle's algorithm on, the body
/// waits for the client's delayed ACK of the head: 40 ms per request on loopback. This pool wraps the
/// default one and turns Nagle off (TCP_NODELAY) on each socket it is asked to wait on: the listening
/// socket (Linux copies the option to the connections it accepts) and every connection.
struct NoDelaySocketPool: AsyncSocketPool {
    let base: any AsyncSocketPool

    func prepare() async throws { try await base.prepare() }

    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}
