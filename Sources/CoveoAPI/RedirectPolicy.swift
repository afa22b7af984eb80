import Foundation

/// Which redirects pshell follows, and what it sends along. An answer's `Location` is the server's word, and a
/// server can be wrong or hostile: the token must never follow it to another host, nor leave over plain http.
package enum RedirectPolicy {
    /// At most this many redirects for one request.
    package static let maximum = 5

    /// The request to send for a 301, 302, 303, 307 or 308 answer to `request`, or nil if `response` is not a
    /// redirect; throws when the redirect must not be followed.
    package static func follow(_ request: APIRequest, response: APIResponse) throws(TransportError) -> APIRequest? {
        guard [301, 302, 303, 307, 308].contains(response.status) else { return nil }
        let from = request.url
        let place = Endpoints.place(from)
        guard let location = response.headers["location"], !location.isEmpty else {
            throw TransportError(
                .redirectRefused, place: place, message: "HTTP \(response.status) redirect without a Location")
        }
        guard let target = URL(string: location, relativeTo: from)?.absoluteURL,
            let scheme = target.scheme?.lowercased(),
            target.host != nil
        else {
            throw TransportError(
                .redirectRefused, place: place,
                message: "HTTP \(response.status) redirect to '\(location)', which is not a URL")
        }
        if let problem = Endpoints.problem(with: target) {
            throw TransportError(
                .redirectRefused, place: place,
                message: "refused to follow an HTTP \(response.status) redirect: \(problem)")
        }
        // https anywhere; plain http only from plain http on this machine to this machine (the sandbox behind a
        // local proxy). Never from https down to http.
        let allowed =
            scheme == "https"
            || (scheme == "http" && from.scheme?.lowercased() == "http" && Endpoints.isLoopback(from)
                && Endpoints.isLoopback(target))
        guard allowed else {
            throw TransportError(
                .redirectRefused, place: place,
                message:
                    "refused to follow an HTTP \(response.status) redirect to \(Endpoints.shown(target)): "
                    + "only https is followed "
                    + "(or plain http from this machine to this machine)")
        }
        var next = request
        next.url = target
        // 303 asks for a GET; a 301 or 302 after a POST becomes a GET too, as every client does.
        if response.status == 303 || ((response.status == 301 || response.status == 302) && request.method == "POST") {
            next.method = "GET"
            next.body = nil
            next.headers.removeAll {
                ["content-type", "content-length", "content-encoding"].contains($0.name.lowercased())
            }
        }
        // Credentials are for the origin they were given for: scheme, host and port.
        if !sameOrigin(from, target) {
            next.headers.removeAll {
                ["authorization", "cookie", "proxy-authorization"].contains($0.name.lowercased())
            }
        }
        return next
    }

    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && Endpoints.port(of: a) == Endpoints.port(of: b)
    }
}
