/// One operation of Coveo's APIs as its specification declares it: the method, the path (with the specification's
/// `{parameter}` names), which API answers it (and so the shape of its errors), and what a caller needs. The
/// sandbox serves the operations it emulates from these declarations, `explain` names them, and a conformance
/// test compares each with Coveo's OpenAPI files.
package struct CoveoOperation: Sendable, Hashable, CustomStringConvertible {
    /// Which API answers, which decides the shape of an error: the platform's `{errorCode, message, requestID}`,
    /// the Push API's `{errorCode, message}`, S3's XML for a file container's upload.
    package enum API: String, Sendable, Hashable {
        case platform, push, logs, upload
        /// The Search API (`/rest/search/v2`): its errors are `{statusCode, message, type}`.
        case search
        /// The sandbox's own API (`/sandbox/v1`): what it indexed, and the limits it emulates.
        case sandbox
    }

    /// A privilege as the specifications' `x-required-privileges` spell it; `targetId` is `*` or a path parameter
    /// in braces (`{sourceId}`): the privilege on the resource the path names.
    package struct Privilege: Sendable, Hashable, CustomStringConvertible {
        package var owner = "PLATFORM"
        package var targetDomain: String
        package var type: String
        package var targetId: String

        package init(_ targetDomain: String, _ type: String, on targetId: String = "*") {
            self.targetDomain = targetDomain
            self.type = type
            self.targetId = targetId
        }

        /// The path parameter the privilege targets, or nil for `*`.
        package var targetParameter: String? {
            targetId.hasPrefix("{") && targetId.hasSuffix("}") ? String(targetId.dropFirst().dropLast()) : nil
        }

        package var description: String { "\(owner) / \(targetDomain) / \(type) on \(targetId)" }
    }

    /// Who may call it.
    package enum Access: Sendable, Hashable {
        /// Anyone: the credential is in the request itself (`check_token`'s form, an upload URL's secret id).
        case open
        /// Any valid token, whatever its organization.
        case token
        /// A token of the organization the path names, holding the privilege if one is given (the operation may
        /// check more from its body, as the Source Logs check each source they are filtered on).
        case organization(Privilege?)
    }

    package var method: String
    package var path: String
    package var api: API
    package var access: Access

    package init(_ method: String, _ path: String, _ api: API, _ access: Access) {
        self.method = method
        self.path = path
        self.api = api
        self.access = access
    }

    /// The operation's privilege, if it names one.
    package var privilege: Privilege? {
        if case .organization(let privilege) = access { return privilege }
        return nil
    }

    package var description: String { "\(method) \(path)" }

    /// Whether a request's path is this operation's: segment by segment, a `{parameter}` matching any one.
    package func matches(path other: String) -> Bool {
        let pattern = path.split(separator: "/")
        let segments = other.split(separator: "/")
        guard pattern.count == segments.count else { return false }
        return zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}

extension CoveoOperation {
    /// What a caller needs, in words (`explain` shows it).
    package var requirement: String {
        if api == .logs {
            return "PLATFORM / SOURCE / VIEW on each source the body filters on (every source without a filter)"
        }
        if api == .search {
            return path.hasSuffix("/token")
                ? "SEARCH_API / IMPERSONATE (an API key that may search as others)"
                : "a search token, or an API key with SEARCH_API / EXECUTE_QUERY (and VIEW_ALL_CONTENT to see all)"
        }
        return switch access {
        case .open: "none: the request carries its own credential"
        case .token: "any valid token"
        case .organization(nil): "any valid token of the organization"
        case .organization(let privilege?):
            api == .push || api == .logs
                ? "\(privilege) (the documentation's; the specification declares none)"
                : privilege.description
        }
    }
}
