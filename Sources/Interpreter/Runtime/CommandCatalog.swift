import CoveoAPI

/// Every command's spec, read from the command types (`CommandRegistry`), and the declarations they share.
package enum CommandCatalog {
    static let visibilities = SourceVisibility.names
    static let outputOption = CommandSpec.Option(
        "output", short: "o", value: .choice(["auto", "json", "pretty", "none"]), valueName: "auto|json|pretty|none",
        help: "how to print the result (default: pretty on a terminal, compact JSON otherwise; none: only $last)")
    /// `-q` where a command shows no table: print nothing, as `-o none` (a table's `-q` prints its ids).
    static let quietOption = CommandSpec.Option(
        "quiet", short: "q", help: "print nothing (the result is still $last; errors still show)")
    /// What commands that show a table take: csv and tsv too, a choice of columns, or the ids alone.
    static let tableOptions = [
        CommandSpec.Option(
            "output", short: "o", value: .choice(OutputFormat.allCases.map(\.rawValue)),
            valueName: "auto|json|pretty|csv|tsv|none",
            help: "how to print the result (default: a table on a terminal, compact JSON otherwise)"),
        CommandSpec.Option(
            "columns", value: .text, valueName: "A,B,...",
            help: "with a table, csv or tsv: these columns, in this order"),
        CommandSpec.Option("quiet", short: "q", help: "print only the first column (the ids), one per line"),
    ]
    static let bodyOption = CommandSpec.Option(
        "body", value: .file, valueName: "JSON|@FILE", help: "extra source-model fields, as JSON or @file.json")

    /// An item's or a source's permissions (`push`, `permissions`): identities allowed and denied.
    static let allowOption = CommandSpec.Option(
        "allow", value: .text, valueName: "IDENTITY", repeatable: true,
        help: "an allowed identity: NAME[:user|group|virtual-group[:PROVIDER]]")
    static let denyOption = CommandSpec.Option(
        "deny", value: .text, valueName: "IDENTITY", repeatable: true,
        help: "a denied identity, written as for --allow")

    static let dryRunOption = CommandSpec.Option("dry-run", help: "print the request instead of sending it")
    static let onOff = CommandSpec.Positional("on|off", .choice(["on", "off"]), optional: true)
    /// Each command's spec, in `help`'s order; commands that call the API take --dry-run.
    package static let all: [CommandSpec] = CommandRegistry.entries.map(\.spec)

    package static func spec(_ name: String) -> CommandSpec? { CommandRegistry.command(named: name)?.spec }

    /// Alternative spellings people reach for.
    static let aliases = [
        "quit": "exit", "ls": "list", "show": "get", "rm": "delete", "?": "help", "env": "environment",
    ]

    /// What a word that names no command and no alias is: a refusal with the way out, a block's word out of its
    /// place, or an unknown command with the nearest name.
    static func notACommand(_ name: String) -> ShellError {
        if let refusal = refusals[name] { return .usage("\(name): \(refusal)") }
        // A block's word reaches here only from inside one statement (an alias, a pipe, watch, `;`).
        if Script.blockWords.contains(name) {
            return .usage(
                "`\(name)` belongs to a block, which a script or the prompt reads: it cannot run inside an alias, "
                    + "a pipe or watch")
        }
        let names = all.map(\.name) + LanguageTopics.names
        return .usage("unknown command '\(name)'\(ParsedArguments.suggestion(name, names)); type `help` for the list")
    }

    /// Words people reach for that name something the platform does not allow: the reason, and the way out.
    static let refusals = [
        "rename": "a source's name cannot change once it is created. " + SourceRules.renameWayOut("NEW NAME"),
        "sources": "to list the organization's sources, use `list` (`source FILE` runs a script)",
    ]

    package static func resolve(_ word: String) -> CommandSpec? { CommandRegistry.resolve(word)?.spec }
}
