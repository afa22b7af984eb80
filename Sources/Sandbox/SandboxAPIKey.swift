import CoveoAPI

/// An API key the sandbox accepts, with the privileges it grants (Coveo's `{owner, targetDomain, type, targetId}`).
struct SandboxAPIKey: Sendable, Equatable {
    struct Privilege: Sendable, Equatable {
        var owner = "PLATFORM"
        var targetDomain: String
        var type: String
        var targetId = "*"

        var json: JSON {
            ["owner": .string(owner), "targetDomain": .string(targetDomain), "type": .string(type), "targetId": .string(targetId)]
        }

        init(_ targetDomain: String, _ type: String, targetId: String = "*") {
            self.targetDomain = targetDomain
            self.type = type
            self.targetId = targetId
        }

        init?(json: JSON) {
            guard let domain = json["targetDomain"]?.stringValue, let type = json["type"]?.stringValue else { return nil }
            self.owner = json["owner"]?.stringValue ?? "PLATFORM"
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

    func has(_ required: Privilege) -> Bool { privileges.contains { $0.grants(required) } }

    static func administrator(value: String) -> SandboxAPIKey {
        let all = ["SOURCE", "SECURITY_PROVIDER", "SECURITY_CACHE"].flatMap { domain in
            ["VIEW", "EDIT", "CREATE"].map { Privilege(domain, $0) }
        }
        return SandboxAPIKey(
            value: value, label: "sandbox-admin@pshell.local", privileges: all + [Privilege("ORGANIZATION", "VIEW")])
    }

    static func viewer(value: String) -> SandboxAPIKey {
        SandboxAPIKey(
            value: value, label: "sandbox-viewer@pshell.local",
            privileges: ["SOURCE", "SECURITY_PROVIDER", "ORGANIZATION"].map { Privilege($0, "VIEW") })
    }

    var json: JSON {
        ["value": .string(value), "label": .string(label), "privileges": .array(privileges.map(\.json))]
    }

    init(value: String, label: String, privileges: [Privilege]) {
        self.value = value
        self.label = label
        self.privileges = privileges
    }

    init?(json: JSON) {
        guard let value = json["value"]?.stringValue, let label = json["label"]?.stringValue,
            let privileges = json["privileges"]?.arrayValue
        else { return nil }
        self.init(value: value, label: label, privileges: privileges.compactMap(Privilege.init(json:)))
    }
}
