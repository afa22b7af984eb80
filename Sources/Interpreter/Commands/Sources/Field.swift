import CoveoAPI
import Foundation

/// `field`: index fields: list, create, delete (metadata without a field is not searchable).
struct FieldCommand: APICommand {
    static let action = CommandSpec.Positional("ACTION", .choice(["list", "create", "delete"]))
    static let names = CommandSpec.Positional("NAME", optional: true, variadic: true)

    static let spec = CommandSpec(
        name: "field", group: .sources,
        summary: "Index fields: list, create, delete (metadata without a field is not searchable)",
        positionals: [action, names],
        options: [
            .init(
                "filter", value: .text, valueName: "TEXT", help: "with list: only fields whose name contains TEXT",
                actions: ["list"]),
            .init(
                "type", value: .choice(FieldType.forMetadata.map(\.rawValue)),
                valueName: "STRING|LONG|LONG_64|DOUBLE|DATE",
                help: "with create: the field's type (default STRING)", actions: ["create"]),
            .init("facet", help: "with create: values can be facets (Group By)", actions: ["create"]),
            .init(
                "multi-value", help: "with create: several values separated by ';' (a multi-value facet)",
                actions: ["create"]),
            .init("sort", help: "with create: results can be sorted on it", actions: ["create"]),
            .init(
                "description", value: .text, valueName: "TEXT", help: "with create: what the field holds",
                actions: ["create"]),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
        ] + tableOptions.map { $0.name == "output" ? $0 : $0.only(["list"]) },
        operation:
            "GET /rest/organizations/{org}/sources/page/fields, POST .../sources/fields/batch/create, "
            + "DELETE .../sources/fields/batch/delete",
        example: "field create category --facet",
        details: """
            An item's metadata is searchable only through a field of the same name (lower-case). `push` creates the
            fields its items need, typed from their values as Coveo's push clients do (--no-create-fields skips it);
            `field create` makes one by hand, with the options a facet or a sort needs. Standard fields cannot be \
            deleted.
            """)

    static let explanation: Explanation? = Explanation(
        operations: [
            .init(CoveoOperation.sourceFields.page),
            .init(.searchFields, note: "list --filter"),
            .init(CoveoOperation.sourceFields.createBatch),
            .init(
                call: "DELETE /rest/organizations/{org}/sources/fields/batch/delete?fields=",
                privilege: "PLATFORM / FIELD / EDIT on *"),
        ],
        fields: """
            name    lower-case letters, digits, underscores; an item's metadata key of the same name fills it
            type    STRING, LONG (32-bit), LONG_64, DOUBLE, DATE; it cannot change once the field exists
            facet, multiValueFacet, sort   what queries may do with it
            """,
        reference: "docs.coveo.com/en/200 (fields), docs.coveo.com/en/1707#fields-domain")

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args[action] == "list"
    }

    nonisolated(nonsending) static func run(
        _ args: ParsedArguments, _ context: CommandContext
    ) async throws -> CommandResult {
        let action = args[FieldCommand.action]
        let names = args.words(FieldCommand.names)
        if action == "list", let name = names.first {
            throw ShellError.usage("field list: unexpected argument '\(name)'")
        }
        if action != "list", names.isEmpty {
            throw ShellError.usage("field \(action): missing NAME (usage: field \(action) NAME...)")
        }
        switch action {
        case "list": return try await list(args, context.client)
        case "create": return try await create(args, names, context.fields)
        default: return try await delete(args, names, context)
        }
    }

    /// `field list [--filter TEXT]`: every field, standard ones included, as a table or JSON.
    private static func list(_ args: ParsedArguments, _ client: CoveoClient) async throws -> CommandResult {
        // With --filter, the platform's field search finds them (platform-client's `field.search`).
        let filter = args.value("filter")?.lowercased() ?? ""
        let shown = filter.isEmpty ? try await client.allFields() : try await client.allFields(named: filter)
        let rows = shown.map(FieldModel.init).map { field -> [String] in
            let flags = [(field.facet, "facet"), (field.multiValueFacet, "multi-value"), (field.sort, "sort")]
                .filter(\.0).map(\.1)
            return [
                field.name ?? "", field.type ?? "", flags.isEmpty ? "-" : flags.joined(separator: ","),
                field.system ? "standard" : "user",
            ]
        }
        return .table(
            ["items": .array(shown), "totalEntries": .int(shown.count)],
            Table(
                headers: ["NAME", "TYPE", "OPTIONS", "ORIGIN"], rows: rows,
                note: "\(shown.count) field\(shown.count == 1 ? "" : "s")", empty: "0 fields"))
    }

    /// `field create NAME... [--type T] [--facet] [--multi-value] [--sort]`: all or nothing, as the platform does.
    private static func create(
        _ args: ParsedArguments, _ names: [String], _ fields: FieldService
    ) async throws -> CommandResult {
        let type = args.value("type") ?? "STRING"
        var models: [JSON] = []
        for name in names {
            guard name.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
                throw ShellError.usage(
                    "field create: '\(name)' is not a field name: lower-case letters, digits "
                        + "and underscores, starting with a letter"
                )
            }
            var model: JSON = ["name": .string(name), "type": .string(type)]
            if args.has("facet") { model["facet"] = true }
            if args.has("multi-value") {
                model["multiValueFacet"] = true
                model["facet"] = true
            }
            if args.has("sort") { model["sort"] = true }
            if let description = args.value("description") { model["description"] = .string(description) }
            models.append(model)
        }
        try await fields.createOnce(models)
        return .summary(.array(models), prose: names.joined(separator: "\n"))
    }

    /// `field delete NAME...`, after a confirmation.
    private static func delete(
        _ args: ParsedArguments, _ names: [String], _ context: CommandContext
    ) async throws -> CommandResult {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        guard
            try await context.confirmation.confirmed(
                args,
                {
                    "Delete the field\(names.count == 1 ? "" : "s") \(list)? Items keep their "
                        + "values but they stop being searchable. [y/N] "
                })
        else { return .nothing }
        try await context.client.deleteFields(names)
        return .summary(
            ["deleted": .array(names.map(JSON.string))],
            prose:
                "Deleted field\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))")
    }
}
