import CoveoAPI
import Foundation

/// `permissions`: show or set a PRIVATE or SHARED source's source-level permissions.
struct PermissionsCommand: APICommand {
    static let spec = CommandSpec(
        name: "permissions", group: .sources,
        summary: "Show or set a PRIVATE or SHARED source's source-level permissions",
        positionals: [CommandSpec.source],
        options: [
            CommandCatalog.allowOption, CommandCatalog.denyOption,
            .init("anyone", help: "anonymous users may see the items"),
            .init("clear", help: "remove every source-level permission"),
            .init(
                "add-allow", value: .text, valueName: "IDENTITY", repeatable: true,
                help: "allow one more identity, keeping the others"),
            .init(
                "add-deny", value: .text, valueName: "IDENTITY", repeatable: true,
                help: "deny one more identity, keeping the others"),
            .init(
                "remove", value: .text, valueName: "NAME", repeatable: true,
                help: "take one identity (or anyone) out, keeping the others"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}/raw",
        example: "permissions $id --add-allow carol@example.com --remove alice@example.com",
        details: """
            --allow, --deny, --anyone and --clear replace the whole list (pshell says what they replaced);
            --add-allow, --add-deny and --remove change one identity and keep the rest (--anyone with them adds
            anonymous access; --remove anyone takes it away). Writes configuration.sourceSecurityOption Specified
            and configuration.permissions in the raw configuration, then reads them back. The provider defaults to
            the Email Security Provider. A SECURED source is refused: its permissions live on its items.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [.init(.getRawSource), .init(.updateRawSource)],
        fields: """
            configuration.sourceSecurityOption  Specified: the source's own permissions apply to all its items
            configuration.permissions           levels of sets: allowAnonymous, allowedPermissions, deniedPermissions
            each identity                       identity, identityType (User, Group, VirtualGroup), securityProvider
            """,
        reference: "source-level permissions (docs.coveo.com/en/3246)")

    static let writingOptions = ["allow", "deny", "anyone", "clear", "add-allow", "add-deny", "remove"]

    static func isReadOnly(_ args: ParsedArguments) -> Bool { !writingOptions.contains { args.has($0) } }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let client = context.client
        let id = try await context.sources.id(of: args[CommandSpec.source], client: client)
        let source = try SourceModel(try await client.getSource(id))
        let name = source.name
        let visibility = source.visibility ?? ""
        guard visibility != SourceVisibility.secured.rawValue else {
            throw ShellError.failure(
                "permissions: '\(name)' is SECURED: its permissions live on each item (push "
                    + "--allow/--deny/--anyone), resolved by its security identity provider; "
                    + "source-level permissions are for PRIVATE and SHARED sources"
            )
        }
        if !PermissionsCommand.isReadOnly(args) {
            try await writePermissions(args, id: id, visibility: visibility, context)
        }
        // Read back what the platform now holds.
        let raw = try await client.getRawSource(id)
        let configuration = raw["configuration"] ?? [:]
        let result: JSON = [
            "sourceId": .string(id), "sourceVisibility": .string(visibility),
            "sourceSecurityOption": configuration["sourceSecurityOption"] ?? .null,
            "permissions": configuration["permissions"] ?? [],
        ]
        return .table(
            result,
            Table(
                headers: ["SET", "ACCESS", "IDENTITY", "TYPE", "PROVIDER"], rows: permissionRows(configuration),
                empty: "'\(name)' (\(visibility)) has no source-level permissions."))
    }

    /// Replaces the source-level permissions (or clears them) in the raw configuration, read and written back.
    private static func writePermissions(
        _ args: ParsedArguments, id: String, visibility: String, _ context: CommandContext
    ) async throws {
        let client = context.client
        if args.has("clear"), args.has("allow") || args.has("deny") || args.has("anyone") {
            throw ShellError.usage(
                "permissions: --clear removes every permission; it goes without --allow, --deny and --anyone")
        }
        let edit = PermissionEdit(
            allow: try args.all("add-allow").map(IdentityType.identity),
            deny: try args.all("add-deny").map(IdentityType.identity),
            remove: args.all("remove"), anyone: args.has("anyone"), source: args[CommandSpec.source])
        if !edit.allow.isEmpty || !edit.deny.isEmpty || !edit.remove.isEmpty,
            args.has("allow") || args.has("deny") || args.has("clear")
        {
            throw ShellError.usage(
                "permissions: --add-allow, --add-deny and --remove change one identity; --allow, --deny and --clear "
                    + "replace them all: use one kind or the other")
        }
        let allowed = try args.all("allow").map(IdentityType.identity)
        let denied = try args.all("deny").map(IdentityType.identity)
        var raw = try await client.getRawSource(id)
        guard raw.objectValue != nil else {
            throw ShellError.failure("permissions: the raw configuration read from the platform is not an object")
        }
        var configuration = raw["configuration"]?.objectValue ?? JSONObject()
        let before = PermissionsCommand.permissionRows(.object(configuration))
        configuration["sourceSecurityOption"] = "Specified"
        let setName = visibility == SourceVisibility.shared.rawValue ? "Shared" : "Private"
        let editing = !edit.allow.isEmpty || !edit.deny.isEmpty || !edit.remove.isEmpty
        configuration["permissions"] =
            editing
            ? .array(try edit.applied(to: configuration["permissions"]?.arrayValue ?? [], setName: setName))
            : args.has("clear")
                ? []
                : [
                    [
                        "name": "Source Specified Permissions",
                        "permissionSets": [
                            [
                                "name": .string(setName),
                                "allowAnonymous": .bool(args.has("anyone")), "allowedPermissions": .array(allowed),
                                "deniedPermissions": .array(denied),
                            ]
                        ],
                    ]
                ]
        raw["configuration"] = .object(configuration)
        _ = try await client.updateRawSource(id, raw)
        // The replacing form drops what it does not name: say what went, and how to change one instead.
        let gone = before.filter { !PermissionsCommand.permissionRows(.object(configuration)).contains($0) }
        if !editing, !gone.isEmpty {
            let list = gone.map { "\($0[1]) \($0[2])" }.joined(separator: ", ")
            context.console.diagnose(
                .note,
                "replaced the source's permissions; no longer there: \(list) (--add-allow, --add-deny and --remove "
                    + "change one and keep the others)")
        }
    }

    /// One row per permission: set, allow or deny, identity, type, provider.
    static func permissionRows(_ configuration: JSON) -> [[String]] {
        var rows: [[String]] = []
        for level in configuration["permissions"]?.arrayValue ?? [] {
            for set in level["permissionSets"]?.arrayValue ?? [] {
                let setName = set["name"]?.stringValue ?? ""
                if set["allowAnonymous"]?.boolValue == true {
                    rows.append([setName, "allow", "anyone (anonymous)", "", ""])
                }
                for (key, access) in [("allowedPermissions", "allow"), ("deniedPermissions", "deny")] {
                    for identity in set[key]?.arrayValue ?? [] {
                        rows.append([
                            setName, access, identity["identity"]?.stringValue ?? "",
                            identity["identityType"]?.stringValue ?? "",
                            identity["securityProvider"]?.stringValue ?? "",
                        ])
                    }
                }
            }
        }
        return rows
    }
}
