import CoveoAPI
import Foundation

/// Results that are tables (`list`, `items`, `logs`, `field list` ...): a table on a terminal, csv or tsv for a
/// spreadsheet, the ids alone for a loop, JSON otherwise.
extension Shell {
    /// Whether the command shows its table rather than JSON: on a terminal, as csv or tsv, or when columns or ids
    /// alone are asked for (then even on a pipe, unless --output json or pretty says otherwise).
    func wantsTable(_ args: ParsedArguments) -> Bool {
        if isHumanOutput(args) || [.csv, .tsv].contains(format(args)) { return true }
        let asked = ["quiet", "columns"].contains { args.declares($0) && args.has($0) }
        return asked && [.auto, .none].contains(format(args))
    }

    /// Prints a table as `--output`, `--columns` and `--quiet` ask.
    /// Cells are a server's text: its controls (a retitle, a clear-screen, U+202E) are shown escaped, in every form.
    func showTable(headers: [String], rows: [[String]], _ args: ParsedArguments, idColumn: Int = 0) throws {
        let rows = rows.map { $0.map(Redaction.visible) }
        if args.declares("quiet"), args.has("quiet") {
            // Each id once (a document has an entry per log line): a loop acts on each once.
            var seen = Set<String>()
            for row in rows {
                let id = idColumn < row.count ? row[idColumn] : ""
                if seen.insert(id).inserted { console.write(id + "\n") }
            }
            return
        }
        let chosen = try columns(headers, args)
        let shownHeaders = chosen.map { headers[$0] }
        let shownRows = rows.map { row in chosen.map { $0 < row.count ? row[$0] : "" } }
        switch format(args) {
        case .csv:
            let lines = ([shownHeaders] + shownRows).map { $0.map(Renderer.csvField).joined(separator: ",") }
            console.write(lines.joined(separator: "\r\n") + "\r\n")
        case .tsv:
            let lines = ([shownHeaders] + shownRows).map { $0.map(Renderer.tsvField).joined(separator: "\t") }
            console.write(lines.joined(separator: "\n") + "\n")
        default:
            console.write(renderer.table(headers: shownHeaders, rows: shownRows) + "\n")
        }
    }

    /// The columns `--columns` names (case does not matter), in its order; all of them without it.
    private func columns(_ headers: [String], _ args: ParsedArguments) throws -> [Int] {
        guard args.declares("columns"), let list = args.value("columns") else { return Array(headers.indices) }
        return try list.split(separator: ",").map { name in
            let wanted = name.trimmingCharacters(in: .whitespaces)
            guard let index = headers.firstIndex(where: { $0.caseInsensitiveCompare(wanted) == .orderedSame }) else {
                throw ShellError.usage(
                    "--columns: no column '\(wanted)'; the columns are \(headers.joined(separator: ", "))")
            }
            return index
        }
    }

}

extension Renderer {
    /// RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A tab or a line break inside a field would break the row: each becomes a space.
    static func tsvField(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0.isNewline ? " " : $0 })
    }
}
