import Foundation

/// A request that got no usable answer, classified so the client can tell what waiting can fix from what it
/// cannot, and say it in one line that names the host and the fix.
package struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// The host name does not resolve.
        case nameNotResolved
        /// The TLS handshake failed: a certificate not trusted, a name that does not match, no common protocol.
        case tls
        /// Nothing listens at the host and port.
        case connectionRefused
        /// The connection closed or reset before a whole answer arrived.
        case connectionClosed
        /// The whole answer did not arrive within the request's deadline.
        case timedOut
        /// The answer is larger than an API answer may be.
        case answerTooLarge
        /// What arrived is not HTTP (a negative length, a broken chunk, garbage).
        case malformedAnswer
        /// A redirect pshell will not follow (to plain http elsewhere, too many, without a location).
        case redirectRefused
        /// The proxy refused the tunnel or could not be reached.
        case proxy
        /// A URL no connection can be made to (a port past 65535, a scheme other than http and https).
        case badURL
        /// Anything else.
        case other
    }

    package var kind: Kind
    /// `host:port` the request was for (or the proxy, for `.proxy`).
    package var place: String
    /// What went wrong, then what to do, in one line.
    package var message: String

    package init(_ kind: Kind, place: String, message: String) {
        self.kind = kind
        self.place = place
        self.message = message
    }

    package var description: String { "\(place): \(message)" }

    /// Whether sending the same request again may succeed. Only a dropped connection and a time-out may pass;
    /// a refused connection is decided by the caller (a sandbox restarting on this machine is worth a wait).
    package var mayPass: Bool {
        switch kind {
        case .connectionClosed, .timedOut: true
        default: false
        }
    }
}

extension Duration {
    /// `60 s`, `2.5 s`, `0.25 s`: seconds as a user would type them for `--timeout`.
    package var secondsText: String {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        var text = String(format: "%.3f", Double(milliseconds) / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + " s"
    }
}
