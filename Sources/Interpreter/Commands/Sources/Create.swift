import CoveoAPI
import Foundation

/// `create`: create a Push source.
struct CreateCommand: ShellCommand {
    static let name = CommandSpec.Positional("NAME")

    static let spec = CommandSpec(
        name: "create", group: .sources, summary: "Create a Push source",
        positionals: [name],
        options: [
            .init(
                "visibility", value: .choice(visibilities), valueName: "PRIVATE|SECURED|SHARED",
                help: "who can see its items (default SECURED: item-level permissions)"),
            .init(
                "provider", value: .text, valueName: "ID", repeatable: true,
                help: "a security identity provider the source references"),
            .init(
                "with-provider",
                help: "SECURED: also create its security identity provider and link it (Coveo's leading practice)"),
            .init(
                "with-api-key",
                help: "also create an API key that may push to this source only, as the Administration Console does"),
            .init(
                "save-to-profile", value: .file, valueName: "FILE",
                help: "with --with-api-key: write the key to this new profile file (0600) instead of the screen"),
            .init(
                "from-raw", value: .file, valueName: "@FILE",
                help: "create it from a raw configuration (as `raw SOURCE` prints one), with this NAME"),
            .init(
                "catalog",
                help: "a Catalog source (commerce; loaded and updated through the Stream API: see stream)"),
            .init("no-check", help: "skip the prerequisite checks (license, limits, privileges)"),
            bodyOption, outputOption,
        ],
        operation: "POST /rest/organizations/{org}/sources",
        example: "create \"Product docs\" --visibility SHARED",
        details: """
            Sends the documented body {"sourceType": "PUSH", "name": NAME, "sourceVisibility": V, "pushEnabled": true}
            (plus --provider ids as securityProviderReferences and any --body fields) and prints the new source id.
            First it checks the prerequisites Coveo's guide names: the license allows PUSH sources with that
            visibility and has not expired, numberOfSourcesLimit (and for SECURED numberOfSecurityProvidersLimit) is
            not reached, and the token may create sources; the first that fails is named, with how to fix it.
            --no-check skips the checks.
            The full model is kept in $last ($last.id, $last.owner, ...). A source's name cannot change later.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.getLicense, note: "the checks, with /limits and /privileges/token; --no-check skips them"),
            .init(.createSource), .init(.createProvider, note: "with --with-provider, then PUT the source"),
        ],
        fields: """
            sourceType        PUSH: the content comes through the Push API, not a crawler
            name              shown in the console; cannot change once the source exists
            sourceVisibility  PRIVATE (listed identities), SECURED (item permissions), SHARED (everyone)
            pushEnabled       true for a Push source
            The answer is the source model; its id ({org}-{26 characters}) is what every later call needs.
            """,
        reference: "'Create a Push source' (docs.coveo.com/en/94)")

    static let callsTheAPI = true

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await create(args, in: shell)
        return .success
    }
}

extension CreateCommand {
    private static func create(_ args: ParsedArguments, in shell: isolated Shell) async throws {
        let name = args[CreateCommand.name]
        let fromRaw = args.has("from-raw")
        let model = fromRaw ? try rawModel(name, args, in: shell) : try sourceModel(name, args, in: shell)
        // A raw configuration says its visibility through its security option: the platform derives it.
        let visibility = model["sourceVisibility"]?.stringValue ?? (fromRaw ? "" : SourceVisibility.secured.rawValue)
        let withProvider = args.has("with-provider")
        if args.has("save-to-profile"), !args.has("with-api-key") {
            throw ShellError.usage("create: --save-to-profile goes with --with-api-key")
        }
        if withProvider, visibility != SourceVisibility.secured.rawValue {
            throw ShellError.usage(
                "create: --with-provider is for SECURED sources (a \(visibility) source's "
                    + "permissions are set on the source: see `permissions`)"
            )
        }
        let context = try await shell.commandContext()
        let client = context.client
        // The key's profile file first: a destination that cannot take it fails before the source exists.
        let profile = args.has("with-api-key") ? try context.keys.reserveProfile(args) : nil
        if !args.has("no-check") {
            let summary = try await Prerequisites(
                visibility: visibility, withProvider: withProvider,
                sourceType: model["sourceType"]?.stringValue ?? "PUSH"
            ).check(client: client)
            if shell.console.isTerminal { shell.console.diagnose(shell.renderer.dim("prerequisites: " + summary)) }
        }
        var created = try await CreateOnce(console: shell.console).source(
            .object(model), name: name, fromRaw: fromRaw, client: client)
        let id = created["id"]?.stringValue ?? ""
        shell.sources.added(id: id, name: name)
        var providerId: String?
        if withProvider {
            shell.sources.forgetProviders()
            shell.session.last = created
            (providerId, created) = try await ProviderService(client: client, console: shell.console).create(
                for: created, name: name)
        }
        shell.session.last = created
        let format = shell.printer.format(args)
        if format == .auto {
            shell.console.write(id + "\n" + (providerId.map { $0 + "\n" } ?? ""))
        } else {
            shell.console.write(shell.renderer.json(created, format: format) + "\n")
        }
        if args.has("with-api-key") {
            do {
                _ = try await context.keys.create(
                    id, name: "\(name) push key", profile: profile, format: format)
            } catch {
                let reason = (error as? ShellError)?.message ?? (error as? APIError)?.description ?? "\(error)"
                throw ShellError.failure(
                    "the source '\(name)' was created (\(id)), but not its API key: \(reason). "
                        + "To finish: apikey create --source \(id)"
                )
            }
            shell.session.last = created
        }
        createNotes(created, name: name, id: id, providerId: providerId, in: shell)
    }

    /// `--from-raw @FILE`: a raw configuration as `raw SOURCE` prints it, renamed NAME; what belongs to the source
    /// it was read from (its id, owner, dates) is left out. The other ways to describe the source are refused.
    private static func rawModel(_ name: String, _ args: ParsedArguments, in shell: isolated Shell) throws -> JSONObject
    {
        for option in ["visibility", "provider", "with-provider", "catalog", "body"] where args.has(option) {
            throw ShellError.usage("create: --\(option) and --from-raw both describe the source; give one")
        }
        let reference = args.value("from-raw") ?? ""
        guard reference.hasPrefix("@"), reference.count > 1 else {
            throw ShellError.usage("create: --from-raw takes the file as @FILE (a raw configuration, as `raw` prints)")
        }
        let path = String(reference.dropFirst())
        guard case .object(var raw) = try shell.inputs.jsonFile(path, label: "create: --from-raw \(reference)").json
        else {
            throw ShellError.usage("create: --from-raw \(reference) holds no JSON object (a raw configuration)")
        }
        for key in ["id", "owner", "lastModifier", "createdDate", "lastModifiedDate", "resourceId"] { raw[key] = nil }
        raw["name"] = .string(name)
        return raw
    }

    /// The seeds' body, in the documented order, with `--provider` references and `--body` fields; a name or a
    /// visibility given twice is refused.
    private static func sourceModel(
        _ name: String, _ args: ParsedArguments, in shell: isolated Shell
    ) throws -> JSONObject {
        // The seeds' body, in the documented order.
        let visibility = JSON.string(args.value("visibility") ?? SourceVisibility.secured.rawValue)
        // A Catalog source as Coveo's clients create one (push-api-client's CatalogSource.create): the Stream API on.
        let seed: JSON =
            args.has("catalog")
            ? ["sourceType": "CATALOG", "name": .string(name), "sourceVisibility": visibility, "streamEnabled": true]
            : ["sourceType": "PUSH", "name": .string(name), "sourceVisibility": visibility, "pushEnabled": true]
        var model = seed.objectValue ?? JSONObject()
        let providers = args.all("provider")
        if !providers.isEmpty { model["securityProviderReferences"] = .array(providers.map(JSON.string)) }
        if let body = try shell.inputs.body(args) {
            if let bodyName = body["name"], bodyName.stringValue != name {
                throw ShellError.usage(
                    "create: the name is given twice ('\(name)' and \(JSONWriter.compact(bodyName)) in --body)")
            }
            if args.value("visibility") != nil, body["sourceVisibility"] != nil {
                throw ShellError.usage(
                    "create: the visibility is given twice (--visibility and sourceVisibility in --body)")
            }
            model = model.merging(body)
        }
        return model
    }

    /// What to do next, or what was made: one note on standard error.
    private static func createNotes(
        _ created: JSON, name: String, id: String, providerId: String?, in shell: isolated Shell
    ) {
        if let providerId {
            shell.console.diagnose(
                .note,
                "created the SECURED source '\(name)' (\(id)) and its security identity "
                    + "provider '\(providerId)', which it references"
            )
        } else {
            noteSecuredWithoutProvider(
                created, name: name, id: id, oneStep: "or `create --with-provider` in one step", in: shell)
        }
    }

    /// A SECURED source no provider expands the permissions of: its items reach no one. Said after `create` and
    /// after an `update` that makes a source SECURED, with the command that mends it.
    private static func noteSecuredWithoutProvider(
        _ model: JSON, name: String, id: String, oneStep: String? = nil, in shell: isolated Shell
    ) {
        if let note = SourceRules.securedWithoutProvider(model, name: name, id: id, oneStep: oneStep) {
            shell.console.diagnose(.note, note)
        }
    }
}
