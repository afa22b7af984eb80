import Foundation

/// How the tokenizer reads what follows a `$`.
extension Tokenizer {
    /// Parses the reference starting at the `$` at `index`; `nil` when the `$` is a plain dollar sign.
    static func parseReference(_ chars: [Character], at index: Int) throws -> (Reference, Int)? {
        let i = index + 1
        guard i < chars.count else { return nil }
        if chars[i] == "{" { return try parseBraced(chars, at: i) }
        if chars[i] == "#" { return (Reference(name: "#"), i + 1) }
        if chars[i].isASCII, chars[i].isNumber { return (Reference(name: String(chars[i])), i + 1) }
        guard isNameStart(chars[i]) else { return nil }
        var end = i
        while end < chars.count, isNameChar(chars[end]) { end += 1 }
        let name = String(chars[i..<end])
        // `$env.NAME` reads the environment as `${env.NAME}` does (a name after the dot, or it stays text).
        if name == "env", end + 1 < chars.count, chars[end] == ".", isNameStart(chars[end + 1]) {
            var variableEnd = end + 1
            while variableEnd < chars.count, isNameChar(chars[variableEnd]) { variableEnd += 1 }
            return (Reference(name: "env." + String(chars[(end + 1)..<variableEnd])), variableEnd)
        }
        // A path follows only the JSON-holding variable (`$last.id`), so `$name.json` stays a file name.
        guard name == "last" else { return (Reference(name: name), end) }
        var path: [String] = []
        while let (component, next) = pathComponent(chars, at: end) {
            path.append(component)
            end = next
        }
        return (Reference(name: name, path: path), end)
    }

    /// One path component at `index`: `.key`, `.0`, `[0]` or `[*]`; nil when none starts there (a `.` that ends
    /// a sentence stays text).
    private static func pathComponent(_ chars: [Character], at index: Int) -> (String, Int)? {
        guard index < chars.count else { return nil }
        if chars[index] == ".", index + 1 < chars.count, isNameChar(chars[index + 1]) {
            var end = index + 1
            while end < chars.count, isNameChar(chars[end]) { end += 1 }
            return (String(chars[(index + 1)..<end]), end)
        }
        if chars[index] == "[" {
            var end = index + 1
            while end < chars.count, chars[end] != "]" { end += 1 }
            guard end < chars.count else { return nil }
            let inside = String(chars[(index + 1)..<end])
            guard inside == "*" || isDigits(inside) else { return nil }
            return (inside, end + 1)
        }
        return nil
    }

    /// `${...}`: a name or a number with a path, `env.NAME`, `#NAME`, and `:-default` or `:?message`.
    private static func parseBraced(_ chars: [Character], at start: Int) throws -> (Reference, Int) {
        var end = start + 1
        while end < chars.count, chars[end] != "}" { end += 1 }
        guard end < chars.count else { throw Failure(message: "'${' is not closed by '}'", column: start) }
        let body = String(chars[(start + 1)..<end])
        func failure(_ why: String = "is not a variable reference") -> Failure {
            Failure(message: "'${\(body)}' \(why)", column: start)
        }
        var text = Substring(body)
        var modifier: Modifier?
        if text.hasPrefix("#"), text.count > 1 {
            modifier = .count
            text = text.dropFirst()
        } else if let range = text.range(of: ":-") ?? text.range(of: ":?") {
            let rest = String(text[range.upperBound...])
            modifier = text[range].hasSuffix("-") ? .orDefault(rest) : .orFail(rest)
            text = text[..<range.lowerBound]
        }
        if text == "#" { return (Reference(name: "#", modifier: modifier), end + 1) }
        let chars = Array(text)
        var nameEnd = 0
        while nameEnd < chars.count, isNameChar(chars[nameEnd]) { nameEnd += 1 }
        let name = String(chars[..<nameEnd])
        guard isName(name) || isDigits(name) else { throw failure() }
        if name == "env" {
            let variable = String(chars[min(nameEnd + 1, chars.count)...])
            guard nameEnd < chars.count, chars[nameEnd] == ".", isName(variable) else {
                throw failure("is not a variable reference: write an environment variable as ${env.NAME}")
            }
            return (Reference(name: "env." + variable, modifier: modifier), end + 1)
        }
        var path: [String] = []
        var position = nameEnd
        while let (component, next) = pathComponent(chars, at: position) {
            path.append(component)
            position = next
        }
        guard position == chars.count else { throw failure() }
        return (Reference(name: name, path: path, modifier: modifier), end + 1)
    }
}
