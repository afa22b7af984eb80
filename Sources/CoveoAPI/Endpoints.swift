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

    /// Whether a URL points at this machine (the only place a token may travel over plain HTTP).
    package static func isLoopback(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased() else { return false }
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        if host.hasPrefix("127.") {
            let parts = host.split(separator: ".")
            return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
        }
        return false
    }

    /// `host:port` (the port only when the URL gives one), for messages.
    package static func place(_ url: URL) -> String {
        (url.host ?? "?") + (url.port.map { ":\($0)" } ?? "")
    }

    /// The port a URL reaches: its own, or its scheme's (443 for https, 80 for http).
    static func port(of url: URL) -> Int {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
    }

    /// Checks a user-given base URL: http or https, a host, no query; loopback is the only plain-HTTP target.
    package static func validate(_ text: String) -> Result<URL, EndpointError> {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else {
            return .failure(
                EndpointError(
                    message: "'\(text)' is not a URL; expected something like https://myorg.admin.org.coveo.com"))
        }
        guard scheme == "https" || scheme == "http" else {
            return .failure(EndpointError(message: "'\(text)' must use https (or http to this machine)"))
        }
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
