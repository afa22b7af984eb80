import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// Why a certificate was not trusted, when its dates say so: an expired certificate (or a clock set wrong) is
/// not a missing CA, and `--cacert` does not mend it. Read with a second handshake that verifies nothing and
/// sends nothing, only after a verification failed, only to show the certificate's dates.
enum CertificateDates {
    /// `the TLS certificate expired on ...`, or one not valid yet; nil when the dates are not the cause (or the
    /// certificate cannot be read).
    static func problem(host: String, port: Int, now: Date = Date()) async -> String? {
        guard let certificate = await peerCertificate(host: host, port: port) else { return nil }
        let from = Date(timeIntervalSince1970: TimeInterval(certificate.notValidBefore))
        let until = Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))
        if now > until {
            return "the TLS certificate expired on \(day(until)) (it was valid from \(day(from))): the server must "
                + "renew it; --cacert cannot mend an expired certificate"
        }
        if now < from {
            return "the TLS certificate is valid only from \(day(from)): is this machine's clock right "
                + "(it says \(day(now)))?"
        }
        return nil
    }

    /// Whether a TLS handshake completes at host:port (verifying nothing, sending no request): asked when plain
    /// http got no answer, since a TLS port closes such a connection and a retry would wait for nothing.
    static func speaksTLS(host: String, port: Int) async -> Bool {
        await peerCertificate(host: host, port: port) != nil
    }

    private static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash))
    }

    /// The certificate the server shows, unverified; nil if no handshake completes within five seconds.
    private static func peerCertificate(host: String, port: Int) async -> NIOSSLCertificate? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        guard let context = try? NIOSSLContext(configuration: configuration) else { return nil }
        let group = MultiThreadedEventLoopGroup.singleton
        let loop = group.next()
        let promise = loop.makePromise(of: NIOSSLCertificate?.self)
        let isAddress = host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
        let bootstrap = ClientBootstrap(group: loop).connectTimeout(.seconds(5)).channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                let handler = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
                try channel.pipeline.syncOperations.addHandlers([handler, Grabber(promise: promise)])
            }
        }
        loop.scheduleTask(in: .seconds(5)) { promise.succeed(nil) }
        guard let channel = try? await bootstrap.connect(host: host, port: port).get() else {
            promise.succeed(nil)
            return nil
        }
        let certificate = try? await promise.futureResult.get()
        try? await channel.close()
        return certificate ?? nil
    }

    /// Takes the peer's certificate once the handshake completes.
    private final class Grabber: ChannelInboundHandler, Sendable {
        typealias InboundIn = Any
        let promise: EventLoopPromise<NIOSSLCertificate?>

        init(promise: EventLoopPromise<NIOSSLCertificate?>) { self.promise = promise }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if case .handshakeCompleted? = event as? TLSUserEvent {
                let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
                promise.succeed(handler?.peerCertificate)
            }
            context.fireUserInboundEventTriggered(event)
        }
    }
}
