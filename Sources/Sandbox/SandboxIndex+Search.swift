import CoveoAPI
import Foundation

/// The rows a query reads: one scan of the sources' items in SQLite, the terms matched there, each row handed over
/// with its permissions as text (items that share permissions share a decision) and never its whole body unless an
/// advanced query needs it.
extension SandboxIndex {
    struct SearchRow {
        var source: String
        var documentId: String
        var permissions: String?
        var indexedDate: Int64
        var titleHit: Bool
        var body: String?
    }

    /// Every item of `sources` whose title or `data` holds each of `words` (whole words, case folded:
    /// `SearchWords`); the rows that do not are skipped before anything of them is read.
    func searchRows(
        in sources: [String], words: [String], withBodies: Bool, visit: (SearchRow) -> Void
    ) throws(SandboxFailure) {
        guard !sources.isEmpty else { return }
        let match =
            words.isEmpty
            ? "1" : "pshell_match(json_extract(body, '$.title'), json_extract(body, '$.data'), ?)"
        let sql =
            "SELECT \(match), source, document_id, json_extract(body, '$.permissions'), indexed_date"
            + (withBodies ? ", body" : ", NULL")
            + " FROM items WHERE source IN (" + sources.map { _ in "?" }.joined(separator: ", ") + ")"
        let values: [SQLiteDatabase.Value] =
            (words.isEmpty ? [] : [.text(SearchWords.argument(words))]) + sources.map { .text($0) }
        try stored { () throws(SQLiteError) in
            try database.query(sql, values: values) { row in
                let matched = row.integer(0)
                guard matched > 0 else { return }
                visit(
                    SearchRow(
                        source: row.text(1) ?? "", documentId: row.text(2) ?? "", permissions: row.text(3),
                        indexedDate: row.integer(4), titleHit: matched == 2, body: row.text(5)))
            }
        }
    }
}

/// An advanced query (`aq`, `cq`): field expressions joined by spaces, all of which must hold. `@f==v` (equals),
/// `@f=v` (contains), `@f<>v` or `@f!=v` (differs), `@f<v`, `@f>v`, `@f<=v`, `@f>=v`; a value is a word, a
/// quoted text, or a list `(a, "b c")` of which one must hold.
struct FieldQuery: Sendable {
    struct Term: Sendable {
        var field: String
        var operation: String
        var values: [String]
    }

    var terms: [Term] = []

    static let operations = ["==", "<>", "!=", "<=", ">=", "=", "<", ">"]

    init(_ text: String) throws(SandboxFailure) {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        while !rest.isEmpty {
            guard rest.first == "@" else { throw Self.failure(text, "an expression must start with @field") }
            rest = rest.dropFirst()
            let field = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !field.isEmpty else { throw Self.failure(text, "a field name must follow @") }
            rest = rest.dropFirst(field.count)
            guard let operation = Self.operations.first(where: { rest.hasPrefix($0) }) else {
                throw Self.failure(text, "@\(field) must be followed by an operator (==, =, <>, <, >, <=, >=)")
            }
            rest = rest.dropFirst(operation.count)
            var values: [String] = []
            if rest.first == "(" {
                guard let close = rest.firstIndex(of: ")") else { throw Self.failure(text, "a list never closes") }
                values = rest[rest.index(after: rest.startIndex)..<close].split(separator: ",").map {
                    Self.unquoted($0.trimmingCharacters(in: .whitespaces))
                }
                rest = rest[rest.index(after: close)...]
            } else if rest.first == "\"" {
                let body = rest.dropFirst()
                guard let close = body.firstIndex(of: "\"") else { throw Self.failure(text, "a quote never closes") }
                values = [String(body[..<close])]
                rest = body[body.index(after: close)...]
            } else {
                let word = rest.prefix { !$0.isWhitespace }
                guard !word.isEmpty else { throw Self.failure(text, "@\(field)\(operation) has no value") }
                values = [String(word)]
                rest = rest.dropFirst(word.count)
            }
            terms.append(Term(field: field.lowercased(), operation: operation, values: values))
            rest = rest.drop { $0.isWhitespace }
        }
    }

    private static func unquoted(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    private static func failure(_ text: String, _ why: String) -> SandboxFailure {
        SandboxFailure(400, "InvalidSyntaxException", "The query expression '\(text)' cannot be read: \(why).")
    }

    /// Whether an item's fields (by lower-cased name) satisfy every term.
    func holds(_ fields: (String) -> [String]) -> Bool {
        terms.allSatisfy { term in
            let present = fields(term.field)
            let matches = present.contains { value in term.values.contains { Self.compare(value, term.operation, $0) } }
            return term.operation == "<>" || term.operation == "!=" ? !present.isEmpty && !matches : matches
        }
    }

    private static func compare(_ value: String, _ operation: String, _ wanted: String) -> Bool {
        let (a, b) = (value.lowercased(), wanted.lowercased())
        switch operation {
        case "==", "<>", "!=": return a == b
        case "=": return a.contains(b)
        default:
            if let x = Double(a), let y = Double(b) {
                return operation == "<" ? x < y : operation == ">" ? x > y : operation == "<=" ? x <= y : x >= y
            }
            return operation == "<" ? a < b : operation == ">" ? a > b : operation == "<=" ? a <= b : a >= b
        }
    }
}
