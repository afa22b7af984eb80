import CoveoAPI
import Foundation

/// The conditions of `if`: comparisons, `exists`, `empty`, `not`, `and`, `or`, and whether a command succeeds.
extension ScriptRun {
    /// Whether a condition holds. `and` binds tighter than `or`; `not` applies to what follows it.
    ///
    /// - `A == B`, `A != B`: text, B a pattern when it holds `*` or `?`; `A < B`, `A > B`: numbers when both are,
    ///   text otherwise.
    /// - `exists NAME`: the variable is set; `empty A`: A is "", `[]`, `{}` or `null`.
    /// - `COMMAND ...`: the command succeeds (its output shows, its error does not; `$status` says which).
    static func holds(_ condition: String, in shell: isolated Shell) async throws -> Bool {
        // Unset variables are an error here too: `exists NAME` is how a script asks.
        let words = try Tokenizer.tokenize(condition, resolve: shell.resolve, arguments: { shell.session.arguments })
        return try await holds(Condition.parse(words), in: shell)
    }

    /// Every part is evaluated, left to right (a command in it runs whatever the rest says).
    private static func holds(_ condition: Condition, in shell: isolated Shell) async throws -> Bool {
        switch condition {
        case .not(let inner): return !(try await holds(inner, in: shell))
        case .all(let terms), .any(let terms):
            var results: [Bool] = []
            for term in terms { results.append(try await holds(term, in: shell)) }
            if case .all = condition { return !results.contains(false) }
            return results.contains(true)
        case .exists(let name): return shell.session.variables[name] != nil
        case .empty(let value): return Condition.isEmpty(value)
        case .compare(let left, let comparison, let right): return Condition.compare(left, comparison, right)
        case .command(let words): return try await succeeds(words, in: shell)
        }
    }

    /// A command in a condition: its failure is the condition's answer, not an error.
    private static func succeeds(_ words: [String], in shell: isolated Shell) async throws -> Bool {
        shell.evaluatingCondition = true
        defer { shell.evaluatingCondition = false }
        let outcome = await shell.execute(words: words, statement: words.map(Tokenizer.quote).joined(separator: " "))
        switch outcome {
        case .success:
            shell.session.status = 0
            return true
        case .failure(let error) where error.kind == .cancelled:
            throw error
        case .failure(let error):
            shell.session.status = error.exitCode
            return false
        case .stopped(let code), .exit(let code):
            shell.session.status = code
            return code == 0
        }
    }

}

/// The words of a condition, consumed from the front.

extension Condition {
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
