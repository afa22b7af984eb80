import CoveoAPI
import Foundation

/// A source's raw JSON configuration (`/sources/{id}/raw`) and the source-level permissions it holds.
/// The raw and simple models describe one source: a change through either shows in both.
extension SandboxStore {
    static let securityOptions = ["Retrieve", "Specified", "Merge"]
    /// The raw model's identity types, and the simple (read) model's spelling of each.
    static let rawIdentityTypes = [
        "User": "USER", "Group": "GROUP", "VirtualGroup": "VIRTUAL_GROUP", "Unknown": "UNKNOWN",
    ]

    /// The `configuration` a source has: what a raw PUT stored, or what its visibility implies.
    func configuration(of id: String, visibility: String) -> JSONObject {
        var configuration = state.sourceConfigurations[id]?.objectValue ?? JSONObject()
        if configuration["sourceSecurityOption"] == nil {
            configuration["sourceSecurityOption"] =
                visibility == SourceVisibility.secured.rawValue ? "Retrieve" : "Specified"
        }
        if configuration["permissions"] == nil { configuration["permissions"] = [] }
        if configuration["parameters"] == nil { configuration["parameters"] = [:] }
        return configuration
    }

    func rawModel(_ id: String) throws(SandboxFailure) -> JSON {
        let model = try source(id).record
        var configuration = configuration(of: id, visibility: model.visibility)
        let references = model.providerReferences
        configuration["securityProviders"] = .object(
            JSONObject(
                references.map { reference in
                    let type = (try? provider(reference))?["type"]?.stringValue ?? "EXPANDED"
                    return .init(key: reference, value: ["name": .string(reference), "typeName": .string(type)])
                }))
        var raw = JSONObject()
        for key in ["id", "name", "owner", "lastModifier", "sourceType"] { raw[key] = model[key] }
        // The raw model's dates are ISO 8601 text (its specification says date-time).
        for key in ["createdDate", "lastModifiedDate"] {
            if let millis = model[key]?.intValue { raw[key] = .string(EpochMilliseconds.iso8601(Int64(millis))) }
        }
        raw["crawlerInstanceType"] = "CONNECTOR"
        raw["additionalInfos"] = [:]
        raw["configuration"] = .object(configuration)
        raw["preConversionExtensions"] = model["preConversionExtensions"] ?? []
        raw["postConversionExtensions"] = model["postConversionExtensions"] ?? []
        raw["mappings"] = model["mappings"] ?? []
        raw["securityProviders"] = .array(references.compactMap { try? provider($0) })
        raw["securityProviderReferences"] = .array(references.map(JSON.string))
        for key in ["pushEnabled", "onPremisesEnabled", "streamEnabled"] { raw[key] = model[key] ?? false }
        raw["fromRaw"] = .bool(state.sourceConfigurations[id] != nil)
        raw["logicalIndex"] = model["logicalIndex"] ?? "default"
        return .object(raw)
    }

    /// `POST /sources/raw` (platform-client's `createFromRaw`): a source from a raw configuration, as `GET
    /// .../raw` gives one (its id, owner and dates are the new source's own; the name is checked as for any new
    /// source). The visibility follows the security option, as a raw PUT makes it.
    func createFromRaw(_ request: SandboxRequest, key: SandboxAPIKey) throws(SandboxFailure) -> SandboxResponse {
        var raw = try body(request, "a raw source configuration")
        let option = raw["configuration"]?["sourceSecurityOption"]?.stringValue ?? "Specified"
        var simple: JSONObject = [
            "sourceType": raw["sourceType"] ?? "PUSH", "name": raw["name"] ?? .null,
            "sourceVisibility": raw["sourceVisibility"]
                ?? .string(option == "Retrieve" ? SourceVisibility.secured.rawValue : SourceVisibility.shared.rawValue),
        ]
        for key in ["pushEnabled", "streamEnabled", "onPremisesEnabled", "securityProviderReferences", "mappings"] {
            simple[key] = raw[key]
        }
        // What the check of a raw PUT needs, checked before the source exists: nothing half-made stays.
        guard raw["configuration"]?.objectValue != nil else {
            throw SandboxFailure(400, "INVALID_JSON", "The raw configuration has no configuration object.")
        }
        let saved = state
        do {
            let id = try createSource(simple, key: key)
            for name in ["id", "owner", "lastModifier", "createdDate", "lastModifiedDate"] { raw[name] = nil }
            try putRaw(id, raw, key: key)
            return .json(201, try source(id).record.json)
        } catch {
            state = saved
            throw error
        }
    }

