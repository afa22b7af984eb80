/// How results are printed.
package enum OutputFormat: String, Sendable, CaseIterable {
    /// Pretty (and a table for `list`) on a terminal, compact JSON otherwise.
    case auto
    /// Compact JSON, one document per line: for pipes and `jq`.
    case json
    /// Indented JSON, even when piped.
    case pretty
}
