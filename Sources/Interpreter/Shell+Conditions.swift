import CoveoAPI
import Foundation

/// The conditions of `if`: comparisons, `exists`, `empty`, `not`, `and`, `or`, and whether a command succeeds.
extension Shell {
    /// Whether a condition holds. `and` binds tighter than `or`; `not` applies to what follows it.
    ///
    /// - `A == B`, `A != B`: text, B a pattern when it holds `*` or `?`; `A < B`, `A > B`: numbers when both are,
    ///   text otherwise.
    /// - `exists NAME`: the variable is set; `empty A`: A is "", `[]`, `{}` or `null`.
    /// - `COMMAND ...`: the command succeeds (its output shows, its error does not; `$status` says which).
    func holds(_ condition: String) async throws -> Bool {
        // Unset variables are an error here too: `exists NAME` is how a script asks.
        let words = try Tokenizer.tokenize(condition, resolve: resolve, arguments: { session.arguments })
        var reader = ConditionReader(words: words[...])
        let result = try await anyOf(&reader)
        if let extra = reader.words.first {
            throw ShellError.usage("if: unexpected '\(extra)' in the condition; join conditions with `and` or `or`")
        }
        return result
    }

    private func anyOf(_ reader: inout ConditionReader) async throws -> Bool {
        var result = try await allOf(&reader)
        while reader.take("or") {
            let next = try await allOf(&reader)
            result = result || next
        }
        return result
    }

    private func allOf(_ reader: inout ConditionReader) async throws -> Bool {
        var result = try await single(&reader)
        while reader.take("and") {
            let next = try await single(&reader)
            result = result && next
        }
        return result
    }

    private func single(_ reader: inout ConditionReader) async throws -> Bool {
        if reader.take("not") { return !(try await single(&reader)) }
        guard let first = reader.words.popFirst() else {
            throw ShellError.usage("if: a condition is missing (after `not`, `and` or `or`, or after `if`)")
        }
        switch first {
        case "exists":
            guard let name = reader.words.popFirst() else { throw ShellError.usage("if: exists needs a NAME") }
            return session.variables[name] != nil
        case "empty":
            guard let value = reader.words.popFirst() else { throw ShellError.usage("if: empty needs a value") }
            return Self.isEmpty(value)
        default:
            break
        }
        if let comparison = reader.words.first, ["==", "!=", "<", ">"].contains(comparison) {
            reader.words.removeFirst()
            guard let right = reader.words.popFirst() else {
                throw ShellError.usage("if: \(comparison) needs a value on its right")
            }
            return Self.compare(first, comparison, right)
        }
        guard CommandRegistry.resolve(first) != nil else {
            throw ShellError.usage(
                "if: '\(first)' is neither a command nor a comparison (A == B, A != B, A < B, A > B, exists NAME, "
                    + "empty A)")
        }
        // A command runs to the next `and` or `or`; its failure is the condition's answer, not an error.
        var words = [first]
        while let word = reader.words.first, word != "and", word != "or" {
            words.append(word)
            reader.words.removeFirst()
        }
        let outcome = await execute(words: words, statement: words.map(Tokenizer.quote).joined(separator: " "))
        switch outcome {
        case .success:
            session.status = 0
            return true
        case .failure(let error) where error.kind == .cancelled:
            throw error
        case .failure(let error):
            session.status = error.exitCode
            return false
        case .stopped(let code), .exit(let code):
            session.status = code
            return code == 0
        }
    }

    static func isEmpty(_ value: String) -> Bool {
        guard !value.isEmpty else { return true }
        guard let json = try? JSONParser.parse(value) else { return false }
        switch json {
        case .null: return true
        case .string(let text): return text.isEmpty
        case .array(let elements): return elements.isEmpty
        case .object(let object): return object.isEmpty
        default: return false
        }
    }

    /// `==`'s right side is a pattern when it holds `*` (any text) or `?` (one character), as in `[[ ]]`.
    static func matches(_ text: String, _ pattern: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else { return text == pattern }
        let text = Array(text)
        let pattern = Array(pattern)
        // The classic two-pointer match: remember the last `*` and retry from one character further.
        var (t, p) = (0, 0)
        var star: (pattern: Int, text: Int)?
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                (t, p) = (t + 1, p + 1)
            } else if p < pattern.count, pattern[p] == "*" {
                star = (p, t)
                p += 1
            } else if let last = star {
                star = (last.pattern, last.text + 1)
                (t, p) = (last.text + 1, last.pattern + 1)
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    static func compare(_ left: String, _ comparison: String, _ right: String) -> Bool {
        switch comparison {
        case "==": return matches(left, right)
        case "!=": return !matches(left, right)
        default:
            let ordered: Bool
            if let a = Double(left), let b = Double(right) {
                ordered = comparison == "<" ? a < b : a > b
            } else {
                ordered = comparison == "<" ? left < right : left > right
            }
            return ordered
        }
    }
}

/// The words of a condition, consumed from the front.
private struct ConditionReader {
    var words: ArraySlice<String>

    mutating func take(_ word: String) -> Bool {
        guard words.first == word else { return false }
        words.removeFirst()
        return true
    }
}
