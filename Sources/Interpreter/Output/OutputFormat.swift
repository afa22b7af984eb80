/// How results are printed.
package enum OutputFormat: String, Sendable, CaseIterable {
    /// The format a command prints in: its `-o`, or else the session's (`set output`).
    static func of(_ args: ParsedArguments, session: OutputFormat) -> OutputFormat {
        args.value("output").flatMap(OutputFormat.init(rawValue:)) ?? session
    }

    /// Pretty (and a table for `list`) on a terminal, compact JSON otherwise.
    case auto
    /// Compact JSON, one document per line: for pipes and `jq`.
    case json
    /// Indented JSON, even when piped.
    case pretty
    /// A table's rows as comma-separated values with a header line (RFC 4180); other results as compact JSON.
    case csv
    /// A table's rows as tab-separated values with a header line; other results as compact JSON.
    case tsv
    /// Nothing: the result is still `$last`, errors and warnings still go to standard error. For a script that
    /// only tests (`if get -o none "$name"`) or only acts.
    case none

    /// The forms, as help and errors list them.
    package static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
