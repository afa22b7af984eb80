import Foundation

/// Splits a statement into words, the way a POSIX shell would, minus the parts pshell has no use for.
///
/// - `#` at the start of a word begins a comment that runs to the end of the line.
/// - `'single quotes'` keep everything literally; `"double quotes"` expand variables and understand
///   `\"`, `\\`, `\$`, `\n`, `\t`; outside quotes a backslash escapes the next character.
/// - `$NAME`, `${NAME}`, `$1`..`$9`, `${env.NAME}`, `$last.a.b` and `${last.a.b}` expand through `resolve`.
package struct Tokenizer {
    /// A reference to a value, as written after `$`.
    package struct Reference: Equatable, Sendable {
        /// `last`, `1`, `env.HOME`, a variable name, ...
        package var name: String
        /// The dotted path after the name, for `last.information.sourceStatus.type`.
        package var path: [String]
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

    package static func tokenize(_ text: String, resolve: Resolver = { ref in "$" + ref.name }) throws -> [String] {
        try withoutActuallyEscaping(resolve) { resolve in
            var scanner = WordScanner(chars: Array(text), resolve: resolve)
            try scanner.scanAll()
            return scanner.words
        }
    }

    /// The state of one split: the characters, where it is, the words so far and the one being built.
    private struct WordScanner {
        let chars: [Character]
        let resolve: Resolver
        var i = 0
        var words: [String] = []
        var current = ""
        var inWord = false

        init(chars: [Character], resolve: @escaping Resolver) {
            self.chars = chars
            self.resolve = resolve
        }

        mutating func scanAll() throws {
            while i < chars.count {
                let c = chars[i]
                switch c {
                case " ", "\t", "\n", "\r":
                    finishWord()
                    i += 1
                case "#" where !inWord:
                    i = chars.count
                case "'": try singleQuoted()
                case "\"": try doubleQuoted()
                case "\\": backslash()
                case "$":
                    inWord = true
                    if try !expandReference() {
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
            while i < chars.count, chars[i] != "'" {
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
                if d == "\"" {
                    i += 1
                    return
                }
                if d == "\\", i + 1 < chars.count {
                    escapeInQuotes(chars[i + 1])
                    i += 2
                } else if d == "$", try expandReference() {
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
            guard let (reference, next) = try parseReference(chars, at: i) else { return false }
            current += try resolve(reference)
            i = next
            return true
        }
    }

    /// Parses the reference starting at the `$` at `index`; `nil` when the `$` is a plain dollar sign.
    private static func parseReference(_ chars: [Character], at index: Int) throws -> (Reference, Int)? {
        var i = index + 1
        guard i < chars.count else { return nil }
        if chars[i] == "{" {
            let start = i
            i += 1
            var body = ""
            while i < chars.count, chars[i] != "}" {
                body.append(chars[i])
                i += 1
            }
            guard i < chars.count else { throw Failure(message: "'${' is not closed by '}'", column: start) }
            let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let first = parts.first, isName(first) || isDigits(first),
                !parts.dropFirst().contains(where: \.isEmpty)
            else {
                throw Failure(message: "'${\(body)}' is not a variable reference", column: start)
            }
            if first == "env" {
                guard parts.count == 2 else {
                    throw Failure(message: "'${\(body)}': write an environment variable as ${env.NAME}", column: start)
                }
                return (Reference(name: "env." + parts[1], path: []), i + 1)
            }
            return (Reference(name: first, path: Array(parts.dropFirst())), i + 1)
        }
        if chars[i].isASCII, chars[i].isNumber {
            return (Reference(name: String(chars[i]), path: []), i + 1)
        }
        guard isNameStart(chars[i]) else { return nil }
        var name = ""
        while i < chars.count, isNameChar(chars[i]) {
            name.append(chars[i])
            i += 1
        }
        var path: [String] = []
        // A dotted path follows only the JSON-holding variable (`$last.id`), so `$name.json` stays a file name.
        if name == "last" {
            while i + 1 < chars.count, chars[i] == ".", isNameChar(chars[i + 1]) {
                i += 1
                var component = ""
                while i < chars.count, isNameChar(chars[i]) {
                    component.append(chars[i])
                    i += 1
                }
                path.append(component)
            }
        }
        return (Reference(name: name, path: path), i)
    }

    static func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isNameChar(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
    static func isName(_ s: String) -> Bool {
        guard let first = s.first, isNameStart(first) else { return false }
        return s.allSatisfy(isNameChar)
    }
    static func isDigits(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy { $0.isASCII && $0.isNumber } }

    /// Whether a statement continues on the next line: it ends with `\`, or leaves a quote, `{` or `[` open.
    /// This is what keeps a pasted multi-line JSON body together.
    package static func needsContinuation(_ text: String) -> Bool {
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
}
