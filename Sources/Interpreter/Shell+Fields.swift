import CoveoAPI
import Foundation

/// Index fields: `field list|create|delete`, and the fields `push` creates for its items' metadata.
extension Shell {
    static let fieldTypes = ["STRING", "LONG", "LONG_64", "DOUBLE", "DATE"]

    func field(_ args: ParsedArguments) async throws {
        let action = args.positionals[0]
        let names = Array(args.positionals.dropFirst())
        if action == "list", let name = names.first { throw ShellError.usage("field list: unexpected argument '\(name)'") }
        if action != "list", names.isEmpty { throw ShellError.usage("field \(action): missing NAME (usage: field \(action) NAME...)") }
        for option in ["type", "facet", "multi-value", "sort", "description"] where args.has(option) && action != "create" {
            throw ShellError.usage("field \(action): --\(option) goes with `field create`")
        }
        if args.has("filter"), action != "list" { throw ShellError.usage("field \(action): --filter goes with `field list`") }
        let client = try await client()
        switch action {
        case "list":
            let fields = try await client.allFields()
            let filter = args.value("filter")?.lowercased() ?? ""
            let shown = fields.filter { filter.isEmpty || ($0["name"]?.stringValue ?? "").contains(filter) }
            session.last = ["items": .array(shown), "totalEntries": .int(shown.count)]
            guard isHumanOutput(args) else {
                console.write(renderer.json(session.last ?? .null, format: format(args)) + "\n")
                return
            }
            let rows = shown.map { field -> [String] in
                let flags = [("facet", "facet"), ("multiValueFacet", "multi-value"), ("sort", "sort")]
                    .filter { field[$0.0]?.boolValue == true }.map(\.1)
                return [
                    field["name"]?.stringValue ?? "", field["type"]?.stringValue ?? "",
                    flags.isEmpty ? "-" : flags.joined(separator: ","), field["system"]?.boolValue == true ? "standard" : "user",
                ]
            }
            console.write(renderer.table(headers: ["NAME", "TYPE", "OPTIONS", "ORIGIN"], rows: rows) + "\n")
            console.write("\(shown.count) field\(shown.count == 1 ? "" : "s")\n")
        case "create":
            let type = args.value("type") ?? "STRING"
            var models: [JSON] = []
            for name in names {
                guard name.wholeMatch(of: /[a-z][a-z0-9_]*/) != nil else {
                    throw ShellError.usage(
                        "field create: '\(name)' is not a field name: lower-case letters, digits and underscores, starting with a letter")
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
            try await client.createFields(models)
            session.last = .array(models)
            if format(args) == .auto {
                console.write(names.joined(separator: "\n") + "\n")
            } else {
                console.write(renderer.json(.array(models), format: format(args)) + "\n")
            }
        default:
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            guard try await confirmed(args, { "Delete the field\(names.count == 1 ? "" : "s") \(list)? Items keep their values but they stop being searchable. [y/N] " })
            else { return }
            try await client.deleteFields(names)
            console.write("Deleted field\(names.count == 1 ? "" : "s") \(names.joined(separator: ", "))\n")
        }
    }

    /// A planner over the organization's fields, or nil when the push should not create any: `--no-create-fields`,
    /// or a token that may not read fields (a key made for one source): then the push goes on, and says so.
    func fieldPlanner(_ args: ParsedArguments, client: CoveoClient) async throws -> FieldPlanner? {
        guard !args.has("no-create-fields") else { return nil }
        let fields: [JSON]
        do {
            fields = try await client.allFields()
        } catch {
            guard error.status == 403 else { throw error }
            console.diagnose(
                "warning: this token may not read the organization's fields (\(error.errorCode ?? "HTTP 403")), so the items' "
                    + "metadata fields were not checked; metadata without a field is not searchable (--no-create-fields skips this check)")
            return nil
        }
        return FieldPlanner(existingFields: fields)
    }

    /// Creates the fields the planned items need, and says which.
    func createPlannedFields(_ planner: inout FieldPlanner?, client: CoveoClient) async throws {
        guard var current = planner else { return }
        let fields = current.take()
        planner = current
        guard !fields.isEmpty else { return }
        try await client.createFields(fields)
        let described = fields.map { "\($0["name"]?.stringValue ?? "") (\($0["type"]?.stringValue ?? ""))" }
        console.diagnose("note: created \(fields.count) field\(fields.count == 1 ? "" : "s") for the items' metadata: \(described.joined(separator: ", "))")
    }

    /// What the planner could not do, said once at the end of a push.
    func reportFieldProblems(_ planner: FieldPlanner?) {
        guard let planner else { return }
        if !planner.unusableNames.isEmpty {
            console.diagnose(
                "warning: no field can be named \(planner.unusableNames.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "(lower-case letters, digits and underscores, starting with a letter): that metadata is not searchable")
        }
        for (name, types) in planner.conflicts.sorted(by: { $0.key < $1.key }) {
            console.diagnose(
                "warning: '\(name)' holds both \(types.0) and \(types.1) values: no field was created for it; "
                    + "create it yourself (`field create \(name) --type STRING`)")
        }
    }
}
