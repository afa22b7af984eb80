import CoveoAPI
import Foundation

/// `permissions`: show or set a PRIVATE or SHARED source's source-level permissions.
struct PermissionsCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "permissions", group: .sources,
        summary: "Show or set a PRIVATE or SHARED source's source-level permissions",
        positionals: [CommandSpec.source],
        options: [
            CommandCatalog.allowOption, CommandCatalog.denyOption,
            .init("anyone", help: "anonymous users may see the items"),
            .init("clear", help: "remove every source-level permission"),
            outputOption,
        ],
        operation: "GET then PUT /rest/organizations/{org}/sources/{sourceId}/raw",
        example: "permissions $id --allow alice@example.com --allow sales:group",
        details: """
            Writes configuration.sourceSecurityOption Specified and configuration.permissions in the raw configuration,
            then reads them back. The provider defaults to the Email Security Provider. A SECURED source is refused:
            its permissions live on its items.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(call: "GET /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceView),
            .init(call: "PUT /rest/organizations/{org}/sources/{sourceId}/raw", privilege: sourceEdit),
        ],
        fields: """
            configuration.sourceSecurityOption  Specified: the source's own permissions apply to all its items
            configuration.permissions           levels of sets: allowAnonymous, allowedPermissions, deniedPermissions
            each identity                       identity, identityType (User, Group, VirtualGroup), securityProvider
            """,
        reference: "seed note on source-level permissions (docs.coveo.com/en/3246); reference section 3.7")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        !(args.has("allow") || args.has("deny") || args.has("anyone") || args.has("clear"))
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.permissions(args)
        return .success
    }
}

extension Shell {
    func permissions(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args[CommandSpec.source], client: client)
        let source = try SourceModel(try await client.getSource(id))
        let name = source.name
        let visibility = source.visibility ?? ""
        guard visibility != "SECURED" else {
            throw ShellError.failure(
                "permissions: '\(name)' is SECURED: its permissions live on each item (push "
                    + "--allow/--deny/--anyone), resolved by its security identity provider; "
                    + "source-level permissions are for PRIVATE and SHARED sources"
            )
        }
        let writing = args.has("allow") || args.has("deny") || args.has("anyone") || args.has("clear")
        if writing { try await writePermissions(args, id: id, visibility: visibility, client: client) }
        // Read back what the platform now holds.
        let raw = try await client.getRawSource(id)
        let configuration = raw["configuration"] ?? [:]
        let result: JSON = [
            "sourceId": .string(id), "sourceVisibility": .string(visibility),
            "sourceSecurityOption": configuration["sourceSecurityOption"] ?? .null,
            "permissions": configuration["permissions"] ?? [],
        ]
        session.last = result
        guard isHumanOutput(args) else {
            console.write(renderer.json(result, format: format(args)) + "\n")
            return
        }
        let rows = Self.permissionRows(configuration)
        if rows.isEmpty {
            console.write("'\(name)' (\(visibility)) has no source-level permissions.\n")
        } else {
            console.write(
                renderer.table(headers: ["SET", "ACCESS", "IDENTITY", "TYPE", "PROVIDER"], rows: rows) + "\n")
        }
    }

    /// Replaces the source-level permissions (or clears them) in the raw configuration, read and written back.
    private func writePermissions(
        _ args: ParsedArguments, id: String, visibility: String, client: CoveoClient
    )
        async throws
    {
        if args.has("clear"), args.has("allow") || args.has("deny") || args.has("anyone") {
            throw ShellError.usage(
                "permissions: --clear removes every permission; it goes without --allow, --deny and --anyone")
        }
        let allowed = try args.all("allow").map(Self.identity)
        let denied = try args.all("deny").map(Self.identity)
        var raw = try await client.getRawSource(id)
        guard raw.objectValue != nil else {
            throw ShellError.failure("permissions: the raw configuration read from the platform is not an object")
        }
        var configuration = raw["configuration"]?.objectValue ?? JSONObject()
        configuration["sourceSecurityOption"] = "Specified"
        configuration["permissions"] =
            args.has("clear")
            ? []
            : [
                [
                    "name": "Source Specified Permissions",
                    "permissionSets": [
                        [
                            "name": .string(visibility == "SHARED" ? "Shared" : "Private"),
                            "allowAnonymous": .bool(args.has("anyone")), "allowedPermissions": .array(allowed),
                            "deniedPermissions": .array(denied),
                        ]
                    ],
                ]
            ]
        raw["configuration"] = .object(configuration)
        _ = try await client.updateRawSource(id, raw)
    }

    /// One row per permission: set, allow or deny, identity, type, provider.
    private static func permissionRows(_ configuration: JSON) -> [[String]] {
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
