/// An `if` condition, parsed from its words: the one parse both a run and `pshell --check` use, so a condition
/// the check passes is one the run can evaluate. `and` binds tighter than `or`; `not` applies to what follows it.
indirect enum Condition: Equatable, Sendable {
    case not(Condition)
    case all([Condition])
    case any([Condition])
    case exists(String)
    case empty(String)
    case compare(String, String, String)
    /// A command, run to the next `and` or `or`: it holds when the command succeeds.
    case command([String])

    static let comparisons = ["==", "!=", "<", ">"]

    /// Parses a condition's words. `unknown` stands for a word only the run knows (`--check`): it may name a command.
    static func parse(_ words: [String], unknown: String? = nil) throws(ShellError) -> Condition {
        var reader = Reader(words: words[...], unknown: unknown)
        let condition = try reader.anyOf()
        if let extra = reader.words.first {
            throw ShellError.usage("if: unexpected '\(extra)' in the condition; join conditions with `and` or `or`")
        }
        return condition
    }

    private struct Reader {
        var words: ArraySlice<String>
        let unknown: String?

        mutating func take(_ word: String) -> Bool {
            guard words.first == word else { return false }
            words.removeFirst()
            return true
        }

        mutating func anyOf() throws(ShellError) -> Condition {
            var terms = [try allOf()]
            while take("or") { terms.append(try allOf()) }
            return terms.count == 1 ? terms[0] : .any(terms)
        }

        mutating func allOf() throws(ShellError) -> Condition {
            var terms = [try single()]
            while take("and") { terms.append(try single()) }
            return terms.count == 1 ? terms[0] : .all(terms)
        }

        mutating func single() throws(ShellError) -> Condition {
            // `not not A` is A: a chain of them is counted, not recursed into (3,000 overflowed the stack).
            var negations = 0
            while take("not") { negations += 1 }
            let condition = try term()
            return negations % 2 == 1 ? .not(condition) : condition
        }

        mutating func term() throws(ShellError) -> Condition {
            guard let first = words.popFirst() else {
                throw ShellError.usage("if: a condition is missing (after `not`, `and` or `or`, or after `if`)")
            }
            switch first {
            case "exists":
                guard let name = words.popFirst() else { throw ShellError.usage("if: exists needs a NAME") }
                return .exists(name)
            case "empty":
                guard let value = words.popFirst() else { throw ShellError.usage("if: empty needs a value") }
                return .empty(value)
            default:
                break
            }
            if let comparison = words.first, Condition.comparisons.contains(comparison) {
                words.removeFirst()
                guard let right = words.popFirst() else {
                    throw ShellError.usage("if: \(comparison) needs a value on its right")
                }
                return .compare(first, comparison, right)
            }
            guard CommandRegistry.resolve(first) != nil || first == unknown else {
                throw ShellError.usage(
                    "if: '\(first)' is neither a command nor a comparison (A == B, A != B, A < B, A > B, exists NAME, "
                        + "empty A)")
            }
            var command = [first]
            while let word = words.first, word != "and", word != "or" {
                command.append(word)
                words.removeFirst()
            }
            return .command(command)
        }
    }
}