    func putRaw(_ id: String, _ request: SandboxRequest, key: SandboxAPIKey) throws(SandboxFailure) {
        try putRaw(id, try body(request, "a raw source configuration"), key: key)
    }

    private func putRaw(_ id: String, _ raw: JSONObject, key: SandboxAPIKey) throws(SandboxFailure) {
        let (position, stored) = try source(id)
        try checkIdentity(of: raw, against: stored, id: id)
        let storedType = stored["sourceType"]?.stringValue ?? "PUSH"
        if let type = raw["sourceType"], type.stringValue != storedType {
            throw SandboxFailure(
                400, "INVALID_SOURCE_TYPE",
                "sourceType \(JSONWriter.compact(type)) cannot change: this is a \(storedType) source.")
        }
        guard let configuration = raw["configuration"]?.objectValue else {
            throw SandboxFailure(400, "INVALID_JSON", "The raw configuration has no configuration object.")
        }
        let option = configuration["sourceSecurityOption"]?.stringValue ?? "Specified"
        guard Self.securityOptions.contains(option) else {
            throw SandboxFailure(
                400, "INVALID_PARAMETER", "sourceSecurityOption '\(option)' is not Retrieve, Specified or Merge.")
        }
        let permissions = try checkPermissionLevels(configuration["permissions"] ?? [])
        var object = JSONObject()
        if let references = raw["securityProviderReferences"] { object["securityProviderReferences"] = references }
        try checkReferences(object)
        var kept = configuration
        kept["securityProviders"] = nil
        kept["sourceSecurityOption"] = .string(option)
        kept["permissions"] = .array(permissions)
        state.sourceConfigurations[id] = .object(kept)
        var model = stored.model
        for key in [
            "securityProviderReferences", "mappings", "pushEnabled", "onPremisesEnabled", "streamEnabled",
            "logicalIndex",
        ] {
            if let value = raw[key] { model[key] = value }
        }
        // The visibility follows the security option: item permissions (Retrieve) make a source SECURED;
        // source-level permissions on a SECURED source make it PRIVATE.
        let visibility = stored["sourceVisibility"]?.stringValue ?? SourceVisibility.secured.rawValue
        if option == "Retrieve" { model["sourceVisibility"] = .string(SourceVisibility.secured.rawValue) }
        if option == "Specified", visibility == SourceVisibility.secured.rawValue {
            model["sourceVisibility"] = .string(SourceVisibility.private.rawValue)
        }
        model["lastModifier"] = .string(key.label)
        model["lastModifiedDate"] = .int64(clock.now())
        state.sources[position].model = model
        syncPermissions(of: id)
    }

