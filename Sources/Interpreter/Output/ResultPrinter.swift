import CoveoAPI
import Foundation

/// The one place a command's result becomes text: JSON, a line for people, or a table (on a terminal; csv or tsv for a
/// spreadsheet; the ids alone for a loop), as `-o`, `--columns`, `-q` and the terminal ask.
struct ResultPrinter {
    let console: any Console
    /// The session's format (`set output`), which `-o` overrides.
    let output: OutputFormat
    /// A dry run's writes were answered by stand-ins: a summary says what would have been done.
    let dryRun: Bool

    var renderer: Renderer { Renderer(console: console) }

    /// What printing a result leaves: what `$last` becomes (nil: it stays), and a failure to report after it.
    struct Printed {
        var last: JSON?
        var failure: ShellError?
    }

    func print(_ result: CommandResult, _ args: ParsedArguments) -> Printed {
        switch result {
        case .nothing:
            return Printed()
        case .value(let value):
            self.value(value, args)
            return Printed(last: value)
        case .kept(let value):
            return Printed(last: value)
        case .summary(let json, let prose):
            summary(json, args, prose)
            return Printed(last: json)
        case .table(let json, let table):
            do {
                try self.table(json, table, args)
                return Printed(last: json)
            } catch {
                return Printed(last: json, failure: ShellError.from(error))
            }
        case .followed(let result, let note, let failure):
            var printed = print(result, args)
            if printed.failure == nil, let note, isHumanOutput(args) { console.diagnose(.note, note) }
            printed.failure = printed.failure ?? failure
            return printed
        }
    }

    /// A value: coloured, indented JSON on a terminal, compact JSON otherwise.
    func value(_ value: JSON, _ args: ParsedArguments) {
        console.write(renderer.json(value, format: format(args)) + "\n")
    }

    /// What a command did: a line for people, or with `--output json|pretty` (the option's or the session's) the
    /// same as JSON.
    func summary(_ summary: JSON, _ args: ParsedArguments, _ prose: String) {
        let format = format(args)
        var prose = prose
        if dryRun, !prose.hasPrefix("dry run") {
            prose =
                prose.hasPrefix("accepted: ")
                ? "dry run: would " + prose.dropFirst(10) : "dry run (nothing sent): " + prose
        }
        // Prose wraps at a word on a terminal (a rate cut as `items/` and `s)` read badly); JSON is never wrapped.
        console.write((format == .auto ? renderer.wrapped(prose) : renderer.json(summary, format: format)) + "\n")
    }

    func format(_ args: ParsedArguments) -> OutputFormat {
        OutputFormat.of(args, session: output)
    }

    /// Whether output is for a person: a terminal, and no explicit JSON format.
    func isHumanOutput(_ args: ParsedArguments) -> Bool {
        format(args) == .auto && console.isTerminal
    }

    private func table(_ json: JSON, _ table: Table, _ args: ParsedArguments) throws {
        guard wantsTable(args) else { return value(json, args) }
        // `-q` prints ids and nothing else: a loop reads every line it prints.
        let human = isHumanOutput(args) && !(args.declares("quiet") && args.has("quiet"))
        if table.rows.isEmpty, human, let empty = table.empty {
            return console.write(renderer.wrapped(empty) + "\n")
        }
        try showTable(headers: table.headers, rows: table.rows, args, idColumn: table.idColumn)
        if human, let note = table.note { console.write(renderer.dim(renderer.wrapped(note)) + "\n") }
    }

    /// Whether the command shows its table rather than JSON: on a terminal, as csv or tsv, or when columns or ids
    /// alone are asked for (then even on a pipe, unless --output json or pretty says otherwise).
    private func wantsTable(_ args: ParsedArguments) -> Bool {
        if isHumanOutput(args) || [.csv, .tsv].contains(format(args)) { return true }
        let asked = ["quiet", "columns"].contains { args.declares($0) && args.has($0) }
        return asked && [.auto, .none].contains(format(args))
    }

    /// Prints a table as `--output`, `--columns` and `--quiet` ask.
    /// Cells are a server's text: its controls (a retitle, a clear-screen, U+202E) are shown escaped, in every form.
    private func showTable(headers: [String], rows: [[String]], _ args: ParsedArguments, idColumn: Int = 0) throws {
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
            // The column of ids `-q` prints is kept whole, whatever its header (logs' DOCUMENT).
            let kept = Set(chosen.indices.filter { chosen[$0] == idColumn })
            console.write(renderer.table(headers: shownHeaders, rows: shownRows, keeping: kept) + "\n")
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
