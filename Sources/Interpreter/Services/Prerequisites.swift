import CoveoAPI

/// The seed's prerequisites for creating a Push source (docs.coveo.com/en/94), checked before anything is sent:
/// the license allows PUSH with that visibility and has not expired, the limits are not reached, and the token
/// may create and edit sources (and providers, when one is made too).
struct Prerequisites {
    var visibility: String
    var withProvider: Bool
    /// PUSH, or CATALOG: the license's connector of that type is checked (one the license does not list is not:
    /// the platform's answer then says).
    var sourceType = "PUSH"

    /// Throws the first prerequisite that fails, saying how to fix it. Returns a one-line summary of what passed.
    @discardableResult
    func check(client: CoveoClient) async throws -> String {
        let license: LicenseModel
        let limits: LimitsModel
        let privileges: JSON
        do {
            license = try LicenseModel(try await client.license())
            limits = try LimitsModel(try await client.limits())
            privileges = try await client.privileges()
        } catch let error as APIError where error.kind == .dryRun || error.kind == .cancelled {
            throw error
        } catch {
            throw ShellError.failure("create: cannot check the prerequisites (\(error)); --no-check skips them")
        }
        try Self.check(license, self)
        let (sources, providers) = try Self.check(limits, self)
        try Self.check(TokenPrivileges(privileges), self)
        let sourceCount = sources.map { "\($0.count) of \($0.limit) sources" } ?? "no sources limit"
        let type = sourceType
        var summary =
            license.connector(type) == nil
            ? "the license lists no \(type) connector (not checked); \(sourceCount)"
            : "license allows \(type) \(visibility); \(sourceCount)"
        if let providers { summary += "; \(providers.count) of \(providers.limit) providers" }
        return summary + "; the token may create sources"
    }

    /// 1. The license: Push sources allowed, with this visibility, and not expired.
    private static func check(_ license: LicenseModel, _ wanted: Prerequisites) throws {
        let type = wanted.sourceType
        let connector = license.connector(type) ?? (type == "PUSH" ? (false, []) : nil)
        guard let connector else { return try checkExpiry(license) }
        guard connector.allowed else {
            throw ShellError.failure(
                "create: prerequisite failed: the license does not allow \(type) sources (license: "
                    + "connectors[\(type)].allowed); ask Coveo to add the \(type == "PUSH" ? "Push" : "Catalog") "
                    + "connector to the organization's license"
            )
        }
        let visibilities = connector.visibilities
        // An unknown visibility is not a license matter: the platform's own answer says what is valid.
        guard visibilities.contains(wanted.visibility) || !CommandCatalog.visibilities.contains(wanted.visibility)
        else {
            throw ShellError.failure(
                "create: prerequisite failed: the license allows \(type) sources that are "
                    + "\(visibilities.joined(separator: ", ")), not \(wanted.visibility) (license: "
                    + "connectors[\(type)].sourceVisibilities); choose --visibility \(visibilities.first ?? "SHARED")"
            )
        }
        try checkExpiry(license)
    }

    private static func checkExpiry(_ license: LicenseModel) throws {
        if license.expired {
            let date = license.expirationDate.map { EpochMilliseconds.iso8601($0).prefix(10) } ?? "?"
            throw ShellError.failure(
                "create: prerequisite failed: the license expired on \(date) (license: "
                    + "expirationStatus EXPIRED); renew it with Coveo"
            )
        }
    }

    /// 2. The limits: room for a source, and for a provider when a SECURED source needs one.
    private static func check(
        _ limits: LimitsModel, _ wanted: Prerequisites
    ) throws -> (sources: (count: Int, limit: Int)?, providers: (count: Int, limit: Int)?) {
        let sources = try limits.usage("numberOfSourcesLimit")
        if let sources, sources.count >= sources.limit {
            throw ShellError.failure(
                "create: prerequisite failed: the organization has \(sources.count) of "
                    + "its \(sources.limit) sources (limits: numberOfSourcesLimit); delete one "
                    + "(`list`, then `delete ID`) or ask Coveo to raise the limit"
            )
        }
        guard wanted.visibility == SourceVisibility.secured.rawValue else { return (sources, nil) }
        let providers = try limits.usage("numberOfSecurityProvidersLimit")
        if let providers, providers.count >= providers.limit {
            throw ShellError.failure(
                "create: prerequisite failed: the organization has \(providers.count) of "
                    + "its \(providers.limit) security identity providers (limits: numberOfSecurityProvidersLimit), "
                    + "and a SECURED source needs one; delete one (`provider list`, then `provider "
                    + "delete ID`) or ask Coveo to raise the limit"
            )
        }
        return (sources, providers)
    }

    /// 3. The token's privileges.
    private static func check(_ token: TokenPrivileges, _ wanted: Prerequisites) throws {
        guard token.mayCreateSources else {
            throw ShellError.failure(
                "create: prerequisite failed: the token may not create sources (privileges: "
                    + "no PLATFORM/SOURCE/EDIT on all sources); use an API key with the Sources "
                    + "- Edit privilege (docs.coveo.com/en/1718)"
            )
        }
        if wanted.withProvider, !token.mayCreateProviders {
            throw ShellError.failure(
                "create: prerequisite failed: the token may not create security identity "
                    + "providers (privileges: no PLATFORM/SECURITY_PROVIDER/CREATE); use an API "
                    + "key with the Security identity providers - Edit privilege, or leave out " + "--with-provider"
            )
        }
    }
}
