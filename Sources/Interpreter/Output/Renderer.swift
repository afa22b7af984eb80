package import CoveoAPI
import Foundation

/// Turns results into text: JSON (compact, pretty, coloured) and tables.
package struct Renderer: Sendable {
    package var color: Bool
    package var terminal: Bool
    /// The terminal's columns: tables are fitted to them and long lines of prose wrapped at a word. Nil (not a
    /// terminal): text as it is, for programs.
    package var width: Int?

    /// As a console asks: colour where it takes colour, a terminal's width.
    init(console: any Console) {
        self.init(
            color: console.usesColor, terminal: console.isTerminal, width: console.isTerminal ? console.width : nil)
    }

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
        case .none: return ""
        case .pretty: return JSONWriter.pretty(value, palette: color ? Self.palette : nil)
        case .auto:
            return terminal ? JSONWriter.pretty(value, palette: color ? Self.palette : nil) : JSONWriter.compact(value)
        }
    }

    /// A plain text table; the header is bold on a colour terminal. No trailing spaces. Cells hold a server's
    /// text: their controls are shown escaped. On a terminal too narrow for it, the widest columns are cut (`…`)
    /// until each line fits, but never an id's: an id cut short could not be pasted.
    package func table(headers: [String], rows: [[String]], keeping kept: Set<Int> = []) -> String {
        let rows = rows.map { $0.map(Redaction.visible) }
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
        }
        if let width {
            // An id's column is kept whole: its header names an id, or each of its cells (but `-`, none) is one word
            // of 12 characters or more.
            let keeps = headers.indices.map { i in
                let values = rows.compactMap { i < $0.count ? $0[i] : nil }.filter { !$0.isEmpty && $0 != "-" }
                return kept.contains(i) || headers[i].uppercased().split(separator: " ").contains("ID")
                    || (!values.isEmpty && values.allSatisfy { $0.count >= 12 && !$0.contains(" ") })
            }
            let fitted = Self.fit(widths, keeping: keeps, into: width)
            // Cut below 10 characters, a column says too little to tell its rows apart (`My Secu…`, `My Shar…`):
            // one record per block then, every value whole, as psql's `\x auto` does.
            if widths.indices.contains(where: { fitted[$0] < min(widths[$0], 10) }) {
                return records(headers: headers, rows: rows, width: width)
            }
            widths = fitted
        }
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

    /// Each row as a block of `HEADER  value` lines, a blank line between blocks; a long value wraps under itself.
    private func records(headers: [String], rows: [[String]], width: Int) -> String {
        let labelWidth = headers.map(\.count).max() ?? 0
        let blocks = rows.map { row in
            headers.indices.map { i in
                let label = headers[i] + String(repeating: " ", count: labelWidth - headers[i].count)
                let value = i < row.count ? row[i] : ""
                let line = Self.wrapLines(label + "  " + value, width: width)
                return color ? "\u{1B}[1m" + label + "\u{1B}[0m" + line.dropFirst(label.count) : line
            }.joined(separator: "\n")
        }
        return blocks.joined(separator: "\n\n")
    }

    /// Column widths that fit `width` (two spaces between columns): the widest columns are lowered to one cap,
    /// the highest that fits, but none below 6 (a header too is cut, rather than the line wrap), and those kept not
    /// at all. Widths that cannot fit even so are the minimums: the lines then wrap.
    static func fit(_ natural: [Int], keeping keeps: [Bool], into width: Int) -> [Int] {
        let available = width - 2 * max(natural.count - 1, 0)
        guard natural.reduce(0, +) > available else { return natural }
        let minimum = natural.indices.map { i in keeps[i] ? natural[i] : min(natural[i], 6) }
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

    /// Prose written with line breaks of its own, as one paragraph per blank-line-separated block, wrapped to the
    /// terminal: the breaks are joined first, so that the lines are not cut twice. A block with an indented line or
    /// a list item is kept as it is, only wrapped.
    package func reflowed(_ text: String) -> String {
        guard width != nil else { return text }
        let blocks = text.components(separatedBy: "\n\n").map { block -> String in
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
            let prose = lines.allSatisfy { !$0.hasPrefix(" ") && !$0.hasPrefix("-") && !$0.hasPrefix("\t") }
            return prose ? lines.joined(separator: " ") : block
        }
        return wrapped(blocks.joined(separator: "\n\n"))
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
        // A label (`operation: `, `error: `): continuations go under what follows it.
        if let colon = characters.dropFirst(indentation).prefix(while: { $0 != " " }).lastIndex(of: ":"),
            colon + 1 < characters.count, characters[colon + 1] == " ",
            visibleCount(String(characters[..<(colon + 2)])) <= width * 2 / 3
        {
            // In columns on the screen: a style's escape sequence before the label takes none.
            hanging = visibleCount(String(characters[..<(colon + 2)]))
        }
        // The second column: after the first run of two or more spaces that follows text.
        var index = indentation
        while index < characters.count - 1 {
            if characters[index] == " ", characters[index + 1] == " ", index > indentation {
                var end = index
                while end < characters.count, characters[end] == " " { end += 1 }
                let column = visibleCount(String(characters[..<end]))
                if column <= width * 2 / 3 { hanging = max(hanging, column) }
                break
            }
            index += 1
        }
        var lines: [String] = []
        var current = String(repeating: " ", count: indentation)
        var started = false
        for word in Self.units(characters.dropFirst(indentation), fitting: width - hanging) {
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

    /// The words of a line, a command in backticks kept whole (`pshell --profile FILE` pasted from a broken line
    /// would lose its FILE) when it fits the width.
    private static func units(_ characters: ArraySlice<Character>, fitting width: Int) -> [String] {
        var units: [String] = []
        var open: [String] = []
        let words: [String] = characters.split(separator: " ", omittingEmptySubsequences: false).map { String($0) }
        for word in words {
            let ticks = word.reduce(0) { $1 == "`" ? $0 + 1 : $0 }
            if open.isEmpty {
                if ticks % 2 == 1 { open = [word] } else { units.append(word) }
                continue
            }
            open.append(word)
            guard ticks % 2 == 1 else { continue }
            let whole = open.joined(separator: " ")
            if visibleCount(whole) <= width { units.append(whole) } else { units.append(contentsOf: open) }
            open = []
        }
        return units + open
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
