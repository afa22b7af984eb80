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
    var visibility: String { model["sourceVisibility"]?.stringValue ?? SourceVisibility.secured.rawValue }

    /// A source's `securityProviderReferences`.
    var providerReferences: [String] {
        get { (model["securityProviderReferences"]?.arrayValue ?? []).compactMap(\.stringValue) }
        set { model["securityProviderReferences"] = .array(newValue.map(JSON.string)) }
    }

    /// A provider's `referencedBy[].id`.
    var referencedBy: [String] { (model["referencedBy"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } }
}

/// Sources or providers in creation order, noting which changed: the state file rewrites those rows alone, so a
/// write costs the same with 5 sources or 5,000.
struct SandboxRecordList: RandomAccessCollection, Sendable {
    private var records: [SandboxRecord]
    /// The ids written or removed since `takeChanged()`.
    private(set) var changed: Set<String> = []

    init(_ records: [SandboxRecord] = []) { self.records = records }

    var startIndex: Int { records.startIndex }
    var endIndex: Int { records.endIndex }

    subscript(position: Int) -> SandboxRecord {
        get { records[position] }
        set {
            records[position] = newValue
            changed.insert(newValue.id)
        }
    }

    mutating func append(_ record: SandboxRecord) {
        records.append(record)
        changed.insert(record.id)
    }

    @discardableResult
    mutating func remove(at position: Int) -> SandboxRecord {
        let removed = records.remove(at: position)
        changed.insert(removed.id)
        return removed
    }

    /// Notes every record as changed: all are written (an import, an upgrade of the state file).
    mutating func touchAll() { changed = Set(records.map(\.id)) }

    /// Hands over the ids changed since the last call, and starts afresh.
    mutating func takeChanged() -> Set<String> {
        defer { changed = [] }
        return changed
    }

    func position(of id: String) -> Int? { records.firstIndex { $0.id == id } }
    func contains(id: String) -> Bool { records.contains { $0.id == id } }
    func record(_ id: String) -> SandboxRecord? { records.first { $0.id == id } }
}
