package import CoveoAPI

/// Turns results into text: JSON (compact, pretty, coloured) and tables.
package struct Renderer: Sendable {
    package var color: Bool
    package var terminal: Bool

    package init(color: Bool, terminal: Bool) {
        self.color = color
        self.terminal = terminal
    }

    static let palette = JSONWriter.Palette(
        key: ("\u{1B}[34m", "\u{1B}[0m"), string: ("\u{1B}[32m", "\u{1B}[0m"), number: ("\u{1B}[36m", "\u{1B}[0m"),
        literal: ("\u{1B}[35m", "\u{1B}[0m"))

    package func json(_ value: JSON, format: OutputFormat) -> String {
        switch format {
        case .json, .csv, .tsv: return JSONWriter.compact(value)
        case .pretty: return JSONWriter.pretty(value, palette: color ? Self.palette : nil)
        case .auto:
            return terminal ? JSONWriter.pretty(value, palette: color ? Self.palette : nil) : JSONWriter.compact(value)
        }
    }

    /// A plain text table; the header is bold on a colour terminal. No trailing spaces. Cells hold a server's
    /// text: their controls are shown escaped.
    package func table(headers: [String], rows: [[String]]) -> String {
        let rows = rows.map { $0.map(Redaction.visible) }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 {
                    text += cell
                } else {
                    text += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            return text
        }
        var lines = [color ? "\u{1B}[1m" + line(headers) + "\u{1B}[0m" : line(headers)]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    package func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    package func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    package func red(_ text: String) -> String { color ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    package func yellow(_ text: String) -> String { color ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
}
