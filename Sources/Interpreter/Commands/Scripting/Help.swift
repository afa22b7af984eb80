import CoveoAPI
import Foundation

/// `help`: list commands, or show one command's usage and operation.
struct HelpCommand: ShellCommand {
    static let command = CommandSpec.Positional("COMMAND", .command, optional: true)
    /// `help provider create`: the command's help, which names each option's actions.
    static let action = CommandSpec.Positional("ACTION", optional: true)

    static let spec = CommandSpec(
        name: "help", group: .scripting, summary: "List commands, or show one command's usage and operation",
        positionals: [command, action], options: [], example: "help create")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try help(args, in: shell)
        return .success
    }
}

extension HelpCommand {
    private static func help(_ args: ParsedArguments, in shell: isolated Shell) throws {
        let r = shell.renderer
        if let name = args.word(HelpCommand.command) {
            if let topic = LanguageTopics.topic(named: name) {
                showHelp(topic, in: shell)
                return
            }
            guard let spec = CommandCatalog.resolve(name) else {
                // An alias is a command to the one who made it: what it runs.
                if let body = shell.session.aliases[name] {
                    shell.console.write("\(name) is an alias: alias \(name) \(Tokenizer.quote(body))\n")
                    return
                }
                let names = CommandCatalog.all.map(\.name) + LanguageTopics.names
                throw ShellError.usage("help: unknown command '\(name)'\(ParsedArguments.suggestion(name, names))")
            }
            if let action = args.word(HelpCommand.action) {
                let actions = spec.positionals.lazy.compactMap { positional -> [String]? in
                    if case .choice(let choices) = positional.kind { return choices }
                    return nil
                }.first
                guard let actions, actions.contains(action) else {
                    throw ShellError.usage(
                        "help: \(spec.name) has no action '\(action)'"
                            + (actions.map { " (its actions: \($0.joined(separator: ", ")))" } ?? ""))
                }
            }
            showHelp(spec, in: shell)
            return
        }
        var text = ""
        for group in CommandSpec.Group.allCases {
            let specs = CommandCatalog.all.filter { $0.group == group }
            text += r.bold(group.rawValue) + "\n"
            let width = specs.map(\.name.count).max() ?? 0
            for spec in specs {
                text +=
                    "  " + spec.name + String(repeating: " ", count: width - spec.name.count + 2) + spec.summary + "\n"
            }
            text += "\n"
        }
        text += "`help COMMAND` or `COMMAND --help` shows its usage, the API operation it calls and an example.\n"
        text += "`help if` and `help for` show the language's blocks.\n"
        text += "`exit` or `quit` (or Ctrl-D) leaves. Meta-commands: \(MetaCommand.summary).\n"
        shell.console.write(r.wrapped(text))
    }

    /// A word of the language (`help if`): its form, what it does, an example.
    static func showHelp(_ topic: LanguageTopics.Topic, in shell: isolated Shell) {
        let r = shell.renderer
        var text =
            r.bold("usage: ") + topic.usage + "\n\n" + r.reflowed(topic.text) + "\n\n" + r.bold("example:") + "\n"
        text += topic.example.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        shell.console.write(text)
    }

    /// One command's usage, operation, example and options: `help CMD` and `CMD --help`.
    static func showHelp(_ spec: CommandSpec, in shell: isolated Shell) {
        let r = shell.renderer
        var text = r.bold(spec.name) + " — " + spec.summary + "\n\n"
        text += "usage:     " + spec.usage + "\n"
        if let operation = spec.operation { text += "operation: " + operation + "\n" }
        text += "example:   " + spec.example + "\n"
        if !spec.options.isEmpty {
            text += "\noptions:\n"
            let labels = spec.options.map { o -> String in
                var label = o.short.map { "-\($0), " } ?? "    "
                label += "--\(o.name)"
                if o.value != nil { label += " \(o.valueName)" }
                return label
            }
            let width = labels.map(\.count).max() ?? 0
            for (label, option) in zip(labels, spec.options) {
                text +=
                    "  " + label + String(repeating: " ", count: width - label.count + 2) + option.help
                    + (option.defaultNumber.map { " (default \($0))" } ?? "")
                text += option.repeatable ? " (repeatable)\n" : "\n"
            }
        }
        var shown = r.wrapped(text)
        if let details = spec.details { shown += "\n" + r.reflowed(details) + "\n" }
        shell.console.write(shown)
    }

}

extension CommandSpec {
    /// `CMD --help` or `CMD -h` (unless `-h` is one of its options); never for `echo`, whose words are its own.
    static func asksForHelp(_ words: ArraySlice<String>, _ spec: CommandSpec) -> Bool {
        // A command of words (echo, alias, a script's arguments) takes `--help` as a word, but not in the place of
        // a named first word (source's FILE): no script is called --help.
        guard !spec.wordsOnly else {
            return spec.positionals.first?.variadic == false && ["--help", "-h"].contains(words.first ?? "")
        }
        // A command that takes no option takes its other words as values (`set name --help`).
        if spec.options.isEmpty { return ["--help", "-h"].contains(words.first ?? "") }
        return words.contains("--help") || (spec.option(short: "h") == nil && words.contains("-h"))
    }
}
