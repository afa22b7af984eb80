import CoveoAPI
import Foundation

/// `pshell --check`: what can be known of a script without running it. Its blocks; each statement's words,
/// command, options and values; each condition and loop list; and each variable used before any line sets it.
/// Nothing is sent and nothing runs.
package enum ScriptChecker {
    package struct Problem: Equatable, Sendable {
        package var line: Int
        package var message: String
    }

    /// Stands for a value only the run knows: a check on it cannot fail here.
    private static let unknown = "\u{1}value\u{1}"

    /// Every problem, in line order. `variables` are set before the script runs (`--set`).
    package static func check(_ text: String, variables: Set<String> = []) -> [Problem] {
        let script: Script
        do {
            script = try Script(text)
        } catch {
            return [Problem(line: error.line, message: error.message)]
        }
        var walker = Walker(known: variables)
        walker.walk(script.nodes)
        return walker.problems.sorted { $0.line < $1.line }
    }

    private struct Walker {
        var known: Set<String>
        /// The aliases defined so far (`alias NAME STATEMENT`).
        var aliases: Set<String> = []
        var problems: [Problem] = []
        /// After `source FILE`, any variable may have been set: uses are no longer checked.
        var sawSource = false

        mutating func walk(_ nodes: [Script.Node]) {
            for node in nodes {
                switch node {
                case .statement(let text, let line):
                    statement(text, line)
                case .conditional(let branches, let otherwise, _):
                    for branch in branches {
                        condition(branch.condition, branch.line)
                        walk(branch.body)
                    }
                    walk(otherwise ?? [])
                case .loop(let variable, let list, let body, let line):
                    if let inner = Script.commandSubstitution(list) {
                        statement(inner, line)
                    } else {
                        _ = words(list, line)
                    }
                    known.insert(variable)
                    walk(body)
                case .breakLoop, .continueLoop:
                    break
                }
            }
        }

        /// A condition, parsed as the run parses it; each command in it checked as a statement.
        mutating func condition(_ text: String, _ line: Int) {
            guard let words = words(text, line) else { return }
            do {
                let parsed = try Condition.parse(words, unknown: unknown)
                for command in Self.commands(in: parsed) where command.first != unknown {
                    statement(words: command, line)
                }
            } catch {
                problems.append(Problem(line: line, message: error.message))
            }
        }

        static func commands(in condition: Condition) -> [[String]] {
            switch condition {
            case .command(let words): [words]
            case .not(let inner): commands(in: inner)
            case .all(let terms), .any(let terms): terms.flatMap(commands)
            default: []
            }
        }

        mutating func statement(_ text: String, _ line: Int) {
            // `STATEMENT | COMMAND`: the command is the system shell's; the pipe itself is checked as the run does.
            var text = text
            if let (statement, command) = Tokenizer.pipeline(text) {
                if let problem = Tokenizer.pipelineProblem(statement, command) {
                    problems.append(Problem(line: line, message: problem))
                    return
                }
                text = statement
            }
            guard let words = words(text, line) else { return }
            statement(words: words, line)
        }

        mutating func statement(words: [String], _ line: Int) {
            var words = words
            guard !words.isEmpty else { return }
            if words.first == "fails" { words.removeFirst() }
            guard let name = words.first else { return }
            // An alias the script defines runs a statement only known when it is called.
            if name == "alias", words.count > 2 { aliases.insert(words[1] == "--save" ? words[2] : words[1]) }
            if aliases.contains(name) { return }
            guard let entry = CommandRegistry.resolve(name) else {
                // As the run says it: a word people reach for, with the way out.
                if let refusal = CommandCatalog.refusals[name] {
                    problems.append(Problem(line: line, message: "\(name): \(refusal)"))
                    return
                }
                let names = CommandCatalog.all.map(\.name) + LanguageTopics.names
                let hint = ParsedArguments.suggestion(name, names)
                problems.append(Problem(line: line, message: "unknown command '\(name)'\(hint)"))
                return
            }
            do {
                let parsed = try ParsedArguments.parse(Array(words.dropFirst()), spec: entry.spec)
                if let problem = Self.bodyProblem(parsed) { problems.append(Problem(line: line, message: problem)) }
            } catch  where !error.message.contains(unknown) {
                problems.append(Problem(line: line, message: error.message))
            } catch {}
            if entry.spec.name == "set", words.count > 1 {
                known.insert(words[1])
                // A setting's value, as the run checks it (unless only the run knows it).
                let value = words.dropFirst(2).joined(separator: " ")
                if !value.contains(unknown), !words[1].contains(unknown) {
                    do {
                        _ = try SetCommand.setting(words[1], value, given: words.count > 2)
                    } catch {
                        problems.append(Problem(line: line, message: error.message))
                    }
                }
            }
            if entry.spec.name == "source" { sawSource = true }
        }

        /// An inline `--body` that is not a JSON object, as the run would say it (a body from a file, or one
        /// holding what only the run knows, is the run's to judge).
        static func bodyProblem(_ parsed: ParsedArguments) -> String? {
            guard parsed.declares("body"), let body = parsed.value("body"), !body.hasPrefix("@"),
                !body.contains(unknown)
            else { return nil }
            do {
                var parser = JSONParser(allowsDuplicateKeys: false)
                let value = try parser.parse(Array(body.utf8))
                return value.objectValue == nil ? "--body: expected a JSON object, not \(value.kindName)" : nil
            } catch {
                return "--body: invalid JSON at \(error)"
            }
        }

        /// A statement's words with what only the run knows left unknown; nil (and a problem) if they cannot be
        /// split.
        mutating func words(_ text: String, _ line: Int) -> [String]? {
            var unset: [String] = []
            let known = self.known
            let checking = !sawSource
            do {
                let words = try Tokenizer.tokenize(
                    text,
                    resolve: { reference in
                        if checking, Self.needsSetting(reference), !known.contains(reference.name) {
                            unset.append(reference.name)
                        }
                        return ScriptChecker.unknown
                    }, arguments: { [ScriptChecker.unknown] })
                for name in unset {
                    problems.append(
                        Problem(
                            line: line,
                            message: "$\(name) is not set before this line (set it with `set \(name) VALUE`)"))
                }
                return words
            } catch let error as Tokenizer.Failure {
                problems.append(Problem(line: line, message: error.message + " (column \(error.column))"))
            } catch {
                problems.append(Problem(line: line, message: "\(error)"))
            }
            return nil
        }

        /// Whether a reference names a variable a script must set: not `$last`, `$status`, an argument, the
        /// environment, or one with a default.
        static func needsSetting(_ reference: Tokenizer.Reference) -> Bool {
            let name = reference.name
            if ["last", "status", "#"].contains(name) || Int(name) != nil || name.hasPrefix("env.") { return false }
            switch reference.modifier {
            case .orDefault, .count: return false
            default: return true
            }
        }
    }
}
