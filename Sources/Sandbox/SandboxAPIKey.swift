import CoveoAPI

/// An API key the sandbox accepts, with the privileges it grants (Coveo's `{owner, targetDomain, type, targetId}`).
struct SandboxAPIKey: Sendable, Equatable {
    struct Privilege: Sendable, Equatable {
        var owner = "PLATFORM"
        var targetDomain: String
        var type: String
        var targetId = "*"

        var json: JSON {
            var object: JSONObject = ["owner": .string(owner), "targetDomain": .string(targetDomain)]
            // The Search API's privileges have no access level: they are held or not.
            if !type.isEmpty { object["type"] = .string(type) }
            object["targetId"] = .string(targetId)
            return .object(object)
        }

        /// A Search API privilege (`EXECUTE_QUERY`, `IMPERSONATE`, `VIEW_ALL_CONTENT`): held or not, no level.
        static func search(_ targetDomain: String) -> Privilege {
            var privilege = Privilege(targetDomain, "")
            privilege.owner = "SEARCH_API"
            return privilege
        }

        init(_ targetDomain: String, _ type: String, targetId: String = "*") {
            self.targetDomain = targetDomain
            self.type = type
            self.targetId = targetId
        }

        init?(json: JSON) {
            let owner = json["owner"]?.stringValue ?? "PLATFORM"
            guard let domain = json["targetDomain"]?.stringValue,
                let type = json["type"]?.stringValue ?? (owner == "SEARCH_API" ? "" : nil)
            else {
                return nil
            }
            self.owner = owner
            self.targetDomain = domain
            self.type = type
            self.targetId = json["targetId"]?.stringValue ?? "*"
        }

        /// Whether holding `self` grants `required`.
        func grants(_ required: Privilege) -> Bool {
            owner == required.owner && targetDomain == required.targetDomain && type == required.type
                && (targetId == "*" || targetId == required.targetId)
        }
    }

    var value: String
    /// Who the key acts as: what `owner` and `lastModifier` show on what it creates.
    var label: String
    var privileges: [Privilege]
    /// The key's id in the API key API (`GET .../apikeys/{id}`); the sandbox's own two keys have one too.
    var id: String
    var displayName: String
    var description = ""
    var enabled = true
    var createdDate: Int64 = 0
    /// The source a key was made for (`apikey create --source`): the Administration Console's Push source key.
    var resourceId: String?

    func has(_ required: Privilege) -> Bool { privileges.contains { $0.grants(required) } }

    /// The privileges of a key made for one Push source, as the Administration Console grants them when it
    /// creates the source "and an API key with appropriate privileges": edit (push to) and view that source,
    /// view the organization (file containers need it). Nothing on any other source.
    static func pushSourcePrivileges(_ sourceId: String) -> [Privilege] {
        [
            Privilege("SOURCE", "EDIT", targetId: sourceId), Privilege("SOURCE", "VIEW", targetId: sourceId),
            Privilege("ORGANIZATION", "VIEW"),
        ]
    }

    static let administratorLabel = "sandbox-admin@pshell.local"
    static let viewerLabel = "sandbox-viewer@pshell.local"

    /// Every privilege the sandbox checks: sources, providers, identities, fields, API keys, the organization,
    /// and searching (as anyone, and seeing everything).
    static let administratorPrivileges: [Privilege] =
        ["SOURCE", "SECURITY_PROVIDER", "SECURITY_CACHE", "FIELD", "API_KEY"].flatMap { domain in
            ["VIEW", "EDIT", "CREATE"].map { Privilege(domain, $0) }
        } + [Privilege("ORGANIZATION", "VIEW")]
        + ["EXECUTE_QUERY", "IMPERSONATE", "VIEW_ALL_CONTENT"].map(Privilege.search)

    static func administrator(value: String, now: Int64 = 0) -> SandboxAPIKey {
        SandboxAPIKey(
            value: value, label: administratorLabel, privileges: administratorPrivileges,
            displayName: "pshell sandbox administrator",
            createdDate: now)
    }

    static func viewer(value: String, now: Int64 = 0) -> SandboxAPIKey {
        SandboxAPIKey(
            value: value, label: viewerLabel,
            privileges: ["SOURCE", "SECURITY_PROVIDER", "ORGANIZATION"].map { Privilege($0, "VIEW") },
            displayName: "pshell sandbox view-only key", createdDate: now)
    }

    var json: JSON {
        var object: JSON = [
            "value": .string(value), "label": .string(label), "privileges": .array(privileges.map(\.json)),
            "id": .string(id),
            "displayName": .string(displayName), "description": .string(description), "enabled": .bool(enabled),
            "createdDate": .int64(createdDate),
        ]
        if let resourceId { object["resourceId"] = .string(resourceId) }
        return object
    }

    /// The API key API's `ApiKeyResponse`: the value masked but for its last characters, as the platform shows it.
    func model(organization: String, withValue: Bool = false) -> JSON {
        var object: JSON = [
            "id": .string(id), "organizationId": .string(organization), "displayName": .string(displayName),
            "description": .string(description), "enabled": .bool(enabled), "status": enabled ? "ENABLED" : "DISABLED",
            "createdDate": .string(String(createdDate)), "privileges": .array(privileges.map(\.json)),
            "value": .string(
                withValue ? value : String(repeating: "*", count: max(0, value.count - 4)) + value.suffix(4)),
        ]
        if let resourceId { object["resourceId"] = .string(resourceId) }
        return object
    }

    init(
        value: String, label: String, privileges: [Privilege], id: String = Identifiers.base32GUID(),
        displayName: String = "",
        createdDate: Int64 = 0
    ) {
        self.value = value
        self.label = label
        self.privileges = privileges
        self.id = id
        self.displayName = displayName
        self.createdDate = createdDate
    }

    init?(json: JSON) {
        guard let value = json["value"]?.stringValue, let label = json["label"]?.stringValue,
            let privileges = json["privileges"]?.arrayValue
        else { return nil }
        // A key from a state file written before keys had ids gets a new id.
        self.init(
            value: value, label: label, privileges: privileges.compactMap(Privilege.init(json:)),
            id: json["id"]?.stringValue ?? Identifiers.base32GUID(),
            displayName: json["displayName"]?.stringValue ?? label,
            createdDate: json["createdDate"]?.intValue.map(Int64.init) ?? 0)
        description = json["description"]?.stringValue ?? ""
        enabled = json["enabled"]?.boolValue ?? true
        resourceId = json["resourceId"]?.stringValue
        // The administrator key of an older state file gains the privileges added since (fields, API keys).
        if label == Self.administratorLabel { self.privileges = Self.administratorPrivileges }
    }
}