    /// Checks raw `PermissionLevel`s and returns them with identity types in the raw model's spelling.
    private func checkPermissionLevels(_ value: JSON) throws(SandboxFailure) -> [JSON] {
        guard let levels = value.arrayValue else {
            throw SandboxFailure(
                400, "INVALID_JSON", "configuration.permissions must be an array of permission levels.")
        }
        var result: [JSON] = []
        for (levelIndex, level) in levels.enumerated() {
            guard var levelObject = level.objectValue else {
                throw SandboxFailure(400, "INVALID_JSON", "configuration.permissions[\(levelIndex)] is not an object.")
            }
            var sets: [JSON] = []
            for (setIndex, set) in (level["permissionSets"]?.arrayValue ?? []).enumerated() {
                guard var setObject = set.objectValue else {
                    throw SandboxFailure(
                        400, "INVALID_JSON", "permissions[\(levelIndex)].permissionSets[\(setIndex)] is not an object.")
                }
                if let anonymous = set["allowAnonymous"], anonymous.boolValue == nil {
                    throw SandboxFailure(
                        400, "INVALID_JSON", "allowAnonymous must be true or false, not \(anonymous.kindName).")
                }
                for listKey in ["allowedPermissions", "deniedPermissions"] {
                    var checked: [JSON] = []
                    for identity in set[listKey]?.arrayValue ?? [] {
                        guard var permission = identity.objectValue, let name = identity["identity"]?.stringValue,
                            !name.isEmpty
                        else {
                            throw SandboxFailure(400, "INVALID_JSON", "A permission in \(listKey) has no identity.")
                        }
                        let typeText = identity["identityType"]?.stringValue ?? "User"
                        guard
                            let type = Self.rawIdentityTypes.keys.first(where: {
                                $0.lowercased() == typeText.lowercased().replacingOccurrences(of: "_", with: "")
                            })
                        else {
                            throw SandboxFailure(
                                400, "INVALID_PARAMETER",
                                "identityType '\(typeText)' of '\(name)' is not User, Group, VirtualGroup or Unknown.")
                        }
                        let providerID = identity["securityProvider"]?.stringValue ?? Self.emailProviderID
                        guard providerExists(providerID) else {
                            throw SandboxFailure(
                                400, "SECURITY_PROVIDER_NOT_FOUND",
                                "The permission for '\(name)' names the unknown security provider '\(providerID)'.")
                        }
                        permission["identityType"] = .string(type)
                        permission["securityProvider"] = .string(providerID)
                        checked.append(.object(permission))
                    }
                    setObject[listKey] = .array(checked)
                }
                setObject["allowAnonymous"] = set["allowAnonymous"] ?? false
                sets.append(.object(setObject))
            }
            levelObject["permissionSets"] = .array(sets)
            result.append(.object(levelObject))
        }
        return result
    }

    /// Writes the simple model's `permissions` (the read model: `anonymousAllowed`, `permissions[].allowed`,
    /// upper-case types) from the raw configuration, so both models say the same.
    func syncPermissions(of id: String) {
        guard let (position, model) = try? source(id) else { return }
        let visibility = model["sourceVisibility"]?.stringValue ?? SourceVisibility.secured.rawValue
        let configuration = configuration(of: id, visibility: visibility)
        var updated = model
        guard configuration["sourceSecurityOption"]?.stringValue != "Retrieve" else {
            updated["permissions"] = nil
            state.sources[position] = updated
            return
        }
        let levels = (configuration["permissions"]?.arrayValue ?? []).map { level -> JSON in
            let sets = (level["permissionSets"]?.arrayValue ?? []).map { set -> JSON in
                var permissions: [JSON] = []
                for (listKey, allowed) in [("allowedPermissions", true), ("deniedPermissions", false)] {
                    for identity in set[listKey]?.arrayValue ?? [] {
                        let type = identity["identityType"]?.stringValue ?? "User"
                        permissions.append([
                            "allowed": .bool(allowed),
                            "identityType": .string(Self.rawIdentityTypes[type] ?? "UNKNOWN"),
                            "identity": identity["identity"] ?? "",
                            "securityProvider": identity["securityProvider"] ?? "",
                            "state": "UP_TO_DATE",
                        ])
                    }
                }
                return [
                    "name": set["name"] ?? "", "anonymousAllowed": set["allowAnonymous"] ?? false,
                    "permissions": .array(permissions),
                ]
            }
            return ["name": level["name"] ?? "", "permissionSets": .array(sets)]
        }
        updated["permissions"] = ["state": "VALID", "permissionLevels": .array(levels)]
        state.sources[position] = updated
    }
}
