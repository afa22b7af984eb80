import CoveoAPI
package import Foundation

/// Where pshell points when it starts, from (first wins) process flags, environment variables, the
/// profile file, or an existing Coveo CLI login; with none of them, the built-in sandbox.
package struct StartupConfiguration: Sendable {
    /// What the process flags say (a token is never among them: it would show in `ps`).
    package struct Flags: Sendable {
        package var organization: String?
        package var region: String?
        package var environment: String?
        package var platformURL: String?
        package var pushURL: String?
        package var sandbox = false
        package var profile: String?

        package init() {}
    }

    package var session: Session
    /// One line for the banner: what was chosen and why.
    package var origin: String
    /// Things the user should know (an unsafe profile file, ...).
    package var warnings: [String] = []
    /// The CA the profile trusts for its hosts (`cacert`, written by `apikey create --save-to-profile` after
    /// `endpoint --cacert`): trusted on top of `--cacert`'s.
    package var profileCAFile: String?

    /// Reads the configuration. `readFile` returns a file's contents and its permission bits.
    package static func resolve(
        _ flags: Flags, environment: [String: String],
        readFile: (String) -> (data: Data, mode: Int)? = StartupConfiguration.readFile
    ) throws(ShellError) -> StartupConfiguration {
        var session = Session(target: .sandbox, environmentVariables: environment)
        if flags.sandbox {
            return StartupConfiguration(session: session, origin: "the built-in sandbox (--sandbox)")
        }
        var warnings: [String] = []
        var organization = flags.organization ?? environment["PSHELL_ORG"]
        var region = flags.region ?? environment["PSHELL_REGION"]
        var platformEnvironment = flags.environment ?? environment["PSHELL_ENVIRONMENT"]
        var platformURL = flags.platformURL ?? environment["PSHELL_PLATFORM_URL"]
        var pushURL = flags.pushURL ?? environment["PSHELL_PUSH_URL"]
        var token = environment["PSHELL_TOKEN"].flatMap { $0.isEmpty ? nil : Secret($0) }
        var tokenOrigin = token == nil ? nil : "$PSHELL_TOKEN"
        var origin = "flags and environment variables"
        var profileCAFile: String?

        // The profile, or else the Coveo CLI's login.
        let (fileValues, fileOrigin) = try fileValues(
            flags, environment: environment, readFile: readFile, warnings: &warnings)
        if let fileOrigin {
            let usedFile =
                organization == nil && fileValues["organization"] != nil || token == nil && fileValues["token"] != nil
            organization = organization ?? fileValues["organization"]
            region = region ?? fileValues["region"]
            platformEnvironment = platformEnvironment ?? fileValues["environment"]
            platformURL = platformURL ?? fileValues["platformUrl"]
            pushURL = pushURL ?? fileValues["pushUrl"]
            session.profile = fileValues["name"]
            profileCAFile = fileValues["cacert"]
            session.production = fileValues["production"] == "true"
            if token == nil, let value = fileValues["token"] {
                token = Secret(value)
                tokenOrigin = fileOrigin
            }
            if usedFile { origin = fileOrigin }
        }

        let configured =
            organization != nil || token != nil || region != nil || platformEnvironment != nil || platformURL != nil
            || pushURL != nil
        guard configured else {
            return StartupConfiguration(
                session: session, origin: "the built-in sandbox (no Coveo account configured)", warnings: warnings)
        }
        session.region = try parsedRegion(region)
        session.environment = try parsedEnvironment(platformEnvironment)
        session.target = try target(
            region: session.region, environment: session.environment, platformURL: platformURL, pushURL: pushURL)
        session.organization = organization
        session.token = token
        session.tokenOrigin = tokenOrigin
        return StartupConfiguration(
            session: session, origin: origin, warnings: warnings, profileCAFile: profileCAFile)
    }

    /// The values of the profile file, or else of the Coveo CLI's login, and where they came from; a profile that
    /// others may read keeps its token out (with a warning).
    private static func fileValues(
        _ flags: Flags, environment: [String: String], readFile: (String) -> (data: Data, mode: Int)?,
        warnings: inout [String]
    ) throws(ShellError) -> (values: [String: String], origin: String?) {
        let asked = flags.profile ?? environment["PSHELL_PROFILE"]
        let profilePath = try profilePath(asked, environment: environment, readFile: readFile)
        var fileValues: [String: String] = [:]
        var fileOrigin: String?
        if let profilePath, let file = readFile(profilePath) {
            fileValues = try values(of: file.data, path: profilePath)
            fileOrigin = "the profile \(profilePath)"
            if let asked, Self.isProfileName(asked) {
                fileValues["name"] = asked
                fileOrigin = "the profile '\(asked)' (\(profilePath))"
            }
            if fileValues["token"] != nil, file.mode & 0o077 != 0 {
                warnings.append(
                    "\(profilePath) holds a token but others may read it "
                        + "(mode \(String(file.mode & 0o777, radix: 8))); "
                        + "its token is ignored until you run `chmod 600 \(profilePath)`"
                )
                fileValues["token"] = nil
            }
            // A token by reference (tokenEnv, tokenFrom) is no secret in the file: read after the mode check.
            try resolveTokenReference(&fileValues, path: profilePath, environment: environment, readFile: readFile)
        } else if flags.profile != nil {
            throw ShellError.usage("--profile \(flags.profile ?? ""): no such file")
        } else if let cliPath = configPath(environment, "@coveo/cli/config.json"), let file = readFile(cliPath) {
            let cli = (try? values(of: file.data, path: cliPath)) ?? [:]
            fileValues = [
                "organization": cli["organization"], "region": cli["region"], "environment": cli["environment"],
                "token": cli["accessToken"],
            ]
            .compactMapValues { $0 }
            if !fileValues.isEmpty { fileOrigin = "your Coveo CLI login (\(cliPath))" }
        }
        return (fileValues, fileOrigin)
    }

    /// A word that names a profile (`staging`), not a path to one (`./p.json`, `~/p.json`).
    static func isProfileName(_ text: String) -> Bool {
        !text.contains("/") && !text.hasSuffix(".json")
            && Tokenizer.isName(text.replacingOccurrences(of: "-", with: "_"))
    }

    /// `--profile NAME` is `$XDG_CONFIG_HOME/pshell/profiles/NAME.json`; `--profile FILE` is the file.
    private static func profilePath(
        _ asked: String?, environment: [String: String], readFile: (String) -> (data: Data, mode: Int)?
    ) throws(ShellError) -> String? {
        guard let asked else { return configPath(environment, "pshell/profile.json") }
        guard isProfileName(asked), let folder = configPath(environment, "pshell/profiles") else { return asked }
        let path = folder + "/" + asked + ".json"
        guard readFile(path) != nil else {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
            throw ShellError.usage(
                "--profile \(asked): no profile of that name in \(folder)"
                    + (names.isEmpty ? "" : " (there: \(names.joined(separator: ", ")))"))
        }
        return path
    }

    /// A profile's token by reference: `"tokenEnv": "NAME"` (an environment variable) or `"tokenFrom": "coveo-cli"`
    /// (the Coveo CLI's login), so the profile itself holds no secret.
    private static func resolveTokenReference(
        _ values: inout [String: String], path: String, environment: [String: String],
        readFile: (String) -> (data: Data, mode: Int)?
    ) throws(ShellError) {
        if let name = values["tokenEnv"] {
            guard let token = environment[name], !token.isEmpty else {
                throw ShellError.usage("\(path): its token is $\(name) (tokenEnv), which is not set")
            }
            values["token"] = token
        } else if let from = values["tokenFrom"] {
            guard from == "coveo-cli" else {
                throw ShellError.usage("\(path): tokenFrom is \"coveo-cli\" (the Coveo CLI's login), not '\(from)'")
            }
            guard let cliPath = configPath(environment, "@coveo/cli/config.json"), let file = readFile(cliPath),
                let token = (try? Self.values(of: file.data, path: cliPath))?["accessToken"]
            else {
                throw ShellError.usage(
                    "\(path): tokenFrom coveo-cli, but there is no Coveo CLI login; run `coveo auth:login`")
            }
            values["token"] = token
        }
    }

    static func parsedRegion(_ region: String?) throws(ShellError) -> Region {
        guard let region else { return .us }
        guard let value = Region(rawValue: region.lowercased()) else {
            throw ShellError.usage("region '\(region)' is not one of us, eu, au, ca")
        }
        return value
    }

    static func parsedEnvironment(_ text: String?) throws(ShellError) -> PlatformEnvironment {
        guard let text else { return .prod }
        let lowered = text.lowercased()
        let aliases = ["production": "prod", "development": "dev", "staging": "stg"]
        guard let value = PlatformEnvironment(rawValue: aliases[lowered] ?? lowered) else {
            throw ShellError.usage("environment '\(text)' is not one of prod, hipaa, dev, stg")
        }
        return value
    }

    /// Coveo's hosts for the region and environment, or the URLs given (each checked: https, or http to loopback).
    private static func target(
        region parsedRegion: Region, environment parsedEnvironment: PlatformEnvironment, platformURL: String?,
        pushURL: String?
    ) throws(ShellError) -> Target {
        guard platformURL != nil || pushURL != nil else { return .coveo(parsedRegion, parsedEnvironment) }
        var endpoints = Endpoints.coveo(region: parsedRegion, environment: parsedEnvironment)
        for (text, isPlatform) in [(platformURL, true), (pushURL, false)] {
            guard let text else { continue }
            switch Endpoints.validate(text) {
            case .success(let url):
                if isPlatform {
                    endpoints.platform = url
                    // Given alone, the platform URL names the Push API's host too.
                    if pushURL == nil {
                        endpoints.push = Endpoints.push(
                            following: url, region: parsedRegion, environment: parsedEnvironment)
                    }
                } else {
                    endpoints.push = url
                }
            case .failure(let error): throw ShellError.usage(error.message)
            }
        }
        return .custom(endpoints)
    }

    /// `$XDG_CONFIG_HOME/NAME` or `$HOME/.config/NAME`.
    package static func configPath(_ environment: [String: String], _ name: String) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/" + name }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.config/" + name }
        return nil
    }

    /// `$XDG_DATA_HOME/NAME`, else `~/.local/share/NAME`: what pshell keeps that is neither a setting nor history
    /// (the prompt's sandbox).
    package static func dataPath(_ environment: [String: String], _ name: String) -> String? {
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/" + name }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/" + name }
        return nil
    }

    private static func values(of data: Data, path: String) throws(ShellError) -> [String: String] {
        let json: JSON
        do {
            json = try JSONParser.parse(Array(data))
        } catch {
            throw ShellError.usage("\(path): invalid JSON at \(error)")
        }
        guard case .object(let object) = json else { throw ShellError.usage("\(path): expected a JSON object") }
        var result: [String: String] = [:]
        for member in object.members {
            if let text = member.value.stringValue { result[member.key] = text }
            if let flag = member.value.boolValue { result[member.key] = flag ? "true" : "false" }
        }
        return result
    }

    package static func readFile(_ path: String) -> (data: Data, mode: Int)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0o600
        return (data, mode)
    }
}
