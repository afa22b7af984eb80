import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One failure of the library or the network, as a `TransportError` that says what happened and what to do:
/// each family of errors (AsyncHTTPClient's, TLS, connecting, the socket, HTTP parsing, the channel) in its own
/// function.
extension AsyncHTTPTransport {
    /// Where the failed request was going, for the messages.
    struct FailureContext {
        var url: URL
        var proxy: ProxySettings.Server?
        var timeout: Duration

        var place: String { Endpoints.place(url) }
    }

    static func classify(_ error: any Error, url: URL, proxy: ProxySettings.Server?, timeout: Duration) -> any Error {
        if error is CancellationError || error is TransportError { return error }
        let context = FailureContext(url: url, proxy: proxy, timeout: timeout)
        if let client = error as? HTTPClientError { return classify(client, context) }
        if error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError {
            return classifyTLS(error, context)
        }
        if let connection = error as? NIOConnectionError { return classify(connection, context) }
        if let io = error as? IOError { return classify(io, context) }
        if let parser = error as? HTTPParserError { return classify(parser, context) }
        if let channel = error as? ChannelError { return classify(channel, context) }
        return TransportError(.other, place: context.place, message: String(describing: error))
    }

    private static func classify(_ client: HTTPClientError, _ context: FailureContext) -> any Error {
        let (place, proxy, timeout) = (context.place, context.proxy, context.timeout)
        switch client {
        case .cancelled, .requestStreamCancelled: return CancellationError()
        case .deadlineExceeded, .readTimeout, .writeTimeout:
            return TransportError(
                .timedOut, place: place, message: "no complete answer within \(timeout.secondsText) (--timeout)")
        case .connectTimeout:
            return TransportError(
                .timedOut, place: place,
                message: "no connection within the time allowed: check the host, the port and any firewall")
        case .tlsHandshakeTimeout:
            return TransportError(
                .tls, place: place, message: "the TLS handshake did not finish: is this an https port?")
        case .remoteConnectionClosed:
            return TransportError(
                .connectionClosed, place: place, message: "the server closed the connection before a whole answer")
        case .proxyAuthenticationRequired:
            return TransportError(
                .proxy, place: proxy?.description ?? place,
                message: "the proxy asks for credentials: put them in HTTPS_PROXY (http://USER:PASSWORD@HOST:PORT)")
        case .invalidProxyResponse, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
            return TransportError(
                .proxy, place: proxy?.description ?? place,
                message: "the proxy refused the tunnel to \(place) (HTTPS_PROXY, NO_PROXY)")
        case .bodyLengthMismatch, .identityCodingIncorrectlyPresent:
            return TransportError(
                .malformedAnswer, place: place, message: "the answer is not valid HTTP (\(client))")
        default:
            return TransportError(.other, place: place, message: "\(client)")
        }
    }

    private static func classifyTLS(_ error: any Error, _ context: FailureContext) -> TransportError {
        let (place, url, text) = (context.place, context.url, String(describing: error))
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return TransportError(
                .tls, place: place,
                message:
                    "the TLS certificate is not trusted: if a company proxy or CA inspects TLS, trust its CA with "
                    + "`endpoint --cacert FILE` at the prompt (at start: --cacert FILE or PSHELL_CA_FILE)"
            )
        }
        if case .failedToValidateHostname? = error as? NIOSSLExtraError {
            return TransportError(
                .tls, place: place, message: "the TLS certificate is not for \(url.host ?? "this host")")
        }
        if text.contains("WRONG_VERSION_NUMBER") || text.contains("HTTP_REQUEST") {
            return TransportError(
                .tls, place: place,
                message: "the TLS handshake failed: the server does not speak https on this port")
        }
        // BoringSSL's own words are a line of codes and a source path: its reason code is what a person can search.
        let reason = text.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { String($0.1) }
        if reason == "NO_CERTIFICATE_OR_CRL_FOUND" {
            return TransportError(
                .tls, place: place,
                message:
                    "no CA certificate could be read from the trust store (SSL_CERT_FILE or --cacert names a file "
                    + "without one): give a PEM file of CA certificates")
        }
        return TransportError(.tls, place: place, message: "the TLS handshake failed (\(reason ?? text))")
    }

    private static func classify(_ connection: NIOConnectionError, _ context: FailureContext) -> TransportError {
        let (place, url, proxy) = (context.place, context.url, context.proxy)
        let through = proxy.map { " (through the proxy \($0))" } ?? ""
        if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
            if let proxy {
                return TransportError(
                    .proxy, place: proxy.description,
                    message: "the proxy's host name does not resolve (HTTPS_PROXY)")
            }
            return TransportError(
                .nameNotResolved, place: url.host ?? place,
                message:
                    "the host name does not resolve (DNS): check the region and environment (`session` shows them) "
                    + "or the URL given to `endpoint`/--platform-url")
        }
        let refused = connection.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }
        if refused {
            if let proxy {
                return TransportError(
                    .proxy, place: proxy.description, message: "the proxy refused the connection (HTTPS_PROXY)")
            }
            return TransportError(
                .connectionRefused, place: place,
                message: "the connection was refused: check the host and port, and any proxy in between")
        }
        return TransportError(.other, place: place, message: "cannot connect\(through): \(connection)")
    }

    private static func classify(_ io: IOError, _ context: FailureContext) -> TransportError {
        let place = context.place
        switch io.errnoCode {
        case ECONNREFUSED:
            return TransportError(
                .connectionRefused, place: place,
                message: "the connection was refused: check the host and port, and any proxy in between")
        case ECONNRESET, EPIPE:
            return TransportError(.connectionClosed, place: place, message: "the connection was reset")
        default:
            return TransportError(.other, place: place, message: "\(io)")
        }
    }

    private static func classify(_ parser: HTTPParserError, _ context: FailureContext) -> TransportError {
        let place = context.place
        // A connection that ends mid-answer was dropped (a reset, a server restarting): that may pass.
        if parser == .invalidEOFState {
            return TransportError(
                .connectionClosed, place: place, message: "the connection closed in the middle of the answer")
        }
        return TransportError(.malformedAnswer, place: place, message: "the answer is not valid HTTP (\(parser))")
    }

    private static func classify(_ channel: ChannelError, _ context: FailureContext) -> TransportError {
        let place = context.place
        switch channel {
        case .connectTimeout:
            return TransportError(
                .timedOut, place: place,
                message: "no connection within the time allowed: check the host, the port and any firewall")
        case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
            return TransportError(
                .connectionClosed, place: place, message: "the server closed the connection before a whole answer")
        default:
            return TransportError(.other, place: place, message: "\(channel)")
        }
    }
}
