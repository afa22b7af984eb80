import CoveoAPI

/// A source or a security provider as the sandbox keeps it: its id, fixed when it was made, and its model
/// exactly as `GET` returns it (the platform's fields and whatever the client sent that the platform keeps).
struct SandboxRecord: Sendable, Equatable {
    let id: String
    var model: JSONObject

    init(id: String, model: JSONObject) {
        self.id = id
        self.model = model
    }

    /// A record read back from a state file: an object with a string id, or nothing.
    init?(stored: JSON) {
        guard let model = stored.objectValue, let id = model["id"]?.stringValue, !id.isEmpty else { return nil }
        self.init(id: id, model: model)
    }

    var json: JSON { .object(model) }
    subscript(key: String) -> JSON? {
        get { model[key] }
        set { model[key] = newValue }
    }
    var name: String { model["name"]?.stringValue ?? "" }
    /// A source's visibility (SECURED when unset, as the platform defaults).
    var visibility: String { model["sourceVisibility"]?.stringValue ?? "SECURED" }

    /// A source's `securityProviderReferences`.
    var providerReferences: [String] {
        get { (model["securityProviderReferences"]?.arrayValue ?? []).compactMap(\.stringValue) }
        set { model["securityProviderReferences"] = .array(newValue.map(JSON.string)) }
    }

    /// A provider's `referencedBy[].id`.
    var referencedBy: [String] { (model["referencedBy"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } }
}

extension [SandboxRecord] {
    func position(of id: String) -> Int? { firstIndex { $0.id == id } }
    func contains(id: String) -> Bool { contains { $0.id == id } }
    func record(_ id: String) -> SandboxRecord? { first { $0.id == id } }
}
