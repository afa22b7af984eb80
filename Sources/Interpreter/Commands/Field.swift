/// `field`: index fields: list, create, delete (metadata without a field is not searchable).
struct FieldCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "field", group: .sources, summary: "Index fields: list, create, delete (metadata without a field is not searchable)",
        positionals: [.init("ACTION", .choice(["list", "create", "delete"])), .init("NAME", optional: true, variadic: true)],
        options: [
            .init("filter", value: .text, valueName: "TEXT", help: "with list: only fields whose name contains TEXT"),
            .init("type", value: .choice(Shell.fieldTypes), valueName: "STRING|LONG|LONG_64|DOUBLE|DATE", help: "with create: the field's type (default STRING)"),
            .init("facet", help: "with create: values can be facets (Group By)"),
            .init("multi-value", help: "with create: several values separated by ';' (a multi-value facet)"),
            .init("sort", help: "with create: results can be sorted on it"),
            .init("description", value: .text, valueName: "TEXT", help: "with create: what the field holds"),
            .init("yes", short: "y", help: "with delete: do not ask for confirmation"),
            outputOption,
        ],
        operation: "GET /rest/organizations/{org}/sources/page/fields, POST .../sources/fields/batch/create, DELETE .../sources/fields/batch/delete",
        example: "field create category --facet",
        details: """
            An item's metadata is searchable only through a field of the same name (lower-case). `push` creates the
            fields its items need, typed from their values as Coveo's push clients do (--no-create-fields skips it);
            `field create` makes one by hand, with the options a facet or a sort needs. Standard fields cannot be deleted.
            """)

    static let explanation: CommandExplanations.Explanation? = CommandExplanations.Explanation(
        operations: [
            .init(call: "GET /rest/organizations/{org}/sources/page/fields", privilege: "PLATFORM / FIELD / VIEW on *"),
            .init(call: "POST /rest/organizations/{org}/sources/fields/batch/create", privilege: "PLATFORM / FIELD / CREATE on *"),
            .init(call: "DELETE /rest/organizations/{org}/sources/fields/batch/delete?fields=", privilege: "PLATFORM / FIELD / EDIT on *"),
        ],
        fields: """
            name    lower-case letters, digits, underscores; an item's metadata key of the same name fills it
            type    STRING, LONG (32-bit), LONG_64, DOUBLE, DATE; it cannot change once the field exists
            facet, multiValueFacet, sort   what queries may do with it
            """,
        reference: "docs.coveo.com/en/200 (fields), docs.coveo.com/en/1707#fields-domain; reference section 3.9")

    static let callsTheAPI = true

    static func isReadOnly(_ args: ParsedArguments) -> Bool {
        args.positionals.first == "list"
    }

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.field(args)
        return .success
    }
}
