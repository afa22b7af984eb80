import CoveoAPI
import Foundation

/// The Security Cache API's security identity providers (`/rest/organizations/{org}/securityproviders`).
extension SandboxStore {
    /// Every organization has the Email Security Provider: it knows every email address, and the
    /// providers of secured Push sources cascade to it.
    static let emailProviderID = "Email Security Provider"

    static let providerTypes: Set<String> = [
        "ACTIVE_DIRECTORY2", "BOX", "CLAIMS", "CLAIMS_TO_EMAIL", "CONFLUENCE", "CONFLUENCE2", "CUSTOM", "DATABASE",
        "DROPBOX_FOR_BUSINESS", "EMAIL", "EXPANDED", "FILE", "GOOGLE_DRIVE_DOMAIN_WIDE", "GENERIC_REST", "GRAPHQL",
        "JIRA2",
        "JIVE", "KHOROS_COMMUNITY", "MICROSOFT_DYNAMICS", "OFFICE365", "SALESFORCE", "SERVICENOW", "SHAREPOINT",
        "SHAREPOINT_ONLINE", "SITECORE", "SLACK", "ZENDESK",
    ]

    /// `GET .../securityproviders/page?filter=`: a page of providers whose id or display name holds the filter.
    func providerPage(_ request: SandboxRequest) throws(SandboxFailure) -> SandboxResponse {
        var list = allProviders()
        if let filter = request.queryValue("filter")?.lowercased(), !filter.isEmpty {
            list = list.filter { provider in
                [provider["id"], provider["displayName"]].contains {
                    $0?.stringValue?.lowercased().contains(filter) ?? false
                }
            }
        }
        return try paged(list.map(providerWithStatus), request, itemsKey: "items")
    }

    // MARK: Model

    /// The built-in provider, then the created ones in creation order.
    func allProviders() -> [JSON] {
        [emailProvider] + state.securityProviders.map(\.json)
    }

    var emailProvider: JSON {
        [
            "id": .string(Self.emailProviderID), "name": .string(Self.emailProviderID),
            "displayName": .string(Self.emailProviderID), "organizationId": .string(state.organization),
            "type": "EMAIL",
            "nodeRequired": false, "caseSensitive": false, "cascadingSecurityProviders": [:], "referencedBy": [],
        ]
    }

    func provider(_ id: String) throws(SandboxFailure) -> JSON {
        if id == Self.emailProviderID { return emailProvider }
        guard let found = state.securityProviders.record(id) else {
            throw SandboxFailure(
                404, "SECURITY_PROVIDER_NOT_FOUND",
                "The security identity provider '\(id)' does not exist in organization '\(state.organization)'.")
        }
        return found.json
    }

    func providerExists(_ id: String) -> Bool {
        id == Self.emailProviderID || state.securityProviders.contains(id: id)
    }

