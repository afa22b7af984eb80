import Foundation

/// A request as the sandbox's routes see it, independent of the HTTP server underneath.
struct SandboxRequest: Sendable {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    /// Lower-cased header names.
    var headers: [String: String]
    var body: Data
    /// Whether it came over TLS: URLs the sandbox hands out (a container's upload URL) use the same scheme.
    var secure = false

    func queryValue(_ name: String) -> String? { query.first(where: { $0.name == name })?.value }

    /// Every value of a repeated parameter (`fields=a&fields=b`).
    func queryValues(_ name: String) -> [String] { query.filter { $0.name == name }.map(\.value) }

    /// A query string decoded as HTML forms and `URLSearchParams` write it: `+` is a space, then percent-escapes.
    /// A malformed escape is kept as it was, so an odd id still round-trips rather than vanish.
    static func formDecoded(_ query: String) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // Most names and values hold neither `+` nor `%`: they are taken as they are (Foundation's replacing
            // and decoding were a twentieth of a lone PUT's time).
            func decode(_ text: Substring) -> String {
                guard text.utf8.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else {
                    return String(text)
                }
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        // Spaces and tabs around the token go (Foundation's trimming cost a fiftieth of a lone PUT).
        var token = parts[1]
        while token.first == " " || token.first == "\t" { token = token.dropFirst() }
        while token.last == " " || token.last == "\t" { token = token.dropLast() }
        return String(token)
    }
}
