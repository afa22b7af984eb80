import Foundation

/// A script as statements and blocks, parsed whole before anything runs: a block left open or an `end` too many
/// is found before line 1 sends anything.
///
/// Statements end at the end of a line (a line continues while a quote, brace or bracket is open, or after a
/// trailing `\`) and at `;`. Blocks: `if CONDITION` ... [`else if CONDITION` ...] [`else` ...] `end`, and
/// `for NAME in LIST` ... `end`, with `break` and `continue` inside a loop.
package struct Script: Sendable {
    package indirect enum Node: Sendable, Equatable {
        case statement(String, line: Int)
        case conditional([Branch], otherwise: [Node]?, line: Int)
        case loop(variable: String, list: String, body: [Node], line: Int)
        case breakLoop(line: Int)
        case continueLoop(line: Int)
    }

    package struct Branch: Sendable, Equatable {
        package var condition: String
        package var line: Int
        package var body: [Node]
    }

    /// A script that does not parse: the line and what is wrong there.
    package struct ParseError: Error, Equatable, Sendable {
        package var line: Int
        package var message: String

        package init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    package var nodes: [Node]

    /// The words that open, divide, leave or close a block: the parser's, which no command, alias or one-statement
    /// context (an alias, a pipe, watch) may take.
    package static let blockWords: Set<String> = ["if", "else", "for", "end", "break", "continue"]

    /// How deep blocks may nest. Running, checking and freeing a tree recurse once per level: 40,000 levels ran out
    /// of stack (a segfault). Scripts people write nest a handful.
    package static let maximumDepth = 256

    /// A text's lines, ended by "\n" or "\r\n": the latter is one Character to Swift, never equal to "\n", and a
    /// script saved on Windows was one long statement.
    /// A UTF-8 byte order mark before the first line (Windows Notepad writes one) is not part of it.
    /// Split by byte: a line break is always a grapheme of its own, and comparing Characters cost 400 instructions
    /// for each one of a script (a twentieth of what a `get` statement costs).
    package static func lines(_ text: String) -> [Substring] {
        let text = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : text[...]
        let utf8 = text.utf8
        var lines: [Substring] = []
        var start = utf8.startIndex
        while let newline = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
            lines.append(text[start..<end])
            start = utf8.index(after: newline)
        }
        lines.append(text[start...])
        return lines
    }

    /// The statements of a text with the line each starts on: continuation lines joined, `;` separating.
    package static func statements(_ text: String) -> [(text: String, line: Int)] {
        var lines = Self.lines(text).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var result: [(String, Int)] = []
        var index = 0
        while index < lines.count {
            let line = index + 1
            var statement = lines[index]
            index += 1
            if line == 1, statement.hasPrefix("#!") { continue }
            while Tokenizer.needsContinuation(statement), index < lines.count {
                statement += "\n" + lines[index]
                index += 1
            }
            if statement.hasSuffix("\r") { statement.removeLast() }
            result += Tokenizer.splitStatements(statement).map { ($0, line) }
        }
        return result
    }

    /// Parses a whole text into blocks.
    package init(_ text: String) throws(ParseError) {
        var parser = Parser()
        for (statement, line) in Self.statements(text) { try parser.add(statement, line: line) }
        nodes = try parser.finish()
    }

    /// The statement of a loop list written `$(STATEMENT)`, whose printed lines are the items; nil for any other list.
    package static func commandSubstitution(_ list: String) -> String? {
        let trimmed = list.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("$("), trimmed.hasSuffix(")") else { return nil }
        return String(trimmed.dropFirst(2).dropLast())
    }

    /// Whether a statement typed so far goes on to the next line: an open quote, brace or bracket, a trailing `\`,
    /// or a block not yet closed with `end`.
    package static func continues(_ text: String) -> Bool { Tokenizer.needsContinuation(text) || isOpen(text) }

    /// Whether a text typed at the prompt leaves a block open (the REPL then reads another line).
    package static func isOpen(_ text: String) -> Bool {
        var depth = 0
        for (statement, _) in statements(text) {
            switch Parser.keyword(statement).word {
            case "if", "for": depth += 1
            case "end": depth -= 1
            default: break
            }
        }
        return depth > 0
    }
}

/// Builds the tree one statement at a time, with a stack of the blocks still open.
private struct Parser {
    enum Frame {
        case conditional(branches: [Script.Branch], otherwise: [Script.Node]?, line: Int)
        case loop(variable: String, list: String, body: [Script.Node], line: Int)
    }

    var top: [Script.Node] = []
    var open: [Frame] = []
    /// The last statement whose first word is one slip from `if` or `for` (`fore`, `iff`): what an unmatched
    /// `end` most likely closes.
    var slip: (word: String, keyword: String, line: Int)?

    /// ` (line 1: `fore` is not `for`)`, when a slip explains an unmatched `end` or `else`.
    var slipHint: String {
        slip.map { " (line \($0.line): `\($0.word)` is not `\($0.keyword)`)" } ?? ""
    }

    /// The first word of a statement, as written, and the text after it.
    static func keyword(_ statement: String) -> (word: String, rest: String) {
        let trimmed = statement.drop { $0 == " " || $0 == "\t" }
        let word = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\n" }
        // Trimmed by hand: Foundation's trimmingCharacters bridged each line of a script through NSString.
        var rest = trimmed.dropFirst(word.count).drop { $0.isWhitespace }
        while let last = rest.last, last.isWhitespace { rest = rest.dropLast() }
        return (String(word), String(rest))
    }

