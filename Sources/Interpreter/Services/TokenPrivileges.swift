import CoveoAPI

/// A token's privileges (`privileges/token`), read for what the seed asks of it: the Edit access level on
/// Sources creates and edits sources (docs.coveo.com/en/94); providers need SECURITY_PROVIDER CREATE or EDIT.
struct TokenPrivileges {
    let held: [Privilege]

    init(_ privileges: JSON) {
        held = (privileges.arrayValue ?? []).map(Privilege.init)
    }

    /// A PLATFORM privilege on every target (`*`) of `domain`, of one of `types`.
    func holds(_ domain: String, anyOf types: [String]) -> Bool {
        held.contains { p in
            p.owner == "PLATFORM" && p.targetDomain == domain && types.contains(p.type ?? "") && p.targetId == "*"
        }
    }

    var mayCreateSources: Bool { holds("SOURCE", anyOf: ["EDIT"]) }
    var mayCreateProviders: Bool { holds("SECURITY_PROVIDER", anyOf: ["CREATE", "EDIT"]) }
}
