/// One entry of the Stream API's partial item update (`{"partialUpdate": [...]}` in a file container): an operator
/// on one field of an existing item. Read and checked once, alike by pshell (before it sends a file) and the sandbox
/// (when a container arrives).
package struct PartialUpdate: Sendable, Equatable {
    package enum Operator: String, CaseIterable, Sendable {
        case fieldValueReplace, arrayAppend, arrayRemove, dictionaryPut, dictionaryRemove

        package static let names = allCases.map(\.rawValue)
    }

    package var documentId: String
    package var operation: Operator
    package var field: String
    package var value: JSON

    package init(documentId: String, operation: Operator, field: String, value: JSON) {
        self.documentId = documentId
        self.operation = operation
        self.field = field
        self.value = value
    }

    /// The entry `json` describes, or why it is not one (one phrase: "no field", "dictionaryPut takes ...").
    package static func read(_ json: JSON) -> Result<PartialUpdate, Problem> {
        guard let entry = json.objectValue else { return .failure(Problem("a partial update is an object")) }
        guard let documentId = entry["documentId"]?.stringValue, !documentId.isEmpty else {
            return .failure(Problem("no documentId"))
        }
        guard let name = entry["operator"]?.stringValue, let operation = Operator(rawValue: name) else {
            return .failure(Problem("operator must be one of \(Operator.names.joined(separator: ", "))"))
        }
        guard let field = entry["field"]?.stringValue, !field.isEmpty else {
            return .failure(Problem("no field (the name of the field to change)"))
        }
        guard let value = entry["value"] else { return .failure(Problem("no value")) }
        if let unknown = entry.members.map(\.key).first(where: {
            !["documentId", "operator", "field", "value"].contains($0)
        }) {
            return .failure(
                Problem("'\(unknown)' is not part of a partial update (documentId, operator, field, value)"))
        }
        let update = PartialUpdate(documentId: documentId, operation: operation, field: field, value: value)
        if let problem = update.valueProblem { return .failure(Problem(problem)) }
        return .success(update)
    }

    /// What is wrong with the value for the operator, or nil.
    package var valueProblem: String? {
        switch operation {
        case .dictionaryPut:
            return value.objectValue == nil ? "dictionaryPut takes an object of keys and values" : nil
        case .dictionaryRemove:
            let keys = value.arrayValue ?? [value]
            return keys.allSatisfy({ $0.stringValue != nil }) ? nil : "dictionaryRemove takes a key or a list of keys"
        case .fieldValueReplace, .arrayAppend, .arrayRemove:
            return value.objectValue == nil
                ? nil : "\(operation.rawValue) takes a value or a list of values, not an object"
        }
    }

    /// Why an entry is not a partial update.
    package struct Problem: Error, Sendable, Equatable {
        package var message: String
        package init(_ message: String) { self.message = message }
    }
}
