import Foundation

/// Splits a statement into words, the way a POSIX shell would, minus the parts pshell has no use for.
///
/// - `#` at the start of a word begins a comment that runs to the end of the line.
/// - `'single quotes'` keep everything literally; `"double quotes"` expand variables and understand
///   `\"`, `\\`, `\$`, `\n`, `\t`; outside quotes a backslash escapes the next character.
/// - `$NAME`, `${NAME}`, `$1`..`$9`, `$0`, `$#`, `${env.NAME}`, `$last.a.b`, `$last.list[0]`, `$last.list[*].id`,
///   `${NAME.a[1]}`, `${NAME:-default}`, `${NAME:?message}` and `${#NAME}` expand through `resolve`; `$@` expands
///   to the script's arguments as separate words.
package struct Tokenizer {
    /// A reference to a value, as written after `$`.
    package struct Reference: Equatable, Sendable {
        /// `last`, `1`, `#`, `env.HOME`, a variable name, ...
        package var name: String
        /// The path after the name, for `last.information.sourceStatus.type`: keys, indexes (`0`), and `*` for
        /// every element of an array (`[*]`).
        package var path: [String]
        package var modifier: Modifier?

        package init(name: String, path: [String] = [], modifier: Modifier? = nil) {
            self.name = name
            self.path = path
            self.modifier = modifier
        }
    }

    /// What `${...}` asks beyond the value.
    package enum Modifier: Equatable, Sendable {
        /// `${NAME:-text}`: the text when NAME is unset or empty.
        case orDefault(String)
        /// `${NAME:?message}`: stop with the message when NAME is unset or empty.
        case orFail(String)
        /// `${#NAME}`: the number of elements of a JSON array or object, else of characters.
        case count
    }

    /// A statement that cannot be split into words, with the column where it goes wrong.
    package struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        package var message: String
        package var column: Int

        package init(message: String, column: Int) {
            // One line, whatever the input held.
            self.message = message.replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(
                of: "\r", with: "\\r")
            self.column = column
        }

        package var description: String { "column \(column): \(message)" }
    }

    package typealias Resolver = (Reference) throws -> String

    /// Splits `text` into words; `arguments` gives what `$@` expands to.
    package static func tokenize(
        _ text: String, resolve: Resolver = { ref in "$" + ref.name }, arguments: () -> [String] = { [] }
    ) throws -> [String] {
        if let words = plainWords(text) { return words }
        return try withoutActuallyEscaping(resolve) { resolve in
            var scanner = WordScanner(chars: Array(text), resolve: resolve, arguments: arguments())
            try scanner.scanAll()
            return scanner.words
        }
    }

    /// The state of one split: the characters, where it is, the words so far and the one being built.
    private struct WordScanner {
        let chars: [Character]
        let resolve: Resolver
        let arguments: [String]
        var i = 0
        var words: [String] = []
        var current = ""
        var inWord = false

        init(chars: [Character], resolve: @escaping Resolver, arguments: [String]) {
            self.chars = chars
            self.resolve = resolve
            self.arguments = arguments
        }

        mutating func scanAll() throws {
            while i < chars.count {
                let c = chars[i]
                // By the character's ASCII value: a Character compared with a literal is a string comparison, and
                // this loop ran 300 of them for each `get` statement (a twentieth of its cost).
                switch c.asciiValue {
                case ascii(" "), ascii("\t"), ascii("\n"), ascii("\r"):  // "\r\n" is one Character, valued "\n"
                    finishWord()
                    i += 1
                case ascii("#") where !inWord:
                    i = chars.count
                case ascii("'"): try singleQuoted()
                case ascii("\""): try doubleQuoted()
                case ascii("\\"): backslash()
                case ascii("$"):
                    if try !expandReference() {
                        inWord = true
                        current.append("$")
                        i += 1
                    }
                default:
                    inWord = true
                    current.append(c)
                    i += 1
                }
            }
            finishWord()
        }

        mutating func finishWord() {
            if inWord { words.append(current) }
            current = ""
            inWord = false
        }

        /// Everything up to the closing quote, literally.
        mutating func singleQuoted() throws {
            inWord = true
            let start = i
            i += 1
            while i < chars.count, chars[i].asciiValue != ascii("'") {
                current.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw Failure(message: "a single quote is not closed", column: start + 1) }
            i += 1
        }

        /// Up to the closing quote, with escapes and references.
        mutating func doubleQuoted() throws {
            inWord = true
            let start = i
            i += 1
            while i < chars.count {
                let d = chars[i]
                let value = d.asciiValue
                if value == ascii("\"") {
                    i += 1
                    return
                }
                if value == ascii("\\"), i + 1 < chars.count {
                    escapeInQuotes(chars[i + 1])
                    i += 2
                } else if value == ascii("$"), try expandReference() {
                    continue
                } else {
                    current.append(d)
                    i += 1
                }
            }
            throw Failure(message: "a double quote is not closed", column: start + 1)
        }

        mutating func escapeInQuotes(_ e: Character) {
            switch e {
            case "\"", "\\", "$", "`": current.append(e)
            case "n": current.append("\n")
            case "t": current.append("\t")
            case "\n": break  // a continued line inside quotes
            default:
                current.append("\\")
                current.append(e)
            }
        }

        /// Outside quotes a backslash escapes the next character; backslash-newline joins lines.
        mutating func backslash() {
            guard i + 1 < chars.count else {
                i += 1  // a trailing backslash joins lines; the caller has already done that
                return
            }
            if chars[i + 1] != "\n" {
                inWord = true
                current.append(chars[i + 1])
            }
            i += 2
        }

        /// Expands the reference at the `$` at `i`; false when it is a plain dollar sign.
        mutating func expandReference() throws -> Bool {
            if i + 1 < chars.count, chars[i + 1] == "@" {
                expandArguments()
                i += 2
                return true
            }
            guard let (reference, next) = try parseReference(chars, at: i) else { return false }
            current += try resolve(reference)
            inWord = true
            i = next
            return true
        }

        /// `$@`: each argument its own word, as `"$@"` in a POSIX shell; text around it joins the first and
        /// the last.
        mutating func expandArguments() {
            guard !arguments.isEmpty else { return }
            for (index, argument) in arguments.enumerated() {
                if index > 0 {
                    words.append(current)
                    current = ""
                }
                current += argument
            }
            inWord = true
        }
    }

    /// A character's ASCII value, for a `switch` on `Character.asciiValue`.
    static func ascii(_ c: Unicode.Scalar) -> UInt8? { UInt8(ascii: c) }

    static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isNameChar(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
    package static func isName(_ s: String) -> Bool {
        guard let first = s.first, isNameStart(first) else { return false }
        return s.allSatisfy(isNameChar)
    }
    static func isDigits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }

    /// A line's statements: split at each `;` outside quotes, braces, brackets and comments (`\;` is a semicolon).
    package static func splitStatements(_ text: String) -> [String] {
        // No `;` anywhere: the text is one statement, whatever else it holds.
        if !holds(text, [UInt8(ascii: ";")]) { return [text] }
        let statements = split(text, at: ";")
        // `a;` or `; b`: an empty statement is nothing, not an error.
        return statements.count == 1
            ? statements : statements.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// `STATEMENT | COMMAND`: the statement, and the shell command its output goes through (the rest of the line,
    /// itself free to hold pipes); nil when the statement has no `|` outside quotes, braces and comments.
    package static func pipeline(_ statement: String) -> (statement: String, command: String)? {
        guard holds(statement, [UInt8(ascii: "|")]) else { return nil }
        let parts = split(statement, at: "|", limit: 2)
        guard parts.count == 2 else { return nil }
        return (parts[0], parts[1].trimmingCharacters(in: .whitespaces))
    }

    /// What makes `STATEMENT | COMMAND` one that cannot run, said alike by the run and `--check`; nil: it can.
    package static func pipelineProblem(_ statement: String, _ command: String) -> String? {
        if command.hasPrefix("|") {
            return "`||` is not pshell's (there is no 'or' between statements: use if ... else ... end); "
                + "one `|` sends a statement's output through a shell command"
        }
        if command.isEmpty { return "a `|` with no command after it" }
        if statement.trimmingCharacters(in: .whitespaces).isEmpty { return "a `|` with no statement before it" }
        let first = statement.drop { $0 == " " || $0 == "\t" }.prefix { !$0.isWhitespace }
        if first == "watch" || first == "\\watch" {
            return "watch redraws the screen until Ctrl-C: its output cannot go through a `|`"
        }
        return nil
    }

    /// The text split at each `separator` outside quotes, braces, brackets and comments (a backslash escapes it),
    /// into at most `limit` parts (the last keeps the rest as it is).
    static func split(_ text: String, at separator: Character, limit: Int = .max) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        var escaped = false
        var inComment = false
        var previous: Character = " "
        var index = text.startIndex
        while index < text.endIndex {
            let c = text[index]
            index = text.index(after: index)
            defer { previous = c }
            if inComment || escaped {
                if c == "\n" { inComment = false }
                escaped = false
                current.append(c)
                continue
            }
            if let q = quote {
                if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
                current.append(c)
                continue
            }
            switch c {
            case "\\": escaped = true
            case "'", "\"": quote = c
            case "#" where previous == " " || previous == "\t" || previous == "\n": inComment = true
            // `$(...)` nests as braces do: a `|` or `;` inside belongs to the command it substitutes.
            case "{", "[", "(": depth += 1
            case "}", "]", ")": depth -= 1
            case separator where depth <= 0:
                parts.append(current)
                current = ""
                if parts.count == limit - 1 {
                    parts.append(String(text[index...]))
                    return parts
                }
                continue
            default: break
            }
            current.append(c)
        }
        parts.append(current)
        return parts
    }

    /// A word as a statement must spell it to be read back as this word: as is when plain, else in single quotes.
    /// Every hint that names a source, a file or an id goes through this, so it works when pasted.
    package static func quote(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./@:+=,".contains($0) }
        return plain && !word.isEmpty ? word : HTTPText.singleQuoted(word)
    }

    /// The text before a comment (`#` at the start of a word, outside quotes).
    package static func withoutComment(_ text: String) -> String {
        var quote: Character?
        var escaped = false
        var previous: Character = " "
        for index in text.indices {
            let c = text[index]
            defer { previous = c }
            if escaped {
                escaped = false
            } else if let q = quote {
                if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
            } else if c == "\\" {
                escaped = true
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#", previous == " " || previous == "\t" {
                return String(text[..<index])
            }
        }
        return text
    }

    /// Whether a statement continues on the next line: it ends with `\`, or leaves a quote, `{` or `[` open.
    /// This is what keeps a pasted multi-line JSON body together.
    package static func needsContinuation(_ text: String) -> Bool {
        // Only a backslash, a quote or an opening brace or bracket can carry a statement to the next line.
        if !holds(text, Array(#"\'"{["#.utf8)) { return false }
        var depth = 0
        var quote: Character?
        var escaped = false
        var sawComment = false
        var previous: Character = " "
        for c in text {
            defer { previous = c }
            if sawComment {
                if c == "\n" { sawComment = false }
                continue
            }
            if escaped {
                escaped = false
                continue
            }
            if let q = quote {
                if c == "\\" && q == "\"" { escaped = true } else if c == q { quote = nil }
                continue
            }
            switch c {
            case "\\": escaped = true
            case "'", "\"": quote = c
            case "#" where previous == " " || previous == "\t" || previous == "\n": sawComment = true
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            default: break
            }
        }
        if escaped { return true }
        if quote != nil { return true }
        return depth > 0
    }

    /// Whether `text` holds any of these ASCII bytes (a multi-byte character never holds one: UTF-8 keeps ASCII
    /// bytes for ASCII characters).
    static func holds(_ text: String, _ bytes: [UInt8]) -> Bool {
        // A mask of the ASCII bytes sought, each of the text's bytes tested against it: three of these run on every
        // statement (continuation, `;`, `|`), and a search of the list for each byte cost more than the statement.
        var low: UInt64 = 0
        var high: UInt64 = 0
        for byte in bytes where byte < 128 {
            if byte < 64 { low |= 1 << byte } else { high |= 1 << (byte - 64) }
        }
        var text = text
        return text.withUTF8 { buffer in
            buffer.contains { byte in
                byte < 64 ? low & (1 << byte) != 0 : byte < 128 && high & (1 << (byte - 64)) != 0
            }
        }
    }
}
