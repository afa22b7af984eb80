package import Foundation

/// The two base URLs pshell talks to: the platform (Source, Security Cache, License, Limits, Privileges)
/// and the Push API, which stays region-specific even where the platform has organization endpoints.
package struct Endpoints: Sendable, Equatable {
    package var platform: URL
    package var push: URL

    package init(platform: URL, push: URL) {
        self.platform = platform
        self.push = push
    }

    /// Coveo's hosts: `platform{env}{-region}.cloud.coveo.com` and `api{env}{-region}.cloud.coveo.com`.
    /// HIPAA has a single deployment, so its region is ignored.
    package static func coveo(region: Region, environment: PlatformEnvironment) -> Endpoints {
        let suffix = environment == .hipaa ? "" : region.hostSuffix
        let infix = environment.hostInfix
        // Both strings are built from fixed enum values, so they are always valid URLs.
        let platform = URL(string: "https://platform\(infix)\(suffix).cloud.coveo.com")!
        let push = URL(string: "https://api\(infix)\(suffix).cloud.coveo.com")!
        return Endpoints(platform: platform, push: push)
    }

    /// The Push API's base URL that goes with a platform URL given alone. A Coveo platform host has its Push host
    /// (`platform-eu...` goes with `api-eu...`); an organization endpoint (`ORG.admin.org.coveo.com`) goes with the
    /// region's, as Coveo documents that the Push API still needs one. Any other host (a sandbox, a proxy, a gateway)
    /// is its own Push host: never Coveo's, where the token would travel to a host the user never named.
    package static func push(following platform: URL, region: Region, environment: PlatformEnvironment) -> URL {
        let host = platform.host?.lowercased() ?? ""
        for region in Region.allCases {
            for environment in PlatformEnvironment.allCases {
                let coveo = Endpoints.coveo(region: region, environment: environment)
                if coveo.platform.host == host { return coveo.push }
            }
        }
        if host.hasSuffix(".org.coveo.com") || host.hasSuffix(".orghipaa.coveo.com") {
            return Endpoints.coveo(region: region, environment: environment).push
        }
        return platform
    }

    /// Whether a URL points at this machine (the only place a token may travel over plain HTTP).
    package static func isLoopback(_ url: URL) -> Bool {
        // The host as written: decoding it cost more than the rest (this runs before each request), and a host
        // spelt with escapes is not taken for this machine (the safe side: a token stays off plain http).
        // Read by byte, with nothing allocated: it runs twice for each request over plain http.
        guard let host = url.host(percentEncoded: true) else { return false }
        let bytes = host.utf8
        if bytes.count == 9, bytes.elementsEqual("localhost".utf8, by: { $0 | 0x20 == $1 }) { return true }
        if host == "::1" || host == "[::1]" { return true }
        // 127.a.b.c, each part a number from 0 to 255 (`UInt8` as it parsed them: digits only, no sign).
        var parts = 0
        var value = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, value <= 255, parts > 0 || (value == 127 && digits == 3) else { return false }
                parts += 1
                (value, digits) = (0, 0)
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte), digits < 4 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0 && value <= 255
    }

    /// `host:port` (the port only when the URL gives one), for messages.
    package static func place(_ url: URL) -> String {
        (url.host ?? "?") + (url.port.map { ":\($0)" } ?? "")
    }

    /// The port a URL reaches: its own, or its scheme's (443 for https, 80 for http).
    static func port(of url: URL) -> Int {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }

    /// What makes `url` one pshell cannot reach, or nil: it must be http or https, name a host, and give no
    /// port or one from 1 to 65535. Every URL pshell connects to passes here first (the user's, a profile's, a
    /// proxy's, a server's `Location` or `uploadUri`): past 65535, SwiftNIO traps (SIGILL, no message), and port 0
    /// is refused in a way that looks worth retrying.
    package static func problem(with url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            return "'\(shown(url))' must use https (or http to this machine)"
        }
        guard let host = url.host, !host.isEmpty else { return "'\(shown(url))' names no host" }
        return portProblem(url).map { "'\(shown(url))' \($0)" }
    }

    /// What is wrong with the URL's port, or nil when it gives none or one from 1 to 65535.
    static func portProblem(_ url: URL) -> String? {
        guard let port = portText(of: url) else { return nil }
        if let number = Int(port), (1...65535).contains(number) { return nil }
        return "has port \(port.isEmpty ? "''" : port); a port is a number from 1 to 65535"
    }

    /// The port as the URL spells it (after the authority's last colon outside brackets), or nil when it has none.
    /// Read from the text because Foundation answers nil both for no port and for one too large for an Int.
    private static func portText(of url: URL) -> String? {
        // Bytes, not Characters: this runs before every request, and `range(of:)` cost more than the rest of it.
        let text = Array(url.absoluteString.utf8)
        var start = 0
        while start + 2 < text.count, !(text[start] == 0x3A && text[start + 1] == 0x2F && text[start + 2] == 0x2F) {
            start += 1
        }
        guard start + 2 < text.count else { return nil }
        start += 3
        // The authority ends at the path, the query or the fragment; the host starts after the user info and a
        // bracketed IPv6 address.
        var end = start
        while end < text.count, text[end] != 0x2F, text[end] != 0x3F, text[end] != 0x23 { end += 1 }
        var host = start
        for index in start..<end where text[index] == 0x40 || text[index] == 0x5D { host = index + 1 }
        guard let colon = text[host..<end].lastIndex(of: 0x3A) else { return nil }
        return String(decoding: text[(colon + 1)..<end], as: UTF8.self)
    }

    /// The URL without its query or credentials: a message may name where, never with what.
    /// A URL as it may be shown: no query (a signature may be in it), no user or password.
    package static func shown(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return components?.string ?? (url.scheme ?? "?") + "://" + (url.host ?? "?")
    }

    /// Checks a user-given base URL: http or https, a host, a port from 1 to 65535; loopback is the only
    /// plain-HTTP target.
    package static func validate(_ text: String) -> Result<URL, EndpointError> {
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else {
            return .failure(
                EndpointError(
                    message: "'\(text)' is not a URL; expected something like https://myorg.admin.org.coveo.com"))
        }
        if let problem = problem(with: url) { return .failure(EndpointError(message: problem)) }
        // Every path is appended to the base: a query or a fragment would end up before it.
        if url.query != nil || url.fragment != nil || text.contains("?") || text.contains("#") {
            return .failure(
                EndpointError(message: "'\(shown(url))' is a base URL: it takes no query (?...) or fragment (#...)"))
        }
        let scheme = url.scheme?.lowercased()
        if scheme == "http" && !isLoopback(url) {
            return .failure(
                EndpointError(
                    message: "refusing plain http to \(url.host ?? text): a token would travel unencrypted; use https"))
        }
        var normalized = text
        while normalized.hasSuffix("/") { normalized.removeLast() }
        return .success(URL(string: normalized) ?? url)
    }
}

/// A base URL that cannot be used, and why.
package struct EndpointError: Error, Sendable, CustomStringConvertible {
    package var message: String

    package init(message: String) {
        self.message = message
    }
    package var description: String { message }
}
