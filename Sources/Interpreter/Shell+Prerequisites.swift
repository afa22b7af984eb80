import CoveoAPI

/// The seed's prerequisites for creating a Push source (docs.coveo.com/en/94), checked before anything is sent:
/// the license allows PUSH with that visibility and has not expired, the limits are not reached, and the token
/// may create and edit sources (and providers, when one is made too).
extension Shell {
    struct Prerequisites {
        var visibility: String
        var withProvider: Bool
    }

    /// Throws the first prerequisite that fails, saying how to fix it. Returns a one-line summary of what passed.
    @discardableResult
    func checkPrerequisites(_ wanted: Prerequisites, client: CoveoClient) async throws -> String {
        let license: JSON
        let limits: JSON
        let privileges: JSON
        do {
            license = try await client.license()
            limits = try await client.limits()
            privileges = try await client.privileges()
        } catch  where error.kind == .dryRun || error.kind == .cancelled {
            throw error
        } catch {
            let reason = error.description
            throw ShellError.failure("create: cannot check the prerequisites (\(reason)); --no-check skips them")
        }
        // 1. The license.
        let push = license["connectors"]?.arrayValue?.first { $0["type"]?.stringValue == "PUSH" }
        guard let push, push["allowed"]?.boolValue == true else {
            throw ShellError.failure(
                "create: prerequisite failed: the license does not allow PUSH sources (license: connectors[PUSH].allowed); ask Coveo to add the Push connector to the organization's license"
            )
        }
        let visibilities = (push["sourceVisibilities"]?.arrayValue ?? []).compactMap(\.stringValue)
        // An unknown visibility is not a license matter: the platform's own answer says what is valid.
        guard visibilities.contains(wanted.visibility) || !CommandCatalog.visibilities.contains(wanted.visibility)
        else {
            throw ShellError.failure(
                "create: prerequisite failed: the license allows PUSH sources that are \(visibilities.joined(separator: ", ")), not \(wanted.visibility) (license: connectors[PUSH].sourceVisibilities); choose --visibility \(visibilities.first ?? "SHARED")"
            )
        }
        if license["expirationStatus"]?.stringValue == "EXPIRED" {
            let date =
                license["expirationDate"]?.intValue.map { EpochMilliseconds.iso8601(Int64($0)).prefix(10) } ?? "?"
            throw ShellError.failure(
                "create: prerequisite failed: the license expired on \(date) (license: expirationStatus EXPIRED); renew it with Coveo"
            )
        }
        // 2. The limits.
        let sources = try limit(limits, "numberOfSourcesLimit")
        if let sources, sources.count >= sources.limit {
            throw ShellError.failure(
                "create: prerequisite failed: the organization has \(sources.count) of its \(sources.limit) sources (limits: numberOfSourcesLimit); delete one (`list`, then `delete ID`) or ask Coveo to raise the limit"
            )
        }
        var providers: (count: Int, limit: Int)?
        if wanted.visibility == "SECURED" {
            providers = try limit(limits, "numberOfSecurityProvidersLimit")
            if let providers, providers.count >= providers.limit {
                throw ShellError.failure(
                    "create: prerequisite failed: the organization has \(providers.count) of its \(providers.limit) security identity providers (limits: numberOfSecurityProvidersLimit), and a SECURED source needs one; delete one (`provider list`, then `provider delete ID`) or ask Coveo to raise the limit"
                )
            }
        }
        // 3. The token's privileges.
        let token = TokenPrivileges(privileges)
        guard token.mayCreateSources else {
            throw ShellError.failure(
                "create: prerequisite failed: the token may not create sources (privileges: no PLATFORM/SOURCE/EDIT on all sources); use an API key with the Sources - Edit privilege (docs.coveo.com/en/1718)"
            )
        }
        if wanted.withProvider, !token.mayCreateProviders {
            throw ShellError.failure(
                "create: prerequisite failed: the token may not create security identity providers (privileges: no PLATFORM/SECURITY_PROVIDER/CREATE); use an API key with the Security identity providers - Edit privilege, or leave out --with-provider"
            )
        }
        var summary =
            "license allows PUSH \(wanted.visibility); \(sources.map { "\($0.count) of \($0.limit) sources" } ?? "no sources limit")"
        if let providers { summary += "; \(providers.count) of \(providers.limit) providers" }
        return summary + "; the token may create sources"
    }

    /// `content.NAME` of the limits: `(actualCount, limit)`, or `nil` when the organization has no such limit.
    private func limit(_ limits: JSON, _ name: String) throws -> (count: Int, limit: Int)? {
        guard let entry = limits["content"]?[name] ?? limits[name], let limit = entry["limit"]?.intValue else {
            return nil
        }
        return (entry["actualCount"]?.intValue ?? 0, limit)
    }
}