    /// The stored model plus what the platform computes: the sources that reference it.
    func providerModel(_ stored: JSON) -> JSON {
        var model = stored
        let id = stored["id"]?.stringValue ?? ""
        var references = (stored["referencedBy"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != "SOURCE" }
        for source in state.sources where source.providerReferences.contains(id) {
            references.append(["id": .string(source.id), "type": "SOURCE"])
        }
        model["referencedBy"] = .array(references)
        return model
    }

    func providerWithStatus(_ stored: JSON) -> JSON {
        var model = providerModel(stored)
        let count = state.identities[stored["id"]?.stringValue ?? ""]?.count ?? 0
        model["statistics"] = [
            "numberOfEntitiesByState": ["UP_TO_DATE": .int(count)], "totalNumberOfEntities": .int(count),
            "numberOfEntitiesInError": 0,
        ]
        model["currentStatus"] = [
            "type": "IDLE", "numberOfEntitiesInError": 0, "numberOfEntitiesProcessed": .int(count),
            "totalNumberOfEntities": .int(count),
        ]
        return model
    }

    // MARK: Create, update, delete

    /// Creates (POST, or PUT of a new id) or replaces (PUT) a provider. Accepts the three documented
    /// bodies: `id` (today's docs), `name` equal to the path id (earlier docs), and cascading entries
    /// keyed `EmailSecurityProvider` or `Email Security Provider` naming the provider by `id` or `name`.
    func saveProvider(pathID: String?, _ request: SandboxRequest) throws(SandboxFailure) -> JSON {
        let body = try body(request, "a security provider model")
        let id = try providerID(pathID: pathID, body)
        let existing = state.securityProviders.position(of: id)
        if pathID == nil, existing != nil {
            throw SandboxFailure(
                409, "SECURITY_PROVIDER_ALREADY_EXISTS",
                "A security identity provider '\(id)' already exists; PUT it to replace it.")
        }
        let type = try providerType(body)
        let cascading = try cascadingProviders(body, of: id)
        let (referencedSources, otherReferences) = try providerReferences(body)
        if existing == nil, state.securityProviders.count >= state.securityProvidersLimit {
            throw SandboxFailure(
                400, "LIMIT_EXCEEDED",
                "The organization has reached its numberOfSecurityProvidersLimit (\(state.securityProvidersLimit) "
                    + "providers); delete a provider first."
            )
        }
        var model = JSONObject()
        model["id"] = .string(id)
        model["name"] = .string(id)
        model["displayName"] = body["displayName"] ?? .string(id)
        model["organizationId"] = .string(state.organization)
        model["type"] = .string(type)
        model["nodeRequired"] = body["nodeRequired"] ?? false
        model["caseSensitive"] = body["caseSensitive"] ?? false
        model["cascadingSecurityProviders"] = .object(cascading)
        model["referencedBy"] = .array(otherReferences)
        for key in ["userIdentities", "parameters", "instanceId", "crawlingModuleId", "onPremisesEnabled"] {
            if let value = body[key] { model[key] = value }
        }
        if let existing {
            state.securityProviders[existing].model = model
        } else {
            state.securityProviders.append(SandboxRecord(id: id, model: model))
        }
        // A source named in referencedBy now references the provider, as the seeds' next step would do.
        for sourceID in referencedSources {
            let position = try source(sourceID).index
            if !state.sources[position].providerReferences.contains(id) {
                state.sources[position].providerReferences.append(id)
            }
        }
        return .object(model)
    }

    /// The provider's id: the path's, the body's id, or its name, which must agree; never the Email Security Provider.
    private func providerID(pathID: String?, _ body: JSONObject) throws(SandboxFailure) -> String {
        let bodyID = body["id"]?.stringValue
        let bodyName = body["name"]?.stringValue
        if let pathID {
            if let bodyID, bodyID != pathID {
                throw SandboxFailure(
                    400, "INVALID_PARAMETER", "The id in the body ('\(bodyID)') differs from '\(pathID)' in the path.")
            }
            if bodyID == nil, let bodyName, bodyName != pathID {
                throw SandboxFailure(
                    400, "INVALID_PARAMETER",
                    "The name in the body ('\(bodyName)') must be identical to the id in the path ('\(pathID)').")
            }
        }
        guard let id = pathID ?? bodyID ?? bodyName else {
            throw SandboxFailure(400, "INVALID_SECURITY_PROVIDER", "The security provider model has no id.")
        }
        guard !id.trimmingCharacters(in: .whitespaces).isEmpty, id.count <= 255, !id.contains("/") else {
            throw SandboxFailure(
                400, "INVALID_SECURITY_PROVIDER", "'\(id)' is not a valid provider id (1 to 255 characters, no '/').")
        }
        guard id != Self.emailProviderID else {
            throw SandboxFailure(
                400, "SECURITY_PROVIDER_READ_ONLY", "The Email Security Provider is built in; it cannot be replaced.")
        }
        return id
    }

    /// EXPANDED and the other types an organization can create; never EMAIL.
    private func providerType(_ body: JSONObject) throws(SandboxFailure) -> String {
        guard let type = body["type"]?.stringValue else {
            throw SandboxFailure(
                400, "INVALID_SECURITY_PROVIDER",
                "The security provider model has no type; a Push source's provider is EXPANDED.")
        }
        guard Self.providerTypes.contains(type), type != "EMAIL" else {
            throw SandboxFailure(
                400, "INVALID_SECURITY_PROVIDER",
                "type '\(type)' is not a provider type this organization can create (use EXPANDED).")
        }
        if let required = body["nodeRequired"], required.boolValue == nil {
            throw SandboxFailure(400, "INVALID_JSON", "nodeRequired must be true or false, not \(required.kindName).")
        }
        return type
    }

    /// `cascadingSecurityProviders`, each entry naming a provider that exists, normalised to `{id, name, type}`.
    private func cascadingProviders(_ body: JSONObject, of id: String) throws(SandboxFailure) -> JSONObject {
        var cascading = JSONObject()
        if let value = body["cascadingSecurityProviders"] {
            guard let entries = value.objectValue else {
                throw SandboxFailure(
                    400, "INVALID_JSON", "cascadingSecurityProviders must be an object of {id, type} entries.")
            }
            for entry in entries.members {
                guard let target = entry.value["id"]?.stringValue ?? entry.value["name"]?.stringValue else {
                    throw SandboxFailure(
                        400, "INVALID_SECURITY_PROVIDER",
                        "cascadingSecurityProviders.\(entry.key) names no provider (id or name).")
                }
                guard providerExists(target), target != id else {
                    throw SandboxFailure(
                        400, "SECURITY_PROVIDER_NOT_FOUND",
                        "cascadingSecurityProviders.\(entry.key): there is no provider '\(target)' to cascade to.")
                }
                var normalized = entry.value.objectValue ?? JSONObject()
                normalized["id"] = .string(target)
                normalized["name"] = .string(target)
                if normalized["type"] == nil, let targetType = (try? provider(target))?["type"] {
                    normalized["type"] = targetType
                }
                cascading[entry.key] = .object(normalized)
            }
        }
        return cascading
    }

    /// `referencedBy`: the sources that will reference the provider, and the other references kept as given.
    private func providerReferences(_ body: JSONObject) throws(SandboxFailure) -> (sources: [String], others: [JSON]) {
        var referencedSources: [String] = []
        var otherReferences: [JSON] = []
        if let value = body["referencedBy"] {
            guard let references = value.arrayValue else {
                throw SandboxFailure(400, "INVALID_JSON", "referencedBy must be an array of {id, type} references.")
            }
            for reference in references {
                guard let referenceID = reference["id"]?.stringValue else {
                    throw SandboxFailure(400, "INVALID_JSON", "A reference in referencedBy has no id.")
                }
                switch reference["type"]?.stringValue?.uppercased() {
                case "SOURCE":
                    _ = try source(referenceID)
                    referencedSources.append(referenceID)
                case "SECURITY_PROVIDER":
                    otherReferences.append(reference)
                default:
                    throw SandboxFailure(
                        400, "INVALID_JSON",
                        "The reference to '\(referenceID)' has no type SOURCE or SECURITY_PROVIDER.")
                }
            }
        }
        return (referencedSources, otherReferences)
    }

    func deleteProvider(_ id: String) throws(SandboxFailure) {
        guard id != Self.emailProviderID else {
            throw SandboxFailure(
                400, "SECURITY_PROVIDER_READ_ONLY", "The Email Security Provider is built in; it cannot be deleted.")
        }
        guard let position = state.securityProviders.position(of: id) else {
            _ = try provider(id)
            return
        }
        let users = state.sources.filter { $0.providerReferences.contains(id) }
        if !users.isEmpty {
            let names = users.map { "'\($0.name)' (\($0.id))" }.joined(separator: ", ")
            throw SandboxFailure(
                409, "SECURITY_PROVIDER_IN_USE",
                "The security identity provider '\(id)' is referenced by the source \(names); "
                    + "remove it from the source's securityProviderReferences, or delete the " + "source, first."
            )
        }
        let cascading = state.securityProviders.filter { other in
            (other.model["cascadingSecurityProviders"]?.objectValue?.members ?? []).contains {
                $0.value["id"]?.stringValue == id
            }
        }
        if let other = cascading.first?.id {
            throw SandboxFailure(
                409, "SECURITY_PROVIDER_IN_USE",
                "The provider '\(other)' cascades to '\(id)'; change or delete '\(other)' first.")
        }
        state.securityProviders.remove(at: position)
        state.identities[id] = nil
    }

    /// Checks that every provider a source model references exists.
    func checkReferences(_ object: JSONObject) throws(SandboxFailure) {
        for reference in (object["securityProviderReferences"]?.arrayValue ?? []).compactMap(\.stringValue)
        where !providerExists(reference) {
            throw SandboxFailure(
                400, "SECURITY_PROVIDER_NOT_FOUND",
                "securityProviderReferences names '\(reference)', which is not a security "
                    + "identity provider of this organization; create it first."
            )
        }
    }
}
