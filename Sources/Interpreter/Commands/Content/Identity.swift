import CoveoAPI
import Foundation

/// `identity`: security identities of a provider: set, alias, delete, push @FILE, remove, list.
struct IdentityCommand: APICommand {
    static let provider = CommandSpec.Positional("PROVIDER", .providerID)
    static let action = CommandSpec.Positional("ACTION", .choice(["set", "alias", "delete", "push", "remove", "list"]))
    static let name = CommandSpec.Positional("NAME|@FILE", optional: true)

    static let spec = CommandSpec(
        name: "identity", group: .content,
        summary: "Security identities of a provider: set, alias, delete, push @FILE, remove, list",
        positionals: [provider, action, name],
        options: [
            .init(
                "type", value: .choice(["user", "group", "virtual-group", "unknown"]),
                valueName: "user|group|virtual-group", help: "the identity's type",
                actions: ["set", "alias", "delete"]),
            .init(
                "member", value: .text, valueName: "NAME:TYPE", repeatable: true,
                help: "with set: a member of the group", actions: ["set"]),
            .init(
                "granted", value: .text, valueName: "NAME:TYPE", repeatable: true,
                help: "an identity it is granted (wellKnowns)", actions: ["set", "alias"]),
            .init(
                "to", value: .text, valueName: "NAME:TYPE[:PROVIDER]", repeatable: true,
                help: "with alias: the identity it stands for", actions: ["alias"]),
            .init(
                "ordering-id", value: .number(min: 0), valueName: "N", help: "the operation's orderingId",
                actions: ["set", "alias", "delete", "push"]),
            .init(
                "older-than", value: .time, valueName: "TIME",
                help: "with remove: delete the identities pushed before (ISO 8601, epoch ms, or a time ago: 7d)",
                actions: ["remove"]),
            .init(
                "queue-delay", value: .number(min: 0, max: Int(Int32.max)), valueName: "MINUTES",
                help: "with remove: grace period",
                actions: ["remove"]),
            .init("force", help: "with remove: allow a time in the future", actions: ["remove"]),
            .init("yes", short: "y", help: "do not ask for confirmation", actions: ["remove"]),
        ] + tableOptions.map { $0.name == "output" ? $0 : $0.only(["list"]) },
        operation:
            "PUT|DELETE /push/v1/organizations/{org}/providers/{providerId}/permissions[/batch|/olderthan], /mappings",
        example: "identity MyPushSourceProvider set sales --type group --member alice@example.com:user",
        details: """
            Items of a SECURED source name identities in their permissions; the provider must know them, or the items
            are rejected at indexing. `identity PROVIDER list` shows what the security cache holds of the provider.
            `push @FILE` sends {"members": [...], "mappings": [...], "deleted": [...]} through a file container.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(.putIdentity, note: "set"), .init(.putAlias, note: "alias"), .init(.deleteIdentity, note: "delete"),
            .init(.deleteOlderIdentities, note: "remove"), .init(.pushIdentityBatch, query: "?fileId=", note: "push"),
            .init(.listSecurityIdentities, query: "?page=&perPage=", note: "list"),
        ],
        fields:
            "identity {name, type USER|GROUP|VIRTUAL_GROUP}, members, wellKnowns (granted "
            + "identities), mappings (aliases).",
        reference: "docs.coveo.com/en/55 and /en/167")

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args[action] == "list"
    }

    /// `identity PROVIDER ACTION [NAME] ...`: checks the words that go with ACTION, then carries it out.
    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let provider = args[IdentityCommand.provider]
        let action = args[IdentityCommand.action]
        let name = args.word(IdentityCommand.name)
        let needsName = ["set", "alias", "delete"].contains(action)
        if needsName, name == nil {
            throw ShellError.usage("identity \(action): missing NAME (usage: identity PROVIDER \(action) NAME ...)")
        }
        if action == "push", name?.hasPrefix("@") != true {
            throw ShellError.usage(
                "identity push: give the batch file as @FILE ({\"members\": [...], \"mappings\": "
                    + "[...], \"deleted\": [...]})"
            )
        }
        if ["list", "remove"].contains(action), let name {
            throw ShellError.usage("identity \(action): unexpected argument '\(name)'")
        }
        let orderingId = args.optionalNumber("ordering-id").map(Int64.init)
        let target = IdentityTarget(
            provider: provider, name: name ?? "", orderingId: orderingId, client: context.client)
        switch action {
        case "set": return try await set(args, target)
        case "alias": return try await alias(args, target)
        case "delete": return try await delete(args, target)
        case "push": return try await push(args, target, context.inputs)
        case "remove": return try await remove(args, target, context)
        default: return try await list(target)
        }
    }

    /// What every `identity` action works on.
    struct IdentityTarget {
        var provider: String
        var name: String
        var orderingId: Int64?
        var client: CoveoClient

        /// The JSON summary of an accepted action: the provider, the action, what was sent.
        func accepted(_ action: String, _ body: JSON) -> JSON {
            var summary: JSON = ["provider": .string(provider), "accepted": .string(action)]
            for member in body.objectValue?.members ?? [] { summary[member.key] = member.value }
            if let orderingId { summary["orderingId"] = .int64(orderingId) }
            return summary
        }
    }

    /// `identity P set NAME --type T [--member ...] [--granted ...]`: add or replace an identity.
    private static func set(_ args: ParsedArguments, _ target: IdentityTarget) async throws -> CommandResult {
        guard let typeText = args.value("type") else {
            throw ShellError.usage("identity set: give --type user|group|virtual-group")
        }
        let identity = try IdentityType.pushIdentity(target.name, type: typeText)
        let body: JSON = [
            "identity": identity, "members": .array(try args.all("member").map(IdentityType.pushIdentity)),
            "wellKnowns": .array(try args.all("granted").map(IdentityType.pushIdentity)),
        ]
        try await target.client.putIdentity(target.provider, body, orderingId: target.orderingId)
        // As the option spells it (`virtual-group`).
        let type = (identity["type"]?.stringValue ?? "").lowercased().replacingOccurrences(of: "_", with: "-")
        return .summary(
            target.accepted("set", body), prose: "Accepted \(type) '\(target.name)' for \(target.provider)")
    }

    /// `identity P alias NAME --to NAME:TYPE[:PROVIDER]...`: map an identity to others.
    private static func alias(_ args: ParsedArguments, _ target: IdentityTarget) async throws -> CommandResult {
        let targets = args.all("to")
        guard !targets.isEmpty else {
            throw ShellError.usage("identity alias: give at least one --to NAME:TYPE[:PROVIDER]")
        }
        let identity = try IdentityType.pushIdentity(target.name, type: args.value("type") ?? "user")
        let mappings = try targets.map { text -> JSON in
            let parsed = try IdentityType.identity(text)
            var mapping: JSON = [
                "name": parsed["identity"] ?? "",
                "type": .string(
                    IdentityType.identityName(ofPermissionType: parsed["identityType"]?.stringValue ?? "User")),
            ]
            // `provider` (MappedIdentity) is only needed when the identity's provider cascades to several (the
            // default is theirs).
            if text.split(separator: ":", maxSplits: 2).count == 3 {
                mapping["provider"] = parsed["securityProvider"]
            }
            return mapping
        }
        let body: JSON = [
            "identity": identity, "mappings": .array(mappings),
            "wellKnowns": .array(try args.all("granted").map(IdentityType.pushIdentity)),
        ]
        try await target.client.putAlias(target.provider, body, orderingId: target.orderingId)
        return .summary(
            target.accepted("alias", body),
            prose: "Accepted alias '\(target.name)' -> \(targets.joined(separator: ", ")) for \(target.provider)")
    }

    /// `identity P delete NAME [--type T]`.
    private static func delete(_ args: ParsedArguments, _ target: IdentityTarget) async throws -> CommandResult {
        let identity = try IdentityType.pushIdentity(target.name, type: args.value("type") ?? "user")
        try await target.client.deleteIdentity(target.provider, ["identity": identity], orderingId: target.orderingId)
        return .summary(
            target.accepted("delete", ["identity": identity]),
            prose: "Accepted the deletion of '\(target.name)' from \(target.provider)")
    }

    /// `identity P push @FILE`: a batch of members, mappings and deletions through a file container.
    private static func push(
        _ args: ParsedArguments, _ target: IdentityTarget, _ inputs: Inputs
    ) async throws -> CommandResult {
        let (data, batch) = try inputs.jsonFile(
            String((target.name).dropFirst()), label: "identity push \(target.name)")
        guard let object = batch.objectValue, !object.isEmpty else {
            throw ShellError.usage(
                "identity push \(target.name): expected {\"members\": [...], \"mappings\": "
                    + "[...], \"deleted\": [...]} (docs.coveo.com/en/55)"
            )
        }
        if let problem = IdentityBatch.problem(in: object) {
            throw ShellError.usage("identity push \(target.name): \(problem); nothing was sent (docs.coveo.com/en/55)")
        }
        let counts = ["members", "mappings", "deleted"].map { key in "\(object[key]?.arrayValue?.count ?? 0) \(key)"
        }
        let fileId = try await target.client.uploadToNewContainer(data)
        try await target.client.pushIdentityBatch(target.provider, fileId: fileId, orderingId: target.orderingId)
        var summary = target.accepted("push", [:])
        for key in ["members", "mappings", "deleted"] { summary[key] = .int(object[key]?.arrayValue?.count ?? 0) }
        summary["fileId"] = .string(fileId)
        return .summary(
            summary,
            prose: "Accepted a batch of \(counts.joined(separator: ", ")) for \(target.provider) "
                + "(file container \(fileId))")
    }

    /// `identity P remove --older-than DATE`: every identity pushed before it.
    private static func remove(
        _ args: ParsedArguments, _ target: IdentityTarget, _ context: CommandContext
    ) async throws -> CommandResult {
        guard let text = args.value("older-than") else {
            throw ShellError.usage("identity remove: give --older-than TIME")
        }
        guard let limit = Moment.milliseconds(text, now: context.clock.now()) else {
            preconditionFailure("parse checks --older-than's form")
        }
        if limit > context.clock.now(), !args.has("force") {
            throw ShellError.failure(
                "identity remove: --older-than \(EpochMilliseconds.iso8601(limit)) is in "
                    + "the future: every identity pushed until then would be deleted as it arrives; "
                    + "add --force if that is what you want"
            )
        }
        guard
            try await context.confirmation.confirmed(
                args,
                {
                    "Delete every identity of \(target.provider) pushed before \(EpochMilliseconds.iso8601(limit))? "
                        + "[y/N] "
                }
            )
        else { return .nothing }
        try await target.client.deleteOldIdentities(
            target.provider, orderingId: limit, queueDelay: args.optionalNumber("queue-delay"))
        var summary = target.accepted("remove", [:])
        summary["olderThan"] = .string(EpochMilliseconds.iso8601(limit))
        return .summary(
            summary,
            prose: "Accepted the deletion of \(target.provider)'s identities older than "
                + EpochMilliseconds.iso8601(limit))
    }

    /// `identity P list`: the security cache's identities of the provider (`securitycache/entities/list`), every
    /// page, on the platform and the sandbox alike. What each holds is in its `infos`: the sandbox puts its kind
    /// and its members or the identities it is an alias of there.
    private static func list(_ target: IdentityTarget) async throws -> CommandResult {
        let filter: JSON = ["providerIds": [.string(target.provider)], "extractPreciseTotalCount": true]
        var items: [SecurityCachePage.Member] = []
        var total = 0
        for page in 0..<Self.maximumPages {
            let answer = try SecurityCachePage(
                try await target.client.listSecurityIdentities(filter, page: page, perPage: 1000))
            items += answer.members
            total = answer.totalEntries ?? items.count
            if answer.members.isEmpty || items.count >= total { break }
        }
        // The listing says nothing of a provider it does not know: an unknown one is its 404, not an empty table.
        if items.isEmpty { _ = try await target.client.getProvider(target.provider) }
        let rows = items.map { entry -> [String] in
            let infos = entry.infos.map { ($0.key, $0.value) }
            let kind = infos.first { $0.0 == "kind" }?.1
            let related = infos.filter { $0.0 != "kind" }.map {
                ["members", "aliasOf"].contains($0.0) ? $0.1 : "\($0.0)=\($0.1)"
            }
            return [
                entry.name, entry.type,
                related.isEmpty ? "" : kind.map { $0 == "ALIAS" ? "alias of" : "members" } ?? "",
                related.joined(separator: "; "),
            ]
        }
        return .table(
            ["items": .array(items.map(\.json)), "totalEntries": .int(total)],
            Table(
                headers: ["NAME", "TYPE", "KIND", "IDENTITIES"], rows: rows,
                empty: "\(target.provider) holds no identities."))
    }

    /// Pages of 1,000 read by `list`: 100,000 identities at most.
    static let maximumPages = 100
}