    mutating func add(_ statement: String, line: Int) throws(Script.ParseError) {
        var (word, rest) = Self.keyword(statement)
        // A block's own line may end in a comment (`end  # of the loop`); a statement's words keep theirs.
        if Script.blockWords.contains(word) {
            rest = Tokenizer.withoutComment(rest).trimmingCharacters(in: .whitespaces)
        }
        if word == "if" || word == "for", open.count >= Script.maximumDepth {
            throw Script.ParseError(
                line: line, message: "blocks nest at most \(Script.maximumDepth) deep; this `\(word)` is one more")
        }
        switch word {
        case "if":
            guard !rest.isEmpty else { throw Script.ParseError(line: line, message: "`if` needs a condition") }
            open.append(
                .conditional(branches: [.init(condition: rest, line: line, body: [])], otherwise: nil, line: line))
        case "else": try addElse(rest, line: line)
        case "for": try openLoop(rest, line: line)
        case "end":
            guard rest.isEmpty || rest.hasPrefix("#") else {
                throw Script.ParseError(line: line, message: "`end` takes nothing after it")
            }
            guard let frame = open.popLast() else {
                throw Script.ParseError(line: line, message: "`end` without an open `if` or `for`" + slipHint)
            }
            append(Self.node(frame))
        case "break", "continue":
            guard open.contains(where: { if case .loop = $0 { true } else { false } }) else {
                throw Script.ParseError(line: line, message: "`\(word)` outside a `for` loop")
            }
            append(word == "break" ? .breakLoop(line: line) : .continueLoop(line: line))
        default:
            if CommandRegistry.resolve(word) == nil,
                let keyword = word == "while"
                    ? "for" : ["if", "for"].first(where: { ParsedArguments.editDistance(word.lowercased(), $0) == 1 })
            {
                slip = (word, keyword, line)
            }
            append(.statement(statement, line: line))
        }
    }

    private mutating func addElse(_ rest: String, line: Int) throws(Script.ParseError) {
        guard case .conditional(var branches, let otherwise, let start) = open.last else {
            throw Script.ParseError(line: line, message: "`else` outside an `if`" + slipHint)
        }
        guard otherwise == nil else {
            throw Script.ParseError(line: line, message: "a second `else` in the `if` of line \(start)")
        }
        let (word, condition) = Self.keyword(rest)
        if word == "if" {
            guard !condition.isEmpty else {
                throw Script.ParseError(line: line, message: "`else if` needs a condition")
            }
            branches.append(.init(condition: condition, line: line, body: []))
            open[open.count - 1] = .conditional(branches: branches, otherwise: nil, line: start)
        } else {
            guard rest.isEmpty else {
                throw Script.ParseError(line: line, message: "`else` takes nothing after it, or `if CONDITION`")
            }
            open[open.count - 1] = .conditional(branches: branches, otherwise: [], line: start)
        }
    }

    private mutating func openLoop(_ rest: String, line: Int) throws(Script.ParseError) {
        let (variable, afterName) = Self.keyword(rest)
        let (word, list) = Self.keyword(afterName)
        guard Tokenizer.isName(variable), word == "in", !list.isEmpty else {
            throw Script.ParseError(line: line, message: "write a loop as `for NAME in LIST`")
        }
        open.append(.loop(variable: variable, list: list, body: [], line: line))
    }

    private mutating func append(_ node: Script.Node) {
        guard let frame = open.popLast() else {
            top.append(node)
            return
        }
        switch frame {
        case .conditional(var branches, var otherwise, let line):
            if otherwise != nil {
                otherwise?.append(node)
            } else {
                branches[branches.count - 1].body.append(node)
            }
            open.append(.conditional(branches: branches, otherwise: otherwise, line: line))
        case .loop(let variable, let list, var body, let line):
            body.append(node)
            open.append(.loop(variable: variable, list: list, body: body, line: line))
        }
    }

    private static func node(_ frame: Frame) -> Script.Node {
        switch frame {
        case .conditional(let branches, let otherwise, let line):
            .conditional(branches, otherwise: otherwise, line: line)
        case .loop(let variable, let list, let body, let line):
            .loop(variable: variable, list: list, body: body, line: line)
        }
    }

    func finish() throws(Script.ParseError) -> [Script.Node] {
        if let frame = open.last {
            let (word, line) =
                switch frame {
                case .conditional(_, _, let line): ("if", line)
                case .loop(_, _, _, let line): ("for", line)
                }
            throw Script.ParseError(line: line, message: "this `\(word)` is never closed by `end`")
        }
        return top
    }
}

extension Script.Node {
    /// The node written back as pshell source, blocks indented: what `record` keeps of a block that ran.
    package var source: String { lines(indent: "").joined(separator: "\n") }

    private func lines(indent: String) -> [String] {
        let inner = indent + "    "
        switch self {
        case .statement(let text, _):
            return [indent + text.trimmingCharacters(in: .whitespaces)]
        case .breakLoop: return [indent + "break"]
        case .continueLoop: return [indent + "continue"]
        case .loop(let variable, let list, let body, _):
            return ["\(indent)for \(variable) in \(list)"] + body.flatMap { $0.lines(indent: inner) } + [indent + "end"]
        case .conditional(let branches, let otherwise, _):
            var result: [String] = []
            for (index, branch) in branches.enumerated() {
                result.append("\(indent)\(index == 0 ? "if" : "else if") \(branch.condition)")
                result += branch.body.flatMap { $0.lines(indent: inner) }
            }
            if let otherwise { result += [indent + "else"] + otherwise.flatMap { $0.lines(indent: inner) } }
            return result + [indent + "end"]
        }
    }
}
