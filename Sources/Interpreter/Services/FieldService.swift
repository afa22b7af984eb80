import CoveoAPI
import Foundation

/// The fields `push` creates for its items' metadata, and `field create`'s: made once, said once.
struct FieldService: Sendable {
    let client: CoveoClient
    /// Where the fields made, and the metadata no field could be made for, are said.
    let console: any Console
    /// A dry run says what it would create.
    let dryRun: Bool

    /// A planner over the organization's fields, or nil when the push should not create any: `--no-create-fields`,
    /// or a token that may not read fields (a key made for one source): then the push goes on, and says so.
    func planner(_ args: ParsedArguments) async throws -> FieldPlanner? {
        guard !args.has("no-create-fields") else { return nil }
        let fields: [JSON]
        do {
            fields = try await client.allFields()
        } catch {
            guard error.status == 403 else { throw error }
            console.diagnose(
                .warning,
                "this token may not read the organization's fields (\(error.errorCode ?? "HTTP 403")), so the items' "
                    + "metadata fields were not checked; metadata without a field is not searchable "
                    + "(--no-create-fields skips this check)"
            )
            return nil
        }
        return FieldPlanner(existingFields: fields)
    }

    /// Creates the fields the planned items need, and says which.
    func createPlanned(_ planner: inout FieldPlanner?) async throws {
        guard var current = planner else { return }
        let fields = current.take()
        planner = current
        guard !fields.isEmpty else { return }
        try await createOnce(fields)
        let described = fields.map { "\($0["name"]?.stringValue ?? "") (\($0["type"]?.stringValue ?? ""))" }
        console.diagnose(
            .note,
            (dryRun ? "dry run: would create" : "created")
                + " \(fields.count) field\(fields.count == 1 ? "" : "s") for the items' "
                + "metadata: \(described.joined(separator: ", "))"
        )
    }

    /// `POST .../fields/batch/create`, sent once; after an answer that may hide a success, the organization's
    /// fields are read back: every field there means it was done.
    func createOnce(_ fields: [JSON]) async throws {
        let names = fields.compactMap { $0["name"]?.stringValue }
        let list = names.joined(separator: ", ")
        try await CreateOnce(console: console)(
            "field create", absent: "the fields \(list) do not all exist", check: "field list",
            { () async throws(APIError) in try await client.createFields(fields) },
            exists: {
                let existing = Set(try await client.allFields().compactMap { $0["name"]?.stringValue })
                let present = names.count == 1 ? "the field \(list) now exists" : "the fields \(list) now exist"
                return Set(names).isSubset(of: existing) ? ((), present) : nil
            })
    }

    /// What the planner could not do, said once at the end of a push.
    func reportProblems(_ planner: FieldPlanner?) {
        guard let planner else { return }
        if !planner.unusableNames.isEmpty {
            console.diagnose(
                .warning,
                "no field can be named \(planner.unusableNames.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "(lower-case letters, digits and underscores, starting with a letter): "
                    + "that metadata is not searchable"
            )
        }
        for (name, types) in planner.conflicts.sorted(by: { $0.key < $1.key }) {
            console.diagnose(
                .warning,
                "'\(name)' holds both \(types.0) and \(types.1) values: no field was created for it; "
                    + "create it yourself (`field create \(name) --type STRING`)")
        }
    }
}

extension CommandContext {
    /// Fields through the command's client, said on its console.
    var fields: FieldService { FieldService(client: client, console: console, dryRun: client.dryRun != .off) }
}
