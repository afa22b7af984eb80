/// One command of pshell's language, declared in one place: its words and arguments, its help and example
/// (`spec`), what `explain` says of it, whether it calls the API and which of its forms only read, whether
/// `record` keeps it, and what it does. Help, `explain`, Tab completion, `--dry-run`, `record` and the
/// did-you-mean suggestions all read these; `CommandRegistry` lists them.
protocol ShellCommand: Sendable {
    static var spec: CommandSpec { get }
    /// The operations, privileges and fields `explain` shows; nil for a command that calls no API.
    static var explanation: CommandExplanations.Explanation? { get }
    /// Takes `--dry-run`, and is held back by `dry-run on`.
    static var callsTheAPI: Bool { get }
    /// Whether this form of the command only reads (a dry run then holds back nothing it sends).
    static func isReadOnly(_ args: ParsedArguments) -> Bool
    /// Whether `record` writes it into the script it records (commands about pshell itself would not replay).
    static var recorded: Bool { get }
    /// Carries the command out, on the shell's actor.
    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome
}

extension ShellCommand {
    static var explanation: CommandExplanations.Explanation? { nil }
    static var callsTheAPI: Bool { false }
    static func isReadOnly(_ args: ParsedArguments) -> Bool { false }
    static var recorded: Bool { true }

    // What many commands' declarations share.
    typealias Explanation = CommandExplanations.Explanation
    static var visibilities: [String] { CommandCatalog.visibilities }
    static var outputOption: CommandSpec.Option { CommandCatalog.outputOption }
    static var tableOptions: [CommandSpec.Option] { CommandCatalog.tableOptions }
    static var bodyOption: CommandSpec.Option { CommandCatalog.bodyOption }
    static var onOff: CommandSpec.Positional { CommandCatalog.onOff }
    static var sourceView: String { CommandExplanations.sourceView }
    static var sourceEdit: String { CommandExplanations.sourceEdit }
    static var organizationView: String { CommandExplanations.organizationView }
}

/// Every command, in the order `help` lists them. Adding a command is one file and one line here.
enum CommandRegistry {
    static let all: [any ShellCommand.Type] = [
        CreateCommand.self,
        GetCommand.self,
        ListCommand.self,
        UpdateCommand.self,
        DeleteCommand.self,
        RefreshCommand.self,
        PermissionsCommand.self,
        RawCommand.self,
        EditCommand.self,
        ProviderCommand.self,
        FieldCommand.self,
        APIKeyCommand.self,
        PushCommand.self,
        StreamCommand.self,
        RemoveCommand.self,
        StatusCommand.self,
        ItemsCommand.self,
        SearchCommand.self,
        WhyCommand.self,
        LogsCommand.self,
        IdentityCommand.self,
        LicenseCommand.self,
        LimitsCommand.self,
        PrivilegesCommand.self,
        WhoamiCommand.self,
        OrgCommand.self,
        TokenCommand.self,
        RegionCommand.self,
        EnvironmentCommand.self,
        EndpointCommand.self,
        SandboxCommand.self,
        SessionCommand.self,
        VersionCommand.self,
        TraceCommand.self,
        DryRunCommand.self,
        CurlCommand.self,
        ExplainCommand.self,
        TimingCommand.self,
        RecordCommand.self,
        SetCommand.self,
        UnsetCommand.self,
        EchoCommand.self,
        AssertCommand.self,
        FailsCommand.self,
        WatchCommand.self,
        AliasCommand.self,
        UnaliasCommand.self,
        SourceCommand.self,
        ExitCommand.self,
        HelpCommand.self,
    ]

    /// A command with the spec the parser, help and completion read: its own, plus `--dry-run` if it calls the API,
    /// and `-q` if it has a result to print but no table (whose `-q` prints its ids).
    struct Entry: Sendable {
        let command: any ShellCommand.Type
        var spec: CommandSpec
        /// Where `-q` prints a table's ids: nil for a command with no table (its `-q` prints nothing); empty for every
        /// form of it; else the actions that show the table (`field list`), `-q` printing nothing with the others.
        var quietListsIdsFor: [String]? = []

        /// Whether `-q`, given with these words, prints nothing rather than a table's ids.
        func quietPrintsNothing(_ arguments: ParsedArguments) -> Bool {
            guard let quietListsIdsFor else { return true }
            guard !quietListsIdsFor.isEmpty else { return false }
            let action = spec.positionals.firstIndex { if case .choice = $0.kind { true } else { false } }
                .flatMap { $0 < arguments.positionals.count ? arguments.positionals[$0] : nil }
            return !quietListsIdsFor.contains(action ?? "")
        }
    }

    static let entries: [Entry] = all.map { command in
        var entry = Entry(command: command, spec: command.spec)
        if entry.spec.option(named: "output") != nil, entry.spec.option(named: "quiet") == nil {
            entry.spec.options.append(CommandCatalog.quietOption)
            entry.quietListsIdsFor = nil
        }
        // A table's -q for some actions (`field list`): with the others it prints nothing, as everywhere else.
        if let index = entry.spec.options.firstIndex(where: { $0.name == "quiet" && !$0.actions.isEmpty }) {
            let actions = entry.spec.options[index].actions
            entry.quietListsIdsFor = actions
            entry.spec.options[index].actions = []
            entry.spec.options[index].help =
                "with \(actions.joined(separator: " or ")): only the ids, one per line; otherwise print nothing"
        }
        if command.callsTheAPI { entry.spec.options.append(CommandCatalog.dryRunOption) }
        return entry
    }

    private static let byName = Dictionary(uniqueKeysWithValues: entries.map { ($0.spec.name, $0) })

    static func command(named name: String) -> Entry? { byName[name] }

    /// A command by its name, or by a spelling people reach for (`quit`, `ls`, `rm` ...).
    static func resolve(_ word: String) -> Entry? {
        byName[word] ?? CommandCatalog.aliases[word].flatMap { byName[$0] }
    }
}
