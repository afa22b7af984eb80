import Foundation
import Hummingbird

/// Which of the sandbox's resources a request is for, as Hummingbird's router found it in the path. The rest of
/// a path (`rest`) is what the resource's own routes read: a provider id, `raw`, `batch/create`.
enum SandboxRoute: Sendable {
    case organizations
    case organization(String)
    case sources(String, [String])
    /// The field API, at the specification's paths (`/sources/fields...`, `/sources/page/fields`) and at the
    /// `indexes` paths platform-client calls: `rest` starts after `sources` or `indexes`.
    case fields(String, [String])
    case license(String, String?)
    case limits(String, [String])
    case privileges(String, [String])
    case providers(String, [String])
    case apiKeys(String, [String])
    case evaluatePrivilege
    case checkToken
    case push(String, [String])
    case logs(String, counts: Bool)
    case sandbox(String, [String])
    case upload(String)
    case notFound

    /// Whether the request only reads: a GET, or a logs query (a POST that reads). A read is answered from what is
    /// on disk even when the indexing its group applied cannot be committed.
    func onlyReads(_ method: String) -> Bool {
        if case .logs = self { return true }
        return ["GET", "HEAD"].contains(method.uppercased())
    }

    /// Whether a write here may change the organization's own row (keys, fields, identities, the license): an
    /// item, a batch, an upload or a logs query never does, so committing it skips comparing that row.
    var mayChangeOrganizationRow: Bool {
        switch self {
        case .push(_, let rest): rest.first == "providers"
        case .upload, .logs: false
        default: true
        }
    }

    /// Every path the sandbox serves, with the route each maps to. All methods reach the route, which answers
    /// 405 in Coveo's shape for the ones it does not take.
    static let table: [(path: RouterPath, route: @Sendable (Parameters) -> SandboxRoute)] = [
        ("/rest/organizations", { _ in .organizations }),
        ("/rest/organizations/:org", { .organization($0.segment("org")) }),
        ("/rest/organizations/:org/sources", { .sources($0.segment("org"), []) }),
        ("/rest/organizations/:org/sources/**", { .sources($0.segment("org"), $0.rest) }),
        ("/rest/organizations/:org/sources/fields", { .fields($0.segment("org"), ["fields"]) }),
        ("/rest/organizations/:org/sources/fields/**", { .fields($0.segment("org"), ["fields"] + $0.rest) }),
        ("/rest/organizations/:org/sources/page/fields", { .fields($0.segment("org"), ["page", "fields"]) }),
        ("/rest/organizations/:org/indexes/**", { .fields($0.segment("org"), $0.rest) }),
        ("/rest/organizations/:org/license", { .license($0.segment("org"), nil) }),
        ("/rest/organizations/:org/license/:section", { .license($0.segment("org"), $0.segment("section")) }),
        ("/rest/organizations/:org/limits", { .limits($0.segment("org"), []) }),
        ("/rest/organizations/:org/limits/**", { .limits($0.segment("org"), $0.rest) }),
        ("/rest/organizations/:org/privileges/**", { .privileges($0.segment("org"), $0.rest) }),
        ("/rest/organizations/:org/securityproviders", { .providers($0.segment("org"), []) }),
        ("/rest/organizations/:org/securityproviders/**", { .providers($0.segment("org"), $0.rest) }),
        ("/rest/organizations/:org/apikeys", { .apiKeys($0.segment("org"), []) }),
        ("/rest/organizations/:org/apikeys/**", { .apiKeys($0.segment("org"), $0.rest) }),
        ("/rest/privilege/evaluate", { _ in .evaluatePrivilege }),
        ("/oauth/check_token", { _ in .checkToken }),
        ("/push/v1/organizations/:org/**", { .push($0.segment("org"), $0.rest) }),
        ("/logs/v1/organizations/:org", { .logs($0.segment("org"), counts: false) }),
        ("/logs/v1/organizations/:org/facetsStats", { .logs($0.segment("org"), counts: true) }),
        ("/sandbox/v1/organizations/:org/**", { .sandbox($0.segment("org"), $0.rest) }),
        ("/upload/:fileId", { .upload($0.segment("fileId")) }),
    ]
}

extension Parameters {
    /// A path parameter, percent-decoded (`My%20Provider` is `My Provider`).
    func segment(_ name: String) -> String {
        let raw = get(name) ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// What `**` matched, segment by segment, percent-decoded.
    var rest: [String] {
        getCatchAll().map { String($0).removingPercentEncoding ?? String($0) }
    }
}
