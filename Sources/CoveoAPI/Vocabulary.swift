/// Words of Coveo's APIs that the client, the sandbox and the interpreter share, spelt once
/// (coveo-source.yml's `sourceVisibility`, coveo-field.yml's field `type`).

/// Who may see a source's items: everyone (SHARED), its permissions (PRIVATE), or each item's own (SECURED).
package enum SourceVisibility: String, CaseIterable, Sendable {
    case `private` = "PRIVATE"
    case secured = "SECURED"
    case shared = "SHARED"

    package static let names = allCases.map(\.rawValue)
}

/// An index field's type.
package enum FieldType: String, CaseIterable, Sendable {
    case string = "STRING"
    case long = "LONG"
    case long64 = "LONG_64"
    case double = "DOUBLE"
    case date = "DATE"
    /// Embeddings: not one a Push source's metadata creates.
    case vector = "VECTOR"

    /// The types `field create` offers and metadata may need.
    package static let forMetadata: [FieldType] = [.string, .long, .long64, .double, .date]
    /// Narrowest first: a value that fits LONG fits the others, and so on.
    package static let numeric: [FieldType] = [.long, .long64, .double]
}
