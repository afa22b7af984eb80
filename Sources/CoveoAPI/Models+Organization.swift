/// One privilege (`privileges/token`, an API key's `privileges[]`): who grants it, on what, which access.
package struct Privilege: Sendable {
    package let json: JSON

    package init(_ json: JSON) { self.json = json }

    /// PLATFORM, unless said otherwise.
    package var owner: String { json["owner"]?.stringValue ?? "PLATFORM" }
    package var targetDomain: String? { json["targetDomain"]?.stringValue }
    /// VIEW, EDIT, CREATE, ...
    package var type: String? { json["type"]?.stringValue }
    /// `*`: every target of the domain.
    package var targetId: String { json["targetId"]?.stringValue ?? "*" }
}

/// An API key (`GET /rest/organizations/{org}/apikeys`).
package struct APIKeyModel: Sendable {
    package let json: JSON

    package init(_ json: JSON) { self.json = json }

    package var id: String? { json["id"]?.stringValue }
    package var displayName: String? { json["displayName"]?.stringValue }
    /// ENABLED or DISABLED.
    package var status: String? { json["status"]?.stringValue }
    /// The one resource a key made for it is bound to (a Push source's key: its source).
    package var resourceId: String? { json["resourceId"]?.stringValue }
    package var privileges: [Privilege] { (json["privileges"]?.arrayValue ?? []).map(Privilege.init) }
    /// Shown once, in the answer to its creation.
    package var value: String? { json["value"]?.stringValue }
}

/// A field of the index (`GET /rest/organizations/{org}/indexes/page/fields`).
package struct FieldModel: Sendable {
    package let json: JSON

    package init(_ json: JSON) { self.json = json }

    package var name: String? { json["name"]?.stringValue }
    /// STRING, LONG, LONG_64, DOUBLE, DATE, ...
    package var type: String? { json["type"]?.stringValue }
    package var facet: Bool { json["facet"]?.boolValue == true }
    package var multiValueFacet: Bool { json["multiValueFacet"]?.boolValue == true }
    package var sort: Bool { json["sort"]?.boolValue == true }
    /// A standard field, which the organization cannot delete.
    package var system: Bool { json["system"]?.boolValue == true }
}
