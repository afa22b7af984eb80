import CoveoAPI
import Foundation

/// API keys (Authorization API): the key the Administration Console makes with a Push source, which may
/// push to that source and nothing else.
struct SourceKeys: Sendable {
    let client: CoveoClient
    /// The statement's console: the value is printed there, revealed by `masking` for that one write.
    let console: any Console
    let masking: MaskingConsole
    let home: Home
    let inputs: Inputs

    /// Where a key works, written into a profile with it: the organization, and the region or the hosts.
    struct Home: Sendable {
        let organization: String
        let target: Target
        let sandboxURL: URL?
        /// The CA file the session trusts beyond the system's, absolute.
        var caFile: String? = nil
    }

    /// Creates the key, prints its value once (the platform never shows it again), and keeps it out of `$last`,
    /// traces and recordings; with `profile`, writes it to that profile file (reserved before anything was sent)
    /// instead of the screen.
    /// Returns the key's model, its value masked, for `$last`.
    func create(
        _ sourceId: String, name: String?, profile: ProfileReservation?, format: OutputFormat
    ) async throws -> JSON {
        let model: JSON = [
            "displayName": .string(name ?? "Push source \(sourceId)"),
            "description": "Pushes to one Push source (made by pshell, as the Administration Console does)",
            "enabled": true, "privileges": SourceRules.pushSourcePrivileges(sourceId),
        ]
        var created = try await client.createAPIKey(model)
        let key = APIKeyModel(created)
        let value = key.value ?? ""
        created["value"] = .string(Secret(value).masked)
        let keyId = key.id ?? ""
        if let profile { try profile.write(profileJSON(token: value)) }
        // A value written nowhere else is shown whatever -q or -o none say: the platform never shows it again.
        let console = profile == nil ? self.console.unquiet : self.console
        let format = profile == nil && format == .none ? .auto : format
        if format != .auto {
            // The value is what was asked for; it is printed, never kept in $last.
            var shown: JSON = ["id": .string(keyId), "sourceId": .string(sourceId)]
            shown[profile == nil ? "value" : "profile"] = .string(profile?.path ?? value)
            let text = Renderer(console: console).json(shown, format: format) + "\n"
            masking.revealing(value) { console.write(text) }
            return created
        }
        if let profile {
            console.write(keyId + "\n")
            console.diagnose(
                .note,
                "the API key \(keyId) may push to \(sourceId) only; its value is in \(profile.path) "
                    + "(mode 0600): `pshell --profile \(Tokenizer.quote(profile.absolutePath))` uses it"
                    + (home.target == .sandbox
                        ? " while this pshell runs (its built-in sandbox ends with it; "
                            + "`pshell sandbox --state FILE` lasts)"
                        : "")
            )
        } else {
            masking.revealing(value) { console.write(keyId + "\n" + value + "\n") }
            console.diagnose(
                .note,
                "the API key \(keyId) may push to \(sourceId) only; its value is shown "
                    + "this once: store it now (or use --save-to-profile FILE)"
            )
        }
        return created
    }

    /// `--save-to-profile FILE`, made now, before any request: nil without the option.
    func reserveProfile(_ args: ParsedArguments) throws -> ProfileReservation? {
        try args.value("save-to-profile").map { try ProfileReservation(path: $0, resolved: inputs.path($0)) }
    }

    /// A profile (`{organization, region, environment, token}`).
    /// Where the key works: the organization, and the region or the hosts pshell points at (a profile without its
    /// hosts would send the key to Coveo's production platform).
    private func profileJSON(token: String) -> Data {
        let hosts: JSONObject =
            switch home.target {
            case .coveo(let region, let environment):
                ["region": .string(region.rawValue), "environment": .string(environment.rawValue)]
            case .custom(let endpoints):
                [
                    "platformUrl": .string(endpoints.platform.absoluteString),
                    "pushUrl": .string(endpoints.push.absoluteString),
                ]
            case .sandbox:
                home.sandboxURL.map {
                    ["platformUrl": .string($0.absoluteString), "pushUrl": .string($0.absoluteString)]
                }
                    ?? [:]
            }
        // The CA the session trusts (`endpoint --cacert`): the key's hosts need it wherever the profile is used.
        let ca: [JSONObject.Member] = home.caFile.map { [.init(key: "cacert", value: .string($0))] } ?? []
        let profile = JSONObject(
            [.init(key: "organization", value: .string(home.organization))] + hosts.members + ca
                + [.init(key: "token", value: .string(token))])
        return Data((JSONWriter.pretty(.object(profile)) + "\n").utf8)
    }
}

/// The file `--save-to-profile` writes, made empty (mode 0600, never over an existing file nor through a symlink)
/// before the key it will hold is created: a destination that cannot take the key fails before anything exists,
/// so a key's value, shown nowhere else, is never lost. Removed again if the key never reaches it.
final class ProfileReservation {
    /// As the user gave it.
    let path: String
    private let resolved: String
    /// Where it is from any folder (what the hint pastes).
    var absolutePath: String {
        resolved.hasPrefix("/") ? resolved : FileManager.default.currentDirectoryPath + "/" + resolved
    }
    private var descriptor: Int32
    private var written = false

    init(path: String, resolved: String) throws {
        self.path = path
        self.resolved = resolved
        descriptor = open(resolved, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason =
                switch errno {
                case EEXIST: "it exists already (pshell never overwrites a profile, nor writes through a link)"
                case ENOENT: "its folder does not exist"
                default: String(cString: strerror(errno))
                }
            throw ShellError.failure("--save-to-profile: cannot create \(path): \(reason); nothing was sent")
        }
    }

    func write(_ data: Data) throws {
        let count = data.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard count == data.count, fsync(descriptor) == 0 else {
            throw ShellError.failure(
                "--save-to-profile: cannot write \(path) (\(String(cString: strerror(errno)))); "
                    + "the key was created: `apikey list` shows it")
        }
        written = true
    }

    deinit {
        // A failed init runs deinit too: the file it could not make may be the user's own, and stays.
        guard descriptor >= 0 else { return }
        close(descriptor)
        if !written { unlink(resolved) }
    }
}

extension SourceRules {
    /// The privileges the console grants a Push source's key: edit (push to) and view the source, view the
    /// organization (file containers need it).
    static func pushSourcePrivileges(_ sourceId: String) -> JSON {
        [
            ["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "EDIT", "targetId": .string(sourceId)],
            ["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "VIEW", "targetId": .string(sourceId)],
            ["owner": "PLATFORM", "targetDomain": "ORGANIZATION", "type": "VIEW", "targetId": "*"],
        ]
    }
}
