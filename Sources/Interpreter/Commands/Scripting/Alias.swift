import CoveoAPI
import Foundation

/// `alias NAME STATEMENT`: a statement run by a name, its `$1`..`$9` and `$@` taken from the call (gh's aliases,
/// mycli's favourites); `alias` lists them, `unalias NAME` removes one. Kept for the session: a start-up file
/// (`pshellrc`) that defines them keeps them.
struct AliasCommand: ShellCommand {
    // Two positionals, the name first: `alias --help` is then help, as for `source` (no alias is called --help).
    static let name = CommandSpec.Positional("NAME", optional: true)
    static let statement = CommandSpec.Positional("'STATEMENT'", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "alias", group: .scripting, summary: "Name a statement: alias NAME 'STATEMENT' ($1..$9, $@, $#)",
        positionals: [name, statement], options: [],
        example: "alias mine 'list --filter $1'",
        details: """
            Quote the statement in single quotes so that $1, $@ and variables are read when the alias runs, not when
            it is defined: `alias logs1h 'logs $1 --since 1h'`, then `logs1h Docs`. A call gives at least as many
            words as the highest $N asks for; the words past it go at the end of the statement, as gh's aliases do,
            unless it holds $@ (all the words); $# is how many were given. `alias --save NAME 'STATEMENT'` also
            writes it into the start-up file ($XDG_CONFIG_HOME/pshell/pshellrc), which keeps it for every session
            (in place of an alias of that name there); `unalias --save NAME` takes it out. `alias` alone lists them
            as statements for that file.
            An alias cannot take a command's name; `unalias NAME` removes one.
            """,
        wordsOnly: true)

    static let recorded = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        var given = [args.word(Self.name)].compactMap { $0 } + args.words(Self.statement)
        let save = given.first == "--save"
        if save { given.removeFirst() }
        guard let name = given.first else {
            if save { throw ShellError.usage("alias --save: give NAME 'STATEMENT'") }
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
        let body = given.dropFirst().joined(separator: " ")
        // A block cannot live in one statement: said now, not when the alias has run half of itself.
        for statement in Tokenizer.splitStatements(body) {
            let first = statement.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if Script.blockWords.contains(first) {
                throw ShellError.usage("alias: `\(first)` belongs to a block, which an alias cannot hold; use a script")
            }
        }
        shell.session.aliases[name] = body
        if save {
            let file = try StartupFileAliases.save(name, "alias \(name) \(Tokenizer.quote(body))", shell.session)
            shell.console.diagnose(.note, "saved in \(file): every session at the prompt has it")
        }
        return .success
    }

    /// A name an alias may take: a word, not a command's (nor an alternative spelling of one).
    static func check(_ name: String) throws(ShellError) {
        guard Tokenizer.isName(name.replacingOccurrences(of: "-", with: "_")) else {
            throw .usage("alias: '\(name)' is not a name (letters, digits, _ and -)")
        }
        guard CommandRegistry.resolve(name) == nil, name != "fails", !Script.blockWords.contains(name) else {
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
        name: "unalias", group: .scripting, summary: "Remove an alias", positionals: [name],
        options: [.init("save", help: "take it out of the start-up file too")],
        example: "unalias mine")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let removed = shell.session.aliases.removeValue(forKey: args[name]) != nil
        if args.has("save") {
            let (file, found) = try StartupFileAliases.remove(args[name], shell.session)
            guard removed || found else {
                throw ShellError.usage("unalias: no alias '\(args[name])' here or in \(file)")
            }
            if found { shell.console.diagnose(.note, "taken out of \(file)") }
            return .success
        }
        guard removed else { throw ShellError.usage("unalias: no alias '\(args[name])'") }
        return .success
    }
}

/// The start-up file's `alias NAME ...` lines, which `alias --save` and `unalias --save` write: one line per name,
/// put in place of the one there, the rest of the file kept as it was (written whole, then renamed over it).
enum StartupFileAliases {
    /// Writes `line` for `name`; the file's path.
    static func save(_ name: String, _ line: String, _ session: Session) throws -> String {
        let file = try path(session)
        var lines = read(file)
        if let index = lines.firstIndex(where: { defines($0, name) }) {
            lines[index] = line
        } else {
            lines.append(line)
        }
        try write(lines, to: file)
        return file
    }

    /// Takes `name`'s line out; the file's path, and whether it held one.
    static func remove(_ name: String, _ session: Session) throws -> (String, Bool) {
        let file = try path(session)
        let lines = read(file)
        let kept = lines.filter { !defines($0, name) }
        guard kept.count < lines.count else { return (file, false) }
        try write(kept, to: file)
        return (file, true)
    }

    private static func path(_ session: Session) throws(ShellError) -> String {
        guard let file = StartupConfiguration.configPath(session.environmentVariables, "pshell/pshellrc") else {
            throw .failure("no start-up file to save in: neither XDG_CONFIG_HOME nor HOME is set")
        }
        return file
    }

    private static func defines(_ line: String, _ name: String) -> Bool {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        return words.count >= 2 && words[0] == "alias" && words[1] == name
    }

    private static func read(_ file: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        var lines = Script.lines(String(decoding: data, as: UTF8.self)).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func write(_ lines: [String], to file: String) throws(ShellError) {
        let folder = (file as NSString).deletingLastPathComponent
        let temporary = file + ".new"
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? NSNumber
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: temporary))
            _ = chmod(temporary, mode_t(mode?.intValue ?? 0o600))
            guard rename(temporary, file) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .failure("cannot write \(file): \(error.localizedDescription)")
        }
    }
}
