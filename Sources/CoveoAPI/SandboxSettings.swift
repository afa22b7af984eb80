/// The license and limits a pshell sandbox emulates: what `sandbox --sources-limit N ...` changes and what the
/// sandbox's settings route reads and writes. One type on both sides of the wire, so a setting cannot be spelt
/// two ways; a change names only what it changes (the other members stay nil).
package struct SandboxSettings: Sendable, Equatable {
    package static let visibilities = SourceVisibility.names

    /// `numberOfSourcesLimit`.
    package var sourcesLimit: Int?
    /// `numberOfSecurityProvidersLimit`.
    package var providersLimit: Int?
    /// The visibilities the license allows PUSH sources; empty: the license has no PUSH connector.
    package var pushVisibilities: [String]?
    package var licenseExpired: Bool?
    /// The Stream API's burst: requests per 5 minutes (Coveo documents 250 in production, 150 elsewhere); 0 for
    /// no limit.
    package var streamBurst: Int?

    package init(
        sourcesLimit: Int? = nil, providersLimit: Int? = nil, pushVisibilities: [String]? = nil,
        licenseExpired: Bool? = nil, streamBurst: Int? = nil
    ) {
        self.sourcesLimit = sourcesLimit
        self.providersLimit = providersLimit
        self.pushVisibilities = pushVisibilities
        self.licenseExpired = licenseExpired
        self.streamBurst = streamBurst
    }

    package var isEmpty: Bool { self == SandboxSettings() }

    private enum Key: String, CaseIterable {
        case sourcesLimit = "numberOfSourcesLimit"
        case providersLimit = "numberOfSecurityProvidersLimit"
        case pushVisibilities
        case licenseExpired
        case streamBurst = "streamRequestsPer5Minutes"
    }

    /// Why a settings object cannot be read: one sentence for the answer's message.
    package struct Invalid: Error, Equatable, Sendable {
        package var message: String

        package init(message: String) { self.message = message }
    }

    /// Reads a settings object: known keys only, each of the right kind.
    package init(json: JSON) throws(Invalid) {
        guard let object = json.objectValue else {
            throw Invalid(message: "The settings must be an object, not \(json.kindName).")
        }
        self.init()
        for member in object.members {
            guard let key = Key(rawValue: member.key) else {
                let names = Key.allCases.map(\.rawValue).joined(separator: ", ")
                throw Invalid(message: "Unknown setting '\(member.key)'; the settings are \(names).")
            }
            try read(key, member.value)
        }
    }

    private mutating func read(_ key: Key, _ value: JSON) throws(Invalid) {
        switch key {
        case .sourcesLimit, .providersLimit, .streamBurst:
            guard let number = value.intValue, number >= 0 else {
                throw Invalid(message: "\(key.rawValue) must be a whole number from 0.")
            }
            switch key {
            case .sourcesLimit: sourcesLimit = number
            case .providersLimit: providersLimit = number
            default: streamBurst = number
            }
        case .pushVisibilities:
            guard let list = value.arrayValue?.compactMap(\.stringValue), list.count == value.arrayValue?.count,
                list.allSatisfy(Self.visibilities.contains)
            else {
                throw Invalid(
                    message: "pushVisibilities must list PRIVATE, SECURED or SHARED ([] for no PUSH connector).")
            }
            pushVisibilities = list
        case .licenseExpired:
            guard let flag = value.boolValue else { throw Invalid(message: "licenseExpired must be true or false.") }
            licenseExpired = flag
        }
    }

    /// The members that are set, under the names the settings route uses.
    package var json: JSON {
        var object = JSONObject()
        if let sourcesLimit { object[Key.sourcesLimit.rawValue] = .int(sourcesLimit) }
        if let providersLimit { object[Key.providersLimit.rawValue] = .int(providersLimit) }
        if let pushVisibilities { object[Key.pushVisibilities.rawValue] = .array(pushVisibilities.map(JSON.string)) }
        if let licenseExpired { object[Key.licenseExpired.rawValue] = .bool(licenseExpired) }
        if let streamBurst { object[Key.streamBurst.rawValue] = .int(streamBurst) }
        return .object(object)
    }

    /// One line for people: `PUSH PRIVATE, SHARED, license active, numberOfSourcesLimit 15, ...`.
    package var summary: String {
        let push = pushVisibilities.map { $0.isEmpty ? "not allowed" : $0.joined(separator: ", ") } ?? "?"
        let license = licenseExpired.map { $0 ? "expired" : "active" } ?? "?"
        return "PUSH \(push), license \(license), numberOfSourcesLimit \(sourcesLimit.map(String.init) ?? "?"), "
            + "numberOfSecurityProvidersLimit \(providersLimit.map(String.init) ?? "?")"
            + (streamBurst.map { ", Stream API \($0 == 0 ? "unlimited" : "\($0) requests per 5 minutes")" } ?? "")
    }
}
