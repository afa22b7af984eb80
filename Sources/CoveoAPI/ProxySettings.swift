package import Foundation

/// The proxies the environment names, as curl reads them: `HTTPS_PROXY` (or `https_proxy`) for https URLs,
/// `HTTP_PROXY` (or `http_proxy`) for plain http, `ALL_PROXY` for both, and `NO_PROXY` for the hosts reached
/// directly. This machine (loopback) is never reached through a proxy: the sandbox's token travels over plain
/// http there, and it must not leave the machine.
package struct ProxySettings: Sendable, Equatable {
    /// One proxy: an HTTP proxy spoken to with CONNECT, or a SOCKS5 one.
    package struct Server: Sendable, Hashable, CustomStringConvertible {
        package enum Kind: Sendable, Hashable { case http, socks }
        package var kind: Kind
        package var host: String
        package var port: Int
        package var user: String?
        package var password: String?

        /// `http://host:port`, without the credentials.
        package var description: String { (kind == .socks ? "socks5://" : "http://") + host + ":" + String(port) }
    }

    package var https: Server?
    package var http: Server?
    /// `NO_PROXY` entries, lower-cased, without a leading dot; `*` bypasses every proxy.
    package var bypass: [String]

    package init(https: Server? = nil, http: Server? = nil, bypass: [String] = []) {
        self.https = https
        self.http = http
        self.bypass = bypass
    }

    /// Reads the environment; a variable that is set but not a proxy URL is an error naming it.
    package init(environment: [String: String]) throws(EndpointError) {
        func proxy(_ names: String...) throws(EndpointError) -> Server? {
            for name in names {
                if let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
                    return try Self.server(text, variable: name)
                }
            }
            return nil
        }
        let all = try proxy("ALL_PROXY", "all_proxy")
        https = try proxy("HTTPS_PROXY", "https_proxy") ?? all
        // curl ignores upper-case HTTP_PROXY (a CGI program could be handed one by a request's `Proxy:` header).
        http = try proxy("http_proxy") ?? all
        let noProxy = [environment["NO_PROXY"], environment["no_proxy"]].compactMap { $0 }.first { !$0.isEmpty }
        bypass = (noProxy ?? "").split(separator: ",").map {
            var entry = $0.trimmingCharacters(in: .whitespaces).lowercased()
            while entry.hasPrefix(".") { entry.removeFirst() }
            return entry
        }.filter { !$0.isEmpty }
    }

    /// The proxy for `url`, or nil to connect directly.
    package func server(for url: URL) -> Server? {
        guard let host = url.host?.lowercased(), !Endpoints.isLoopback(url) else { return nil }
        let server = url.scheme?.lowercased() == "https" ? https : http
        guard let server else { return nil }
        for entry in bypass {
            if entry == "*" { return nil }
            var name = entry
            // `host:port` entries match that port only.
            if let colon = entry.lastIndex(of: ":"), let port = Int(entry[entry.index(after: colon)...]) {
                guard port == Endpoints.port(of: url) else { continue }
                name = String(entry[..<colon])
            }
            if host == name || host.hasSuffix("." + name) { return nil }
        }
        return server
    }

    /// `http://[user:password@]host[:port]`, `socks5://...`, or a bare `host:port`.
    static func server(_ text: String, variable: String) throws(EndpointError) -> Server {
        let withScheme = text.contains("://") ? text : "http://" + text
        guard let components = URLComponents(string: withScheme), let host = components.host, !host.isEmpty else {
            throw EndpointError(message: "\(variable)=\(text) is not a proxy URL; expected http://HOST:PORT")
        }
        if let url = URL(string: withScheme), let problem = Endpoints.portProblem(url) {
            throw EndpointError(message: "\(variable)=\(Endpoints.shown(url)) \(problem)")
        }
        let kind: Server.Kind
        switch components.scheme?.lowercased() {
        case "http": kind = .http
        case "socks5", "socks5h": kind = .socks
        default:
            throw EndpointError(message: "\(variable)=\(text): only http:// and socks5:// proxies are supported")
        }
        return Server(
            kind: kind, host: host, port: components.port ?? (kind == .socks ? 1080 : 80),
            user: components.percentEncodedUser.flatMap { $0.removingPercentEncoding },
            password: components.percentEncodedPassword.flatMap { $0.removingPercentEncoding })
    }
}
