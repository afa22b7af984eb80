import CoveoAPI
import Foundation

/// Source-level permissions (PRIVATE and SHARED sources), written through the raw JSON configuration
/// (docs.coveo.com/en/3246), and the raw configuration itself.
extension Shell {
    func permissions(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args.positionals[0], client: client)
        let source = try await client.getSource(id)
        let name = source["name"]?.stringValue ?? id
        let visibility = source["sourceVisibility"]?.stringValue ?? ""
        guard visibility != "SECURED" else {
            throw ShellError.failure(
                "permissions: '\(name)' is SECURED: its permissions live on each item (push --allow/--deny/--anyone), resolved by its security identity provider; source-level permissions are for PRIVATE and SHARED sources")
        }
        let writing = args.has("allow") || args.has("deny") || args.has("anyone") || args.has("clear")
        if writing {
            if args.has("clear"), args.has("allow") || args.has("deny") || args.has("anyone") {
                throw ShellError.usage("permissions: --clear removes every permission; it goes without --allow, --deny and --anyone")
            }
            let allowed = try args.all("allow").map(Self.identity)
            let denied = try args.all("deny").map(Self.identity)
            var raw = try await client.getRawSource(id)
            guard raw.objectValue != nil else { throw ShellError.failure("permissions: the raw configuration read from the platform is not an object") }
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
        var rows: [[String]] = []
        for level in configuration["permissions"]?.arrayValue ?? [] {
            for set in level["permissionSets"]?.arrayValue ?? [] {
                let setName = set["name"]?.stringValue ?? ""
                if set["allowAnonymous"]?.boolValue == true { rows.append([setName, "allow", "anyone (anonymous)", "", ""]) }
                for (key, access) in [("allowedPermissions", "allow"), ("deniedPermissions", "deny")] {
                    for identity in set[key]?.arrayValue ?? [] {
                        rows.append([
                            setName, access, identity["identity"]?.stringValue ?? "", identity["identityType"]?.stringValue ?? "",
                            identity["securityProvider"]?.stringValue ?? "",
                        ])
                    }
                }
            }
        }
        if rows.isEmpty {
            console.write("'\(name)' (\(visibility)) has no source-level permissions.\n")
        } else {
            console.write(renderer.table(headers: ["SET", "ACCESS", "IDENTITY", "TYPE", "PROVIDER"], rows: rows) + "\n")
        }
    }

    func raw(_ args: ParsedArguments) async throws {
        let client = try await client()
        let id = try await sourceID(args.positionals[0], client: client)
        guard let file = args.value("put") else {
            emit(try await client.getRawSource(id), args)
            return
        }
        guard file.hasPrefix("@") else { throw ShellError.usage("raw: --put takes @FILE (a raw configuration, as `raw ID --output json` prints it)") }
        let label = "raw --put \(file)"
        let value = try readJSONFile(String(file.dropFirst()), label: label).json
        let object = try jsonObject(value, label: label)
        try refuseRename(of: try await client.getSource(id), to: object, command: "raw")
        emit(try await client.updateRawSource(id, value), args)
    }
}
