import CoveoAPI
import Foundation

extension Shell {
    func setOrganization(_ args: ParsedArguments) throws {
        let id = args.positionals[0]
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ShellError.usage("org: '\(id)' is not an organization id (letters, digits, - and _ only)")
        }
        session.organization = id
        forgetCachedNames()
    }

    func setToken(_ args: ParsedArguments) throws {
        if args.has("clear") {
            session.token = nil
            session.tokenOrigin = nil
            return
        }
        if let name = args.value("env") {
            guard let value = session.environmentVariables[name], !value.isEmpty else {
                throw ShellError.failure("token: the environment variable \(name) is not set")
            }
            session.token = Secret(value.trimmingCharacters(in: .whitespacesAndNewlines))
            session.tokenOrigin = "$\(name)"
        } else {
            guard console.isInteractive else {
                throw ShellError.failure("token: no terminal to ask on; use `token --env NAME` in scripts")
            }
            guard let value = console.askSecret("Token (input hidden): ") else {
                throw ShellError(.cancelled, "token: nothing entered; the token is unchanged")
            }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw ShellError.failure("token: nothing entered; the token is unchanged") }
            session.token = Secret(trimmed)
            session.tokenOrigin = "typed at the prompt"
        }
        forgetCachedNames()
    }

    func setRegion(_ args: ParsedArguments) throws {
        guard let region = Region(rawValue: args.positionals[0]) else { return }
        session.region = region
        leaveSandboxIfNeeded()
        session.target = .coveo(region, session.environment)
        forgetCachedNames()
    }

    func setEnvironment(_ args: ParsedArguments) throws {
        guard let environment = PlatformEnvironment(rawValue: args.positionals[0]) else { return }
        session.environment = environment
        leaveSandboxIfNeeded()
        session.target = .coveo(session.region, environment)
        forgetCachedNames()
    }

    func setEndpoint(_ args: ParsedArguments) throws {
        guard args.value("platform") != nil || args.value("push") != nil else {
            throw ShellError.usage("endpoint: give --platform URL, --push URL or both")
        }
        let regional = Endpoints.coveo(region: session.region, environment: session.environment)
        var endpoints: Endpoints
        if case .custom(let current) = session.target { endpoints = current } else { endpoints = regional }
        if let text = args.value("platform") {
            switch Endpoints.validate(text) {
            case .success(let url): endpoints.platform = url
            case .failure(let error): throw ShellError.usage("endpoint: \(error.message)")
            }
        }
        if let text = args.value("push") {
            switch Endpoints.validate(text) {
            case .success(let url): endpoints.push = url
            case .failure(let error): throw ShellError.usage("endpoint: \(error.message)")
            }
        }
        leaveSandboxIfNeeded()
        session.target = .custom(endpoints)
        forgetCachedNames()
    }

    /// Leaving the sandbox: its organization and keys mean nothing elsewhere.
    private func leaveSandboxIfNeeded() {
        guard session.target == .sandbox else { return }
        if let connection = sandboxConnection {
            if session.organization == connection.organization { session.organization = nil }
            if session.token == connection.adminKey || session.token == connection.viewerKey {
                session.token = nil
                session.tokenOrigin = nil
            }
        }
        if session.organization == launcher?.organization { session.organization = nil }
        if session.organization == nil || session.token == nil {
            console.diagnose("note: left the sandbox; set your organization with `org ID` and your token with `token`")
        }
    }

    func switchToSandbox(_ args: ParsedArguments) async throws {
        var changes = JSONObject()
        for (option, key) in [("sources-limit", "numberOfSourcesLimit"), ("providers-limit", "numberOfSecurityProvidersLimit")] {
            guard let text = args.value(option) else { continue }
            guard let number = Int(text), number >= 0 else { throw ShellError.usage("sandbox: --\(option) must be 0 or more, not \(text)") }
            changes[key] = .int(number)
        }
        if let text = args.value("push-visibilities") {
            let list = text.lowercased() == "none" ? [] : text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            if let bad = list.first(where: { !CommandCatalog.visibilities.contains($0) }) {
                throw ShellError.usage("sandbox: --push-visibilities: '\(bad)' is not PRIVATE, SECURED or SHARED (or give none)")
            }
            changes["pushVisibilities"] = .array(list.map(JSON.string))
        }
        if let text = args.value("license-expired") { changes["licenseExpired"] = .bool(text == "yes") }
        let connection = try await sandbox()
        session.target = .sandbox
        session.organization = connection.organization
        session.token = args.has("viewer") ? connection.viewerKey : connection.adminKey
        session.tokenOrigin = args.has("viewer") ? "the sandbox's view-only key" : "the sandbox's administrator key"
        forgetCachedNames()
        console.write("Using the built-in sandbox at \(connection.url.absoluteString), organization \(connection.organization)\n")
        guard !changes.isEmpty else { return }
        var client = try await client()
        client.token = connection.adminKey
        let settings = try await client.sandboxSettings(.object(changes))
        let visibilities = (settings["pushVisibilities"]?.arrayValue ?? []).compactMap(\.stringValue)
        console.write(
            "Sandbox license and limits: PUSH \(visibilities.isEmpty ? "not allowed" : visibilities.joined(separator: ", ")), "
                + "license \(settings["licenseExpired"]?.boolValue == true ? "expired" : "active"), "
                + "numberOfSourcesLimit \(settings["numberOfSourcesLimit"]?.interpolationText ?? "?"), "
                + "numberOfSecurityProvidersLimit \(settings["numberOfSecurityProvidersLimit"]?.interpolationText ?? "?")\n")
    }

    /// How requests travel: what `session` shows so that a proxy or a CA in the environment is never a surprise.
    static func networkRows(_ network: TransportOptions) -> [(String, String)] {
        var rows: [(String, String)] = [("timeout", "\(network.timeout.secondsText) per request")]
        var trust = network.trustStoreFile.map { "\($0) (SSL_CERT_FILE)" } ?? "the system's CAs"
        for file in network.extraCAFiles { trust += " + \(file)" }
        rows.append(("trust", trust))
        let proxies = network.proxies
        var proxy: [String] = []
        if let https = proxies.https { proxy.append("https through \(https)") }
        if let http = proxies.http { proxy.append("http through \(http)") }
        if proxy.isEmpty {
            rows.append(("proxy", "none"))
        } else {
            let bypass = (["this machine"] + proxies.bypass).joined(separator: ", ")
            rows.append(("proxy", proxy.joined(separator: "; ") + "; direct to \(bypass)"))
        }
        return rows
    }

    func showSession() {
        var rows: [(String, String)] = []
        let endpoints: Endpoints?
        switch session.target {
        case .sandbox:
            rows.append(("target", sandboxConnection == nil ? "built-in sandbox (starts on first use)" : "built-in sandbox"))
            endpoints = sandboxConnection.map { Endpoints(platform: $0.url, push: $0.url) }
        case .coveo(let region, let environment):
            rows.append(("target", "Coveo, region \(region.rawValue), environment \(environment.rawValue)"))
            endpoints = .coveo(region: region, environment: environment)
        case .custom(let custom):
            rows.append(("target", "custom endpoints"))
            endpoints = custom
        }
        if let endpoints {
            rows.append(("platform", endpoints.platform.absoluteString))
            rows.append(("push", endpoints.push.absoluteString))
        }
        let organization = session.organization ?? (session.target == .sandbox ? sandboxConnection?.organization ?? launcher?.organization : nil)
        rows.append(("organization", organization ?? "(none: set it with `org ID`)"))
        if let token = session.token {
            rows.append(("token", "\(token.masked) (\(session.tokenOrigin ?? "set"))"))
        } else if session.target == .sandbox {
            rows.append(("token", sandboxConnection.map { "\($0.adminKey.masked) (the sandbox's administrator key)" } ?? "the sandbox's administrator key"))
        } else {
            rows.append(("token", "(none: set it with `token`)"))
        }
        rows.append(("output", session.output.rawValue))
        rows.append(contentsOf: Self.networkRows(session.network))
        rows.append(("on-error", session.continueOnError || keepGoing ? "continue" : "stop"))
        if !session.variables.isEmpty {
            rows.append(("variables", session.variables.keys.sorted().joined(separator: ", ")))
        }
        let width = rows.map(\.0.count).max() ?? 0
        let text = rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
        console.write(text + "\n")
    }
}
