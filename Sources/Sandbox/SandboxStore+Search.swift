import CoveoAPI
import Crypto
import Foundation

/// The Search API's core, as platform-client calls it: `POST /rest/search/v2/token` (a search token for
/// `userIds`) and `POST /rest/search/v2` (a query), answering with the items the caller may see.
extension SandboxStore {
    /// The longest a search token may be valid, and its default (the platform's: 24 hours).
    static let maximumTokenValidity: Int64 = 86_400_000

    /// `POST /rest/search/v2/token?organizationId=` `{userIds: [{name, provider, type}], validFor}`: a signed
    /// token (a JWT, as the platform's) that searches as those identities. The key needs SEARCH_API / IMPERSONATE.
    func createSearchToken(_ call: SandboxCall) throws(SandboxFailure) -> SandboxResponse {
        let organization = call.request.queryValue("organizationId") ?? state.organization
        try authorize(call.request, organization, .search("IMPERSONATE"))
        let body = try body(call.request, "a token request {userIds: [{name, provider, type}]}")
        guard let userIds = body["userIds"]?.arrayValue, !userIds.isEmpty else {
            throw SandboxFailure(400, "InvalidTokenRequest", "userIds must be a non-empty array of {name, provider}.")
        }
        var identities: [JSON] = []
        for (index, user) in userIds.enumerated() {
            guard let name = user["name"]?.stringValue, !name.isEmpty, let provider = user["provider"]?.stringValue,
                !provider.isEmpty
            else {
                throw SandboxFailure(400, "InvalidTokenRequest", "userIds[\(index)] needs a name and a provider.")
            }
            let typeName = user["type"].map { $0.stringValue ?? "" } ?? "User"
            guard Self.cacheTypes.contains(typeName.lowercased()) else {
                throw SandboxFailure(
                    400, "InvalidTokenRequest", "userIds[\(index)].type must be User, Group, VirtualGroup or Unknown.")
            }
            let type = SecurityIdentity.normalized(typeName)
            identities.append(["name": .string(name), "provider": .string(provider), "type": .string(type)])
        }
        let validFor = body["validFor"].map { $0.intValue.map(Int64.init) } ?? Self.maximumTokenValidity
        guard let validFor, (1...Self.maximumTokenValidity).contains(validFor) else {
            throw SandboxFailure(
                400, "InvalidTokenRequest", "validFor must be from 1 to \(Self.maximumTokenValidity) milliseconds.")
        }
        let now = clock.now()
        let payload: JSON = [
            "v8": true, "organization": .string(state.organization), "userIds": .array(identities),
            "roles": ["queryExecutor"], "iat": .int64(now / 1000), "exp": .int64((now + validFor) / 1000),
        ]
        return .json(200, ["token": .string(SearchToken.sign(payload, key: searchTokenKey))])
    }

    /// Tokens are signed with a key derived from the administrator key: they stay valid across restarts of a
    /// state file, and no other sandbox accepts them.
    private var searchTokenKey: SymmetricKey {
        let administrator = state.keys.first { $0.label == SandboxAPIKey.administratorLabel }?.value ?? ""
        return SymmetricKey(data: SHA256.hash(data: Data("pshell search tokens\u{0}\(administrator)".utf8)))
    }

    /// Who a query runs as: identities (a search token), anonymous (an API key), or everyone's view
    /// (`viewAllContent` with an API key that holds VIEW_ALL_CONTENT).
    enum Searcher {
        case identities([SecurityIdentity])
        case anonymous
        case everything
    }

    /// `viewAllContent`: in the query string (`1`, `true`, `0`, `false`; platform-client's `?viewAllContent=1`) or
    /// the body (true or false).
    static func viewAllContent(_ request: SandboxRequest) throws(SandboxFailure) -> Bool {
        if let text = request.queryValue("viewAllContent") {
            guard let value = ["1": true, "true": true, "0": false, "false": false][text.lowercased()] else {
                throw SandboxFailure(400, "InvalidParameterException", "viewAllContent must be 1, true, 0 or false.")
            }
            return value
        }
        guard request.headers["content-type"]?.hasPrefix("application/json") == true,
            let body = try? JSONParser.parse(Array(request.body)), let value = body["viewAllContent"]
        else { return false }
        guard let flag = value.boolValue else {
            throw SandboxFailure(400, "InvalidParameterException", "viewAllContent must be true or false.")
        }
        return flag
    }

    func searcher(_ request: SandboxRequest) throws(SandboxFailure) -> Searcher {
        let organization = request.queryValue("organizationId") ?? state.organization
        let viewAll = try Self.viewAllContent(request)
        // A JWT (even one that claims no signature, `alg: none`) is a search token to check, never an API key.
        if let token = request.bearerToken, token.hasPrefix("eyJ") || token.filter({ $0 == "." }).count == 2 {
            guard let payload = SearchToken.verify(token, key: searchTokenKey),
                let expires = payload["exp"]?.intValue, Int64(expires) * 1000 > clock.now()
            else {
                throw SandboxFailure(401, "InvalidTokenException", "The search token is invalid or expired.")
            }
            guard payload["organization"]?.stringValue == organization else {
                throw SandboxFailure(
                    401, "InvalidTokenException", "The search token is for another organization than '\(organization)'."
                )
            }
            if viewAll {
                throw SandboxFailure(
                    403, "ACCESS_DENIED", "viewAllContent needs an API key with SEARCH_API / VIEW_ALL_CONTENT.")
            }
            let identities = (payload["userIds"]?.arrayValue ?? []).compactMap { user -> SecurityIdentity? in
                guard let name = user["name"]?.stringValue, let provider = user["provider"]?.stringValue else {
                    return nil
                }
                return SecurityIdentity(name, type: user["type"]?.stringValue ?? "USER", provider: provider)
            }
            return .identities(identities)
        }
        try authorize(request, organization, .search("EXECUTE_QUERY"))
        guard viewAll else { return .anonymous }
        try authorize(request, organization, .search("VIEW_ALL_CONTENT"))
        return .everything
    }
}

/// A JWT signed with HMAC-SHA256, as the platform's search tokens are JWTs.
enum SearchToken {
    static func sign(_ payload: JSON, key: SymmetricKey) -> String {
        let header = base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let body = base64URL(Data(JSONWriter.compact(payload).utf8))
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(body)".utf8), using: key)
        return "\(header).\(body).\(base64URL(Data(signature)))"
    }

    /// The payload of a token this key signed, or nil.
    static func verify(_ token: String, key: SymmetricKey) -> JSONObject? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = data(base64URL: parts[2]) else { return nil }
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data("\(parts[0]).\(parts[1])".utf8), using: key),
            let payload = data(base64URL: parts[1])
        else { return nil }
        return (try? JSONParser.parse(Array(payload)))?.objectValue
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}
