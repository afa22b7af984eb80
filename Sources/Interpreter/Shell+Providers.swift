import CoveoAPI
import Foundation

/// Security identity providers (Security Cache API) and the leading practice around a SECURED source.
extension Shell {
    func provider(_ args: ParsedArguments) async throws {
        let action = args.positionals[0]
        let id = args.positionals.count > 1 ? args.positionals[1] : nil
        if action != "list", id == nil { throw ShellError.usage("provider \(action): missing ID (usage: provider \(action) ID)") }
        if action == "list", let id { throw ShellError.usage("provider list: unexpected argument '\(id)'") }
        for option in ["source", "display-name"] where args.has(option) && action != "create" {
            throw ShellError.usage("provider \(action): --\(option) goes with `provider create`")
        }
        let client = try await client()
        if action == "create" || action == "delete" { providerCache = nil }
        switch action {
        case "create":
            var sourceId: String?
            if let source = args.value("source") { sourceId = try await sourceID(source, client: client) }
            let created = try await createProvider(id ?? "", displayName: args.value("display-name"), sourceId: sourceId, client: client).provider
            session.last = created
            if format(args) == .auto {
                console.write((created["id"]?.stringValue ?? id ?? "") + "\n")
            } else {
                console.write(renderer.json(created, format: format(args)) + "\n")
            }
        case "get":
            emit(try await client.getProvider(id ?? ""), args)
        case "list":
            let providers = try await client.listProviders()
            session.last = providers
            guard isHumanOutput(args) else {
                console.write(renderer.json(providers, format: format(args)) + "\n")
                return
            }
            let rows = (providers.arrayValue ?? []).map { provider -> [String] in
                let references = (provider["referencedBy"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
                return [
                    provider["id"]?.stringValue ?? "", provider["type"]?.stringValue ?? "",
                    provider["displayName"]?.stringValue ?? "",
                    references.isEmpty ? "-" : references.joined(separator: ", "),
                    provider["statistics"]?["totalNumberOfEntities"]?.interpolationText ?? "",
                ]
            }
            console.write(renderer.table(headers: ["ID", "TYPE", "DISPLAY NAME", "REFERENCED BY", "IDENTITIES"], rows: rows) + "\n")
        default:
            let id = id ?? ""
            guard try await confirmed(args, { "Delete the security identity provider '\(id)' and its identities? [y/N] " }) else { return }
            try await client.deleteProvider(id)
            console.write("Deleted provider \(id)\n")
        }
    }

    /// The documented body (docs.coveo.com/en/85): an EXPANDED provider, no node, referenced by the source,
    /// cascading to the Email Security Provider. Then the source's `securityProviderReferences` gets it,
    /// unless the platform already added it. Returns the provider, and the source as it now is.
    func createProvider(_ id: String, displayName: String?, sourceId: String?, client: CoveoClient) async throws
        -> (provider: JSON, source: JSON?)
    {
        var body: JSON = [
            "id": .string(id), "displayName": .string(displayName ?? id), "nodeRequired": false, "type": "EXPANDED",
        ]
        if let sourceId { body["referencedBy"] = [["id": .string(sourceId), "type": "SOURCE"]] }
        body["cascadingSecurityProviders"] = ["EmailSecurityProvider": ["id": "Email Security Provider", "type": "EMAIL"]]
        let created = try await client.createProvider(body)
        guard let sourceId else { return (created, nil) }
        return (created, try await reference(provider: id, from: sourceId, client: client))
    }

    /// Adds a provider to a source's `securityProviderReferences` (read, change, write back) if it is not there;
    /// returns the source model.
    func reference(provider id: String, from sourceId: String, client: CoveoClient) async throws -> JSON {
        let source = try await client.getSource(sourceId)
        let references = (source["securityProviderReferences"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !references.contains(id), case .object(var model) = source else { return source }
        model["securityProviderReferences"] = .array((references + [id]).map(JSON.string))
        return try await client.updateSource(sourceId, .object(model))
    }

    /// `create NAME --visibility SECURED --with-provider`: the source, then its provider, linked.
    /// If the provider cannot be made, the user learns what exists and the one command that finishes the job.
    /// Returns the provider's id and the source as it now is.
    func createProvider(for created: JSON, name: String, client: CoveoClient) async throws -> (providerId: String, source: JSON) {
        let sourceId = created["id"]?.stringValue ?? ""
        let providerId = Self.providerID(forSourceNamed: name)
        do {
            let made = try await createProvider(providerId, displayName: name + " security identity provider", sourceId: sourceId, client: client)
            return (providerId, made.source ?? created)
        } catch {
            let reason = (error as? APIError)?.description ?? "\(error)"
            throw ShellError.failure(
                "the source '\(name)' was created (\(sourceId)), but not its security identity provider: \(reason). "
                    + "To finish: provider create \(Self.quoted(providerId)) --source \(sourceId)")
        }
    }

    /// `My secured source` gives `MySecuredSourceProvider` (the documentation's naming).
    static func providerID(forSourceNamed name: String) -> String {
        let words = name.split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        let base = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return (base.isEmpty ? "PushSource" : base) + "Provider"
    }

    /// A word as a script would need it written.
    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./@:".contains($0) }
        if plain, !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
