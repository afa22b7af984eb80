import CoveoAPI
import Foundation

/// Everything the sandbox knows, as one value that can be written to and read from a JSON file.
struct SandboxState: Sendable {
    var organization: String
    var createdDate: Int64
    var keys: [SandboxAPIKey]
    /// Source models in creation order, exactly as `GET` returns them.
    var sources: SandboxRecordList
    var sourcesLimit: Int
    var securityProvidersLimit: Int
    /// Security identity providers created in the organization (the built-in Email Security Provider aside).
    var securityProviders = SandboxRecordList()
    /// Each source's raw `configuration` (`sourceSecurityOption`, `permissions`, ...), by source id.
    var sourceConfigurations: [String: JSON] = [:]
    /// The visibilities the license allows for PUSH sources; empty: the license has no PUSH connector.
    var pushVisibilities: [String] = SourceVisibility.names
    var licenseExpired = false
    /// The Stream API's requests per 5 minutes (Coveo's production burst); 0: no limit.
    var streamBurst = 250
    /// Security identities pushed to each provider (Push API), by provider id then identity key.
    var identities = SandboxIdentities()
    /// The organization's index fields (`SourceFieldModel`), by name; a new organization has the standard ones.
    var fields: [String: JSON] = SandboxFields.standard

    static func fresh(_ configuration: SandboxConfiguration, now: Int64) -> SandboxState {
        SandboxState(
            organization: configuration.organization, createdDate: now,
            keys: [
                .administrator(value: Identifiers.apiKey(), now: now), .viewer(value: Identifiers.apiKey(), now: now),
            ],
            sources: SandboxRecordList(), sourcesLimit: configuration.sourcesLimit,
            securityProvidersLimit: configuration.securityProvidersLimit)
    }

    /// Everything but the sources, providers and identities, which are rows of their own in the state file.
    var json: JSON {
        [
            "format": "pshell-sandbox-state/2",
            "organization": .string(organization),
            "createdDate": .int64(createdDate),
            "apiKeys": .array(keys.map(\.json)),
            "limits": [
                "numberOfSourcesLimit": .int(sourcesLimit),
                "numberOfSecurityProvidersLimit": .int(securityProvidersLimit),
            ],
            "sourceConfigurations": .object(JSONObject(sortingKeysOf: sourceConfigurations)),
            "license": [
                "pushVisibilities": .array(pushVisibilities.map(JSON.string)), "expired": .bool(licenseExpired),
                "streamBurst": .int(streamBurst),
            ],
            "fields": .object(JSONObject(sortingKeysOf: fields)),
        ]
    }

    init(
        organization: String, createdDate: Int64, keys: [SandboxAPIKey], sources: SandboxRecordList, sourcesLimit: Int,
        securityProvidersLimit: Int
    ) {
        self.organization = organization
        self.createdDate = createdDate
        self.keys = keys
        self.sources = sources
        self.sourcesLimit = sourcesLimit
        self.securityProvidersLimit = securityProvidersLimit
    }

    /// Sources or providers read back whole: a damaged one is an error that names it, never dropped.
    static func records(
        _ list: [JSON], _ what: String, file: String
    ) throws(SandboxStateError) -> [SandboxRecord] {
        var records: [SandboxRecord] = []
        for (position, stored) in list.enumerated() {
            guard let record = SandboxRecord(stored: stored) else {
                throw SandboxStateError(message: "\(file): \(what) \(position + 1) is damaged (it needs an id)")
            }
            records.append(record)
        }
        return records
    }

    /// Reads a state: version 1 holds its sources and providers (a JSON state file, or the row of a version 1
    /// state database); version 2 leaves them to their own rows.
    init(json: JSON, file: String) throws(SandboxStateError) {
        let format = json["format"]?.stringValue
        guard format == "pshell-sandbox-state/1" || format == "pshell-sandbox-state/2",
            let organization = json["organization"]?.stringValue,
            let keyList = json["apiKeys"]?.arrayValue,
            format == "pshell-sandbox-state/2" || json["sources"]?.arrayValue != nil
        else {
            throw SandboxStateError(message: "\(file) is not a pshell sandbox state file")
        }
        // Every key must read back whole: a damaged one is an error, never dropped (the view-only key would
        // then pass for the administrator's).
        var keys: [SandboxAPIKey] = []
        for (position, entry) in keyList.enumerated() {
            guard let key = SandboxAPIKey(json: entry) else {
                throw SandboxStateError(
                    message: "\(file): API key \(position + 1) is damaged (it needs value, label and privileges)")
            }
            keys.append(key)
        }
        for label in [SandboxAPIKey.administratorLabel, SandboxAPIKey.viewerLabel]
        where !keys.contains(where: { $0.label == label }) {
            throw SandboxStateError(message: "\(file) has no \(label) key")
        }
        self.organization = organization
        self.createdDate = json["createdDate"]?.intValue.map(Int64.init) ?? 0
        self.keys = keys
        self.sources = SandboxRecordList(try Self.records(json["sources"]?.arrayValue ?? [], "source", file: file))
        self.sourcesLimit = json["limits"]?["numberOfSourcesLimit"]?.intValue ?? 15
        self.securityProvidersLimit = json["limits"]?["numberOfSecurityProvidersLimit"]?.intValue ?? 15
        self.securityProviders = SandboxRecordList(
            try Self.records(json["securityProviders"]?.arrayValue ?? [], "security provider", file: file))
        for member in json["sourceConfigurations"]?.objectValue?.members ?? [] {
            sourceConfigurations[member.key] = member.value
        }
        if let visibilities = json["license"]?["pushVisibilities"]?.arrayValue {
            pushVisibilities = visibilities.compactMap(\.stringValue)
        }
        licenseExpired = json["license"]?["expired"]?.boolValue ?? false
        streamBurst = json["license"]?["streamBurst"]?.intValue ?? 250
        if let stored = json["fields"]?.objectValue {
            fields = [:]
            for member in stored.members { fields[member.key] = member.value }
        }
        // Version 1 and the first state files of version 2 kept identities in this row; they are rows of their
        // own now, written at the next commit.
        var stored: [String: [String: JSON]] = [:]
        for provider in json["identities"]?.objectValue?.members ?? [] {
            var entries: [String: JSON] = [:]
            for member in provider.value.objectValue?.members ?? [] { entries[member.key] = member.value }
            stored[provider.key] = entries
        }
        identities = SandboxIdentities(stored)
        identities.touchAll()
    }

    /// Reads a state file; `nil` when there is none yet.
    static func load(from path: String) throws(SandboxStateError) -> SandboxState? {
        guard let json = try readJSON(at: path) else { return nil }
        return try SandboxState(json: json, file: path)
    }

    /// A JSON file's value; `nil` when there is no such file.
    static func readJSON(at path: String) throws(SandboxStateError) -> JSON? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SandboxStateError(message: "cannot read \(path)")
        }
        do {
            return try JSONParser.parse(Array(data))
        } catch {
            throw SandboxStateError(message: "\(path): \(error)")
        }
    }

    /// Where the indexed items of a state file are kept: `state.json` keeps them in `state.items.json`.
    static func itemsFile(for path: String) -> String {
        (path as NSString).deletingPathExtension + ".items.json"
    }
}

/// A state file that cannot be used.
package struct SandboxStateError: Error, Sendable, CustomStringConvertible {
    package var message: String
    /// Another sandbox holds the state file: a REPL on the default file can go on in memory instead.
    package var heldByAnother = false
    package var description: String { message }
}
