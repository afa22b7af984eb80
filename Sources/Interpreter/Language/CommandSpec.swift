/// What a command accepts and how it is documented: the data behind parsing, `help` and completion.
package struct CommandSpec: Sendable {
    /// What a positional argument or an option value names, so completion knows what to offer.
    package enum ValueKind: Sendable, Equatable {
        case text
        case number
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

        package init(
            _ name: String, short: Character? = nil, value: ValueKind? = nil, valueName: String = "VALUE",
            repeatable: Bool = false, help: String, actions: [String] = []
        ) {
            self.name = name
            self.short = short
            self.value = value
            self.valueName = valueName
            self.repeatable = repeatable
            self.help = help
            self.actions = actions
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

        package init(_ name: String, _ kind: ValueKind = .text, optional: Bool = false, variadic: Bool = false) {
            self.name = name
            self.kind = kind
            self.optional = optional
            self.variadic = variadic
        }
    }

    /// A source, by id or name (completion offers both): the first word of most source commands.
    package static let source = Positional("SOURCE", .sourceID)

    /// `--page N` of a listing read 1,000 at a time.
    static func pageOption(_ what: String) -> Option {
        .init("page", value: .number, valueName: "N", help: "the Nth thousand \(what), from 0 (default 0)")
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

extension Shell {
    /// `--page N` (`CommandSpec.pageOption`): a whole number from 0.
    func pageNumber(_ args: ParsedArguments, _ command: String) throws -> Int {
        guard let text = args.value("page") else { return 0 }
        guard let page = Int(text), page >= 0 else {
            throw ShellError.usage("\(command): --page \(text) is not a page number (0, 1, 2, ...)")
        }
        return page
    }
}
