import CoveoAPI
import Foundation

/// Security identities pushed to a provider (Push API, docs.coveo.com/en/55): users, groups and virtual
/// groups with their members, aliases across providers, deletes, batches and older-than clean-ups.
extension Shell {

    func identity(_ args: ParsedArguments) async throws {
        let provider = args.positionals[0]
        let action = args.positionals[1]
        let name = args.positionals.count > 2 ? args.positionals[2] : nil
        let needsName = ["set", "alias", "delete"].contains(action)
        if needsName, name == nil { throw ShellError.usage("identity \(action): missing NAME (usage: identity PROVIDER \(action) NAME ...)") }
        if action == "push", name?.hasPrefix("@") != true {
            throw ShellError.usage("identity push: give the batch file as @FILE ({\"members\": [...], \"mappings\": [...], \"deleted\": [...]})")
        }
        if ["list", "remove"].contains(action), let name { throw ShellError.usage("identity \(action): unexpected argument '\(name)'") }
        let allowedOptions: [String: Set<String>] = [
            "set": ["type", "member", "granted", "ordering-id"], "alias": ["type", "to", "granted", "ordering-id"],
            "delete": ["type", "ordering-id"], "push": ["ordering-id"], "remove": ["older-than", "queue-delay", "force", "yes"],
            "list": ["output"],
        ]
        let given = Set(args.values.keys).union(args.flags).subtracting(["dry-run"])
        if let stray = given.subtracting(allowedOptions[action] ?? []).sorted().first {
            throw ShellError.usage("identity \(action): --\(stray) does not go with `\(action)`")
        }
        let orderingId = args.value("ordering-id").flatMap { Int64($0) }
        let client = try await client()
        switch action {
        case "set":
            guard let typeText = args.value("type") else {
                throw ShellError.usage("identity set: give --type user|group|virtual-group")
            }
            let identity = try Self.pushIdentity(name ?? "", type: typeText)
            let body: JSON = [
                "identity": identity, "members": .array(try args.all("member").map(Self.pushIdentity)),
                "wellKnowns": .array(try args.all("granted").map(Self.pushIdentity)),
            ]
            try await client.putIdentity(provider, body, orderingId: orderingId)
            console.write("Accepted \(identity["type"]?.stringValue?.lowercased() ?? "") '\(name ?? "")' for \(provider)\n")
        case "alias":
            let targets = args.all("to")
            guard !targets.isEmpty else { throw ShellError.usage("identity alias: give at least one --to NAME:TYPE[:PROVIDER]") }
            let identity = try Self.pushIdentity(name ?? "", type: args.value("type") ?? "user")
            let mappings = try targets.map { text -> JSON in
                let parsed = try Self.identity(text)
                var mapping: JSON = [
                    "name": parsed["identity"] ?? "", "type": .string(Self.identityName(ofPermissionType: parsed["identityType"]?.stringValue ?? "User")),
                ]
                // The provider is only needed when the identity's provider cascades to several (the default is theirs).
                if text.split(separator: ":", maxSplits: 2).count == 3 { mapping["provider"] = parsed["securityProvider"] }
                return mapping
            }
            let body: JSON = [
                "identity": identity, "mappings": .array(mappings),
                "wellKnowns": .array(try args.all("granted").map(Self.pushIdentity)),
            ]
            try await client.putAlias(provider, body, orderingId: orderingId)
            console.write("Accepted alias '\(name ?? "")' -> \(targets.joined(separator: ", ")) for \(provider)\n")
        case "delete":
            let identity = try Self.pushIdentity(name ?? "", type: args.value("type") ?? "user")
            try await client.deleteIdentity(provider, ["identity": identity], orderingId: orderingId)
            console.write("Accepted the deletion of '\(name ?? "")' from \(provider)\n")
        case "push":
            let (data, batch) = try readJSONFile(String((name ?? "").dropFirst()), label: "identity push \(name ?? "")")
            guard let object = batch.objectValue, !object.isEmpty,
                object.keys.allSatisfy({ ["members", "mappings", "deleted"].contains($0) })
            else {
                throw ShellError.usage(
                    "identity push \(name ?? ""): expected {\"members\": [...], \"mappings\": [...], \"deleted\": [...]} (docs.coveo.com/en/55)")
            }
            let counts = ["members", "mappings", "deleted"].map { key in "\(object[key]?.arrayValue?.count ?? 0) \(key)" }
            let fileId = try await client.uploadToNewContainer(data)
            try await client.pushIdentityBatch(provider, fileId: fileId, orderingId: orderingId)
            console.write("Accepted a batch of \(counts.joined(separator: ", ")) for \(provider) (file container \(fileId))\n")
        case "remove":
            guard let text = args.value("older-than") else {
                throw ShellError.usage("identity remove: give --older-than ISO8601|EPOCH_MS")
            }
            guard let limit = EpochMilliseconds.parse(text) else {
                throw ShellError.usage("identity remove: --older-than '\(text)' is neither an ISO 8601 date-time nor epoch milliseconds")
            }
            if limit > clock.now(), !args.has("force") {
                throw ShellError.failure(
                    "identity remove: --older-than \(EpochMilliseconds.iso8601(limit)) is in the future: every identity pushed until then would be deleted as it arrives; add --force if that is what you want")
            }
            guard try await confirmed(args, { "Delete every identity of \(provider) pushed before \(EpochMilliseconds.iso8601(limit))? [y/N] " })
            else { return }
            try await client.deleteOldIdentities(provider, orderingId: limit, queueDelay: args.value("queue-delay").flatMap { Int($0) })
            console.write("Accepted the deletion of \(provider)'s identities older than \(EpochMilliseconds.iso8601(limit))\n")
        default:
            let result = try await sandboxOnly("identity list: only a pshell sandbox can list a provider's identities (the platform has no such API)") {
                () throws(APIError) in try await client.sandboxIdentities(provider)
            }
            session.last = result
            guard isHumanOutput(args) else {
                console.write(renderer.json(result, format: format(args)) + "\n")
                return
            }
            let rows = (result["identities"]?.arrayValue ?? []).map { entry -> [String] in
                let related = (entry["members"]?.arrayValue ?? entry["mappings"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                return [
                    entry["identity"]?["name"]?.stringValue ?? "", entry["identity"]?["type"]?.stringValue ?? "",
                    entry["kind"]?.stringValue == "ALIAS" ? "alias of" : "members", related.joined(separator: ", "),
                ]
            }
            if rows.isEmpty {
                console.write("\(provider) holds no identities.\n")
            } else {
                console.write(renderer.table(headers: ["NAME", "TYPE", "", "IDENTITIES"], rows: rows) + "\n")
            }
        }
    }

    /// `NAME[:TYPE]` as the Push API writes an identity: `{name, type}` with an upper-case type.
    static func pushIdentity(_ text: String) throws -> JSON {
        var name = text
        var type = "user"
        if let colon = text.lastIndex(of: ":"), IdentityType(word: text[text.index(after: colon)...]) != nil {
            name = String(text[..<colon])
            type = String(text[text.index(after: colon)...])
        }
        return try pushIdentity(name, type: type)
    }

    static func pushIdentity(_ name: String, type: String) throws -> JSON {
        guard !name.isEmpty else { throw ShellError.usage("an identity needs a name") }
        guard let upper = IdentityType(word: type)?.identityName else {
            throw ShellError.usage("'\(type)' is not an identity type: user, group, virtual-group or unknown")
        }
        return ["name": .string(name), "type": .string(upper)]
    }

    /// The permission models' type (`User`) in the identity API's spelling (`USER`).
    static func identityName(ofPermissionType type: String) -> String {
        (IdentityType.allCases.first { $0.permissionName == type } ?? .unknown).identityName
    }
}
