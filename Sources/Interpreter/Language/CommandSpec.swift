/// What a command accepts and how it is documented: the data behind parsing, `help` and completion.
package struct CommandSpec: Sendable {
    /// What a positional argument or an option value names, so completion knows what to offer.
    package enum ValueKind: Sendable, Equatable {
        case text
        /// A whole number within bounds, checked by the parse (so `--check` refuses what the run would).
        case number(min: Int = Int.min, max: Int = Int.max)
        /// A moment: an ISO 8601 date-time, epoch milliseconds, or a time ago (`90s`, `15m`, `2h`, `7d`).
        case time
        case sourceID
        case providerID
        case file
        case choice([String])
        case command
    }

    package struct Option: Sendable {
        package var name: String
        package var short: Character?
        /// `nil` for a flag that takes no value.
        package var value: ValueKind?
        package var valueName: String
        package var repeatable: Bool
        package var help: String
        /// For a command with actions (`field list|create|delete`), the actions this option goes with; empty: all.
        package var actions: [String]
        /// A number option's value when it is not given: what `ParsedArguments.number` answers, and help shows.
        package var defaultNumber: Int?
        /// The option it only refines (`--wait-timeout` refines `--wait`): refused without it, not ignored.
        package var requires: String?

        package init(
            _ name: String, short: Character? = nil, value: ValueKind? = nil, valueName: String = "VALUE",
            repeatable: Bool = false, default defaultNumber: Int? = nil, help: String, actions: [String] = [],
            requires: String? = nil
        ) {
            self.requires = requires
            self.defaultNumber = defaultNumber
            self.name = name
            self.short = short
            self.value = value
            self.valueName = valueName
            self.repeatable = repeatable
            self.help = help
            self.actions = actions
        }

        /// Whether it goes with this action (any, when it names none or no action is known).
        package func goes(with action: String?) -> Bool {
            actions.isEmpty || action.map(actions.contains) ?? true
        }

        /// The same option, for these actions only.
        package func only(_ actions: [String]) -> Option {
            var option = self
            option.actions = actions
            return option
        }
    }

    package struct Positional: Sendable {
        package var name: String
        package var kind: ValueKind
        package var optional: Bool
        /// Takes every remaining word (`echo WORDS...`).
        package var variadic: Bool
        /// What an error calls it, where its name is its choices (`==|!=`: "the operator").
        package var noun: String?

        package init(
            _ name: String, _ kind: ValueKind = .text, optional: Bool = false, variadic: Bool = false,
            noun: String? = nil
        ) {
            self.name = name
            self.kind = kind
            self.optional = optional
            self.variadic = variadic
            self.noun = noun
        }
    }

    /// A source, by id or name (completion offers both): the first word of most source commands.
    package static let source = Positional("SOURCE", .sourceID)

    /// `--page N` of a listing read 1,000 at a time.
    static func pageOption(_ what: String) -> Option {
        .init("page", value: .number(min: 0), valueName: "N", default: 0, help: "the Nth thousand \(what), from 0")
    }

    package enum Group: String, Sendable, CaseIterable {
        case sources = "Sources"
        case content = "Content (Push API)"
        case organization = "Organization"
        case connection = "Session and connection"
        case teaching = "Showing what happens"
        case scripting = "Scripting"
    }

    package var name: String
    package var group: Group
    package var summary: String
    package var positionals: [Positional]
    package var options: [Option]
    /// The documented API operation behind the command, e.g. `POST /rest/organizations/{org}/sources`.
    package var operation: String?
    package var example: String
    /// Longer notes for `help NAME`.
    package var details: String?
    /// Every word is an argument, even one that starts with a dash (`echo -c`).
    package var wordsOnly = false

    /// The action among `words` (the arguments after the command): the value of its first positional that takes a
    /// choice (`field list|create|delete`, `stream S load|...`), or nil.
    package func action(in words: [String]) -> String? {
        guard
            case .choice(let choices)? = positionals.first(where: { if case .choice = $0.kind { true } else { false } }
            )?.kind
        else { return nil }
        return words.first(where: choices.contains)
    }

    package var usage: String {
        var parts = [name]
        for p in positionals {
            var text = p.name + (p.variadic ? "..." : "")
            if p.optional { text = "[\(text)]" }
            parts.append(text)
        }
        for o in options {
            var text = "--\(o.name)"
            if o.value != nil { text += " \(o.valueName)" }
            text = "[\(text)]"
            if o.repeatable { text += "..." }
            parts.append(text)
        }
        return parts.joined(separator: " ")
    }

    package func option(named name: String) -> Option? {
        options.first { $0.name == name }
    }

    package func option(short: Character) -> Option? {
        options.first { $0.short == short }
    }
}
