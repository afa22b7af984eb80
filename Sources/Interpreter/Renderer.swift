package import CoveoAPI

/// Turns results into text: JSON (compact, pretty, coloured) and tables.
package struct Renderer: Sendable {
    package var color: Bool
    package var terminal: Bool
    /// The terminal's columns: tables are fitted to them and long lines of prose wrapped at a word. Nil (not a
    /// terminal): text as it is, for programs.
    package var width: Int?

    package init(color: Bool, terminal: Bool, width: Int? = nil) {
        self.color = color
        self.terminal = terminal
        self.width = width
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
    /// text: their controls are shown escaped. On a terminal too narrow for it, the widest columns are cut (`…`)
    /// until each line fits, but never an id's: an id cut short could not be pasted.
    package func table(headers: [String], rows: [[String]]) -> String {
        let rows = rows.map { $0.map(Redaction.visible) }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        if let width { widths = Self.fit(widths, headers: headers, into: width) }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (i, cell) in cells.enumerated() {
                let shown = i < widths.count && cell.count > widths[i] ? cell.prefix(widths[i] - 1) + "…" : cell
                if i == cells.count - 1 {
                    text += shown
                } else {
                    text += shown + String(repeating: " ", count: max(widths[i] - shown.count, 0) + 2)
                }
            }
            return text
        }
        var lines = [color ? "\u{1B}[1m" + line(headers) + "\u{1B}[0m" : line(headers)]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// Column widths that fit `width` (two spaces between columns): the widest columns are lowered to one cap,
    /// the highest that fits, but none below its minimum (its header up to 12, at least 6) and an id's not at all.
    /// Widths that cannot fit even so are the minimums: the lines then wrap.
    static func fit(_ natural: [Int], headers: [String], into width: Int) -> [Int] {
        let available = width - 2 * max(natural.count - 1, 0)
        guard natural.reduce(0, +) > available else { return natural }
        let keeps = headers.map { $0.uppercased().split(separator: " ").contains("ID") }
        let minimum = natural.indices.map { i in
            keeps[i] ? natural[i] : min(natural[i], max(6, min(headers[i].count, 12)))
        }
        func widths(capped cap: Int) -> [Int] {
            natural.indices.map { keeps[$0] ? natural[$0] : max(minimum[$0], min(natural[$0], cap)) }
        }
        var low = 0
        var high = natural.max() ?? 0
        while low < high {
            let cap = (low + high + 1) / 2
            if widths(capped: cap).reduce(0, +) <= available { low = cap } else { high = cap - 1 }
        }
        return widths(capped: low)
    }

    /// Text with each line longer than the terminal wrapped at a space; a continuation starts under the line's
    /// second column (the text after a label and two spaces, as in `usage:     ...` or `  --name VALUE  help`), or
    /// else under its indentation. Escapes (bold) take no columns.
    package func wrapped(_ text: String) -> String {
        guard let width else { return text }
        return Self.wrapLines(text, width: width)
    }

    /// Each line of `text` wrapped as `wrap` wraps one.
    package static func wrapLines(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { wrap(String($0), width: width) }
            .joined(separator: "\n")
    }

    package static func wrap(_ line: String, width: Int) -> String {
        guard visibleCount(line) > width else { return line }
        let characters = Array(line)
        let indentation = characters.prefix { $0 == " " }.count
        var hanging = indentation
        // The second column: after the first run of two or more spaces that follows text.
        var index = indentation
        while index < characters.count - 1 {
            if characters[index] == " ", characters[index + 1] == " ", index > indentation {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                if end <= width * 2 / 3 { hanging = end }
                break
            }
            index += 1
        }
        var lines: [String] = []
        var current = String(repeating: " ", count: indentation)
        var started = false
        for word in characters.dropFirst(indentation).split(separator: " ", omittingEmptySubsequences: false) {
            let candidate = started ? current + " " + String(word) : current + String(word)
            started = true
            if visibleCount(candidate) > width, visibleCount(current) > hanging {
                lines.append(current)
                current = String(repeating: " ", count: hanging) + String(word)
            } else {
                current = candidate
            }
        }
        lines.append(current)
        return lines.map { line in
            var trimmed = Substring(line)
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            return String(trimmed)
        }.joined(separator: "\n")
    }

    /// Columns a line takes: its characters, less ANSI escapes.
    static func visibleCount(_ text: String) -> Int {
        var count = 0
        var escaping = false
        for character in text {
            if escaping {
                if character.isLetter { escaping = false }
            } else if character == "\u{1B}" {
                escaping = true
            } else {
                count += 1
            }
        }
        return count
    }

    package func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    package func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    package func red(_ text: String) -> String { color ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    package func yellow(_ text: String) -> String { color ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
}
