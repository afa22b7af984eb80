import CoveoAPI
import Foundation

/// Security identity providers (Security Cache API) and the leading practice around a SECURED source.
struct ProviderService: Sendable {
    let client: CoveoClient
    /// Where "it was created after all" is said.
    let console: any Console

    /// The documented body (docs.coveo.com/en/85): an EXPANDED provider, no node, referenced by the source,
    /// cascading to the Email Security Provider. Then the source's `securityProviderReferences` gets it,
    /// unless the platform already added it. Returns the provider, and the source as it now is.
    /// `source`: the source's model when nothing can have changed it since (a dry run's stand-in): not read again.
    func create(
        _ id: String, displayName: String?, sourceId: String?, source: JSON? = nil
    ) async throws
        -> (provider: JSON, source: JSON?)
    {
        var body: JSON = [
            "id": .string(id), "displayName": .string(displayName ?? id), "nodeRequired": false, "type": "EXPANDED",
        ]
        if let sourceId { body["referencedBy"] = [["id": .string(sourceId), "type": "SOURCE"]] }
        body["cascadingSecurityProviders"] = [
            "EmailSecurityProvider": ["id": "Email Security Provider", "type": "EMAIL"]
        ]
        let created = try await CreateOnce(console: console)(
            "provider create", absent: "no provider '\(id)' exists", check: "provider get \(Tokenizer.quote(id))",
            { () async throws(APIError) -> JSON in try await client.createProvider(body) },
            exists: {
                do {
                    return (try await client.getProvider(id), "the provider '\(id)' now exists")
                } catch let error as APIError where error.status == 404 {
                    return nil
                }
            })
        guard let sourceId else { return (created, nil) }
        return (created, try await reference(provider: id, from: sourceId, model: source))
    }

    /// Adds a provider to a source's `securityProviderReferences` (read unless `model` is given, change, write
    /// back) if it is not there; returns the source model.
    func reference(provider id: String, from sourceId: String, model: JSON? = nil) async throws -> JSON {
        let read: JSON
        if let model { read = model } else { read = try await client.getSource(sourceId) }
        let source = try SourceModel(read)
        guard !source.providerReferences.contains(id) else { return .object(source.json) }
        let changed = source.referencing(source.providerReferences + [id])
        return try await client.updateSource(sourceId, .object(changed.json))
    }

    /// `create NAME --visibility SECURED --with-provider`: the source, then its provider, linked.
    /// If the provider cannot be made, the user learns what exists and the one command that finishes the job.
    /// Returns the provider's id and the source as it now is.
    func create(for created: JSON, name: String) async throws -> (providerId: String, source: JSON) {
        let sourceId = created["id"]?.stringValue ?? ""
        let providerId = SourceRules.providerID(forSourceNamed: name)
        do {
            let made = try await create(
                providerId, displayName: name + " security identity provider", sourceId: sourceId,
                // The platform may add the reference itself: the source is read again, but for a dry run's.
                source: client.dryRun == .off ? nil : created)
            return (providerId, made.source ?? created)
        } catch let error as APIError where error.kind == .dryRun {
            throw error
        } catch {
            let reason = (error as? APIError)?.description ?? "\(error)"
            throw ShellError.failure(
                "the source '\(name)' was created (\(sourceId)), but not its security identity provider: \(reason). "
                    + "To finish: provider create \(Tokenizer.quote(providerId)) --source \(sourceId)")
        }
    }
}
