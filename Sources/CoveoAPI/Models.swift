/// A field of an API answer that is missing or of another type than the documentation says: named, with
/// what was found, so that a platform change reads as one line instead of an empty column.
package struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    package var model: String
    package var field: String
    package var problem: String

    package init(model: String, field: String, problem: String) {
        self.model = model
        self.field = field
        self.problem = problem
    }

    package var description: String { "the \(model)'s \(field) \(problem)" }
}

/// A typed view over an object of the API that keeps the object whole: a model read with GET goes back in a PUT
/// with every member it came with, in order, whether pshell knows it or not. The fields the view names are
/// checked once, when it is made.
package protocol JSONModel: Sendable {
    /// What the model is called in an error ("source model", "license").
    static var modelName: String { get }
    /// The object as the API sent it, with any change made through the view.
    var json: JSONObject { get }
    init(checking json: JSONObject) throws(ModelError)
}

extension JSONModel {
    /// The view over a JSON value, which must be an object.
    package init(_ value: JSON) throws(ModelError) {
        guard case .object(let object) = value else {
            throw ModelError(model: Self.modelName, field: "answer", problem: "is \(value.kindName), not an object")
        }
        try self.init(checking: object)
    }

    /// A value that must be there, of the right kind (`read` is `\.stringValue`, `\.intValue` ...).
    static func required<Value>(
        _ json: JSONObject, _ path: String, _ kind: String, _ read: (JSON) -> Value?
    ) throws(ModelError) -> Value {
        guard let value = json.value(at: path) else {
            throw ModelError(model: modelName, field: path, problem: "is missing")
        }
        guard let typed = read(value) else {
            throw ModelError(model: modelName, field: path, problem: "is \(value.kindName), not \(kind)")
        }
        return typed
    }

    /// A value that may be absent (or null), but is of the right kind when it is there.
    static func optional<Value>(
        _ json: JSONObject, _ path: String, _ kind: String, _ read: (JSON) -> Value?
    ) throws(ModelError) -> Value? {
        guard let value = json.value(at: path), value != .null else { return nil }
        guard let typed = read(value) else {
            throw ModelError(model: modelName, field: path, problem: "is \(value.kindName), not \(kind)")
        }
        return typed
    }

    /// An array of strings that may be absent.
    static func strings(_ json: JSONObject, _ path: String) throws(ModelError) -> [String] {
        let list = try optional(json, path, "an array of strings") { value -> [String]? in
            guard let array = value.arrayValue else { return nil }
            let strings = array.compactMap(\.stringValue)
            return strings.count == array.count ? strings : nil
        }
        return list ?? []
    }
}

extension JSONObject {
    /// The value at a dotted path (`information.sourceStatus.type`).
    func value(at path: String) -> JSON? {
        JSON.object(self).value(at: path.split(separator: ".").map(String.init))
    }
}

/// A source (`GET /rest/organizations/{org}/sources/{id}`, and each of `sources/pages`' `sourceModels`).
package struct SourceModel: JSONModel {
    package static let modelName = "source model"
    package private(set) var json: JSONObject
    package let id: String
    package let name: String
    /// SECURED, SHARED or PRIVATE; absent in a body that lets the platform choose.
    package let visibility: String?
    package private(set) var providerReferences: [String]
    /// `information.sourceStatus.type`: IDLE, REBUILD, ...
    package let status: String?
    package let numberOfDocuments: JSON?
    /// PUSH, CATALOG, ...; and whether the Stream API loads it (a Catalog source created so).
    package let sourceType: String?
    package let streamEnabled: Bool

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        id = try Self.required(json, "id", "a string", \.stringValue)
        name = try Self.required(json, "name", "a string", \.stringValue)
        visibility = try Self.optional(json, "sourceVisibility", "a string", \.stringValue)
        providerReferences = try Self.strings(json, "securityProviderReferences")
        status = try Self.optional(json, "information.sourceStatus.type", "a string", \.stringValue)
        numberOfDocuments = json.value(at: "information.numberOfDocuments")
        sourceType = try Self.optional(json, "sourceType", "a string", \.stringValue)
        streamEnabled = try Self.optional(json, "streamEnabled", "true or false", \.boolValue) ?? false
    }

    /// The same model referencing these providers (what goes back in the PUT).
    package func referencing(_ providers: [String]) -> SourceModel {
        var copy = self
        copy.providerReferences = providers
        copy.json["securityProviderReferences"] = .array(providers.map(JSON.string))
        return copy
    }
}

