import Foundation

/// A request as the sandbox's routes see it, independent of the HTTP server underneath.
struct SandboxRequest: Sendable {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    /// Lower-cased header names.
    var headers: [String: String]
    var body: Data

    func queryValue(_ name: String) -> String? { query.first(where: { $0.name == name })?.value }

    var bearerToken: String? {
        guard let value = headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }
}
