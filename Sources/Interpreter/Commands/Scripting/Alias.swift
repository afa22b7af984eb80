import CoveoAPI
import Foundation

/// `alias NAME STATEMENT`: a statement run by a name, its `$1`..`$9` and `$@` taken from the call (gh's aliases,
/// mycli's favourites); `alias` lists them, `unalias NAME` removes one. Kept for the session: a start-up file
/// (`pshellrc`) that defines them keeps them.
struct AliasCommand: ShellCommand {
    static let words = CommandSpec.Positional("NAME 'STATEMENT'", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "alias", group: .scripting, summary: "Name a statement: alias NAME 'STATEMENT' ($1..$9, $@, $#)",
        positionals: [words], options: [],
        example: "alias mine 'list --filter $1'",
        details: """
            Quote the statement in single quotes so that $1, $@ and variables are read when the alias runs, not when
            it is defined: `alias logs1h 'logs $1 --since 1h'`, then `logs1h Docs`. A call gives at least as many
            words as the highest $N asks for; the words past it go at the end of the statement, as gh's aliases do,
            unless it holds $@ (all the words); $# is how many were given. `alias` alone lists them as
            statements to paste into the start-up file ($XDG_CONFIG_HOME/pshell/pshellrc), which keeps them.
            An alias cannot take a command's name; `unalias NAME` removes one.
            """,
        wordsOnly: true)

    static let recorded = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let given = args.words(words)
        guard let name = given.first else {
            let lines = shell.session.aliases.sorted { $0.key < $1.key }.map {
                "alias \($0.key) \(Tokenizer.quote($0.value))"
            }
            shell.console.write(lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n")
            if lines.isEmpty { shell.console.diagnose(.note, "no aliases yet: alias NAME 'STATEMENT'") }
            return .success
        }
        guard given.count > 1 else {
            guard let body = shell.session.aliases[name] else { throw ShellError.usage("alias: no alias '\(name)'") }
            shell.console.write("alias \(name) \(Tokenizer.quote(body))\n")
            return .success
        }
        try Self.check(name)
        shell.session.aliases[name] = given.dropFirst().joined(separator: " ")
        return .success
    }

    /// A name an alias may take: a word, not a command's (nor an alternative spelling of one).
    static func check(_ name: String) throws(ShellError) {
        guard Tokenizer.isName(name.replacingOccurrences(of: "-", with: "_")) else {
            throw .usage("alias: '\(name)' is not a name (letters, digits, _ and -)")
        }
        guard CommandRegistry.resolve(name) == nil, !["fails", "if", "for", "end", "else"].contains(name) else {
            throw .usage("alias: '\(name)' is a command; choose another name")
        }
    }

    /// The statement an alias call runs: the alias's, `$1`..`$9`, `$@` and `$#` replaced by the call's words
    /// (quoted); words past the highest `$N` go at the end, unless `$@` took them all.
    static func expand(_ name: String, _ body: String, arguments: [String]) throws(ShellError) -> String {
        let highest = (1...9).last { body.contains("$\($0)") || body.contains("${\($0)}") } ?? 0
        guard arguments.count >= highest else {
            throw .usage(
                "\(name): needs \(highest) word\(highest == 1 ? "" : "s") ($1\(highest > 1 ? "..$\(highest)" : "")), "
                    + "given \(arguments.count): alias \(name) \(Tokenizer.quote(body))")
        }
        let quoted = arguments.map(Tokenizer.quote)
        var result = body.replacingOccurrences(of: "$@", with: quoted.joined(separator: " "))
        result = result.replacingOccurrences(of: "$#", with: String(arguments.count))
        for index in stride(from: highest, through: 1, by: -1) {
            result = result.replacingOccurrences(of: "${\(index)}", with: quoted[index - 1])
            result = result.replacingOccurrences(of: "$\(index)", with: quoted[index - 1])
        }
        if !body.contains("$@"), arguments.count > highest {
            result += " " + quoted[highest...].joined(separator: " ")
        }
        return result
    }
}

/// `unalias NAME`.
struct UnaliasCommand: ShellCommand {
    static let name = CommandSpec.Positional("NAME")

    static let spec = CommandSpec(
        name: "unalias", group: .scripting, summary: "Remove an alias", positionals: [name], options: [],
        example: "unalias mine")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        guard shell.session.aliases.removeValue(forKey: args[name]) != nil else {
            throw ShellError.usage("unalias: no alias '\(args[name])'")
        }
        return .success
    }
}