/// A security identity provider (`GET /rest/organizations/{org}/securityproviders[/{id}]`).
package struct SecurityProvider: JSONModel {
    package static let modelName = "security provider"
    package let json: JSONObject
    package let id: String
    package let type: String?
    package let displayName: String?
    /// The ids of the sources that reference it (`referencedBy[].id`).
    package let referencedBy: [String]
    /// The providers it cascades to (`cascadingSecurityProviders`, an object of `{id, type}` by key).
    package let cascades: [String]

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        id = try Self.required(json, "id", "a string", \.stringValue)
        type = try Self.optional(json, "type", "a string", \.stringValue)
        displayName = try Self.optional(json, "displayName", "a string", \.stringValue)
        let references = try Self.optional(json, "referencedBy", "an array", \.arrayValue) ?? []
        referencedBy = references.compactMap { $0["id"]?.stringValue }
        let cascading = try Self.optional(json, "cascadingSecurityProviders", "an object", \.objectValue)
        cascades = (cascading?.members ?? []).map { $0.value["id"]?.stringValue ?? $0.key }
    }
}

/// The organization's license (`GET /rest/organizations/{org}/license`): what `create` checks first.
package struct LicenseModel: JSONModel {
    package static let modelName = "license"
    package let json: JSONObject
    package let expired: Bool
    package let expirationDate: Int64?
    /// Every connector the license lists: its type (`PUSH`, `CATALOG`, ...), whether it is allowed, and with which
    /// visibilities.
    package let connectors: [(type: String, allowed: Bool, visibilities: [String])]

    /// The connector of a source type, or nil when the license does not list it.
    package func connector(_ type: String) -> (allowed: Bool, visibilities: [String])? {
        connectors.first { $0.type == type }.map { ($0.allowed, $0.visibilities) }
    }

    /// `connectors[type == PUSH]`: whether Push sources are allowed, and with which visibilities.
    package var pushAllowed: Bool { connector("PUSH")?.allowed ?? false }
    package var pushVisibilities: [String] { connector("PUSH")?.visibilities ?? [] }

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
        let listed = try Self.optional(json, "connectors", "an array", \.arrayValue) ?? []
        var connectors: [(type: String, allowed: Bool, visibilities: [String])] = []
        for connector in listed {
            guard let object = connector.objectValue, let type = object["type"]?.stringValue else { continue }
            connectors.append(
                (type, object["allowed"]?.boolValue == true, try Self.strings(object, "sourceVisibilities")))
        }
        self.connectors = connectors
        expired = try Self.optional(json, "expirationStatus", "a string", \.stringValue) == "EXPIRED"
        expirationDate = try Self.optional(json, "expirationDate", "a number", \.intValue).map(Int64.init)
    }
}

/// The organization's limits (`GET /rest/organizations/{org}/limits`): `content.NAME.{limit, actualCount}`.
package struct LimitsModel: JSONModel {
    package static let modelName = "limits"
    package let json: JSONObject

    package init(checking json: JSONObject) throws(ModelError) {
        self.json = json
    }

    /// `(actualCount, limit)` of a limit, or `nil` when the organization has no such limit.
    package func usage(_ name: String) throws(ModelError) -> (count: Int, limit: Int)? {
        let path = json.value(at: "content.\(name)") == nil ? name : "content.\(name)"
        guard let limit = try Self.optional(json, path + ".limit", "a number", \.intValue) else { return nil }
        return (try Self.optional(json, path + ".actualCount", "a number", \.intValue) ?? 0, limit)
    }
}
