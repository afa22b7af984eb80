import CoveoAPI
import Foundation

/// API keys (Authorization API): the key the Administration Console makes with a Push source, which may
/// push to that source and nothing else.
extension Shell {
    /// The privileges the console grants a Push source's key: edit (push to) and view the source, view the
    /// organization (file containers need it).
    static func pushSourcePrivileges(_ sourceId: String) -> JSON {
        [
            ["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "EDIT", "targetId": .string(sourceId)],
            ["owner": "PLATFORM", "targetDomain": "SOURCE", "type": "VIEW", "targetId": .string(sourceId)],
            ["owner": "PLATFORM", "targetDomain": "ORGANIZATION", "type": "VIEW", "targetId": "*"],
        ]
    }

    /// Creates the key, prints its value once (the platform never shows it again), and keeps it out of `$last`,
    /// traces and recordings; with `profile`, writes it to a new 0600 profile file instead of the screen.
    func createSourceKey(
        _ sourceId: String, name: String?, profile: String?, format: OutputFormat, client: CoveoClient
    ) async throws {
        let model: JSON = [
            "displayName": .string(name ?? "Push source \(sourceId)"),
            "description": "Pushes to one Push source (made by pshell, as the Administration Console does)",
            "enabled": true, "privileges": Self.pushSourcePrivileges(sourceId),
        ]
        var created = try await client.createAPIKey(model)
        let value = created["value"]?.stringValue ?? ""
        created["value"] = .string(Secret(value).masked)
        session.last = created
        let keyId = created["id"]?.stringValue ?? ""
        if let profile { try writeProfile(profile, token: value) }
        if format != .auto {
            // The value is what was asked for; it is printed, never kept in $last.
            var shown: JSON = ["id": .string(keyId), "sourceId": .string(sourceId)]
            shown[profile == nil ? "value" : "profile"] = .string(profile ?? value)
            let text = renderer.json(shown, format: format) + "\n"
            masking.revealing(value) { console.write(text) }
            return
        }
        if let profile {
            console.write(keyId + "\n")
            console.diagnose(
                .note,
                "the API key \(keyId) may push to \(sourceId) only; its value is in \(profile) "
                    + "(mode 0600): `pshell --profile \(profile)` uses it"
            )
        } else {
            masking.revealing(value) { console.write(keyId + "\n" + value + "\n") }
            console.diagnose(
                .note,
                "the API key \(keyId) may push to \(sourceId) only; its value is shown "
                    + "this once: store it now (or use --save-to-profile FILE)"
            )
        }
    }

    /// A profile (`{organization, region, environment, token}`) in a new file, mode 0600 from the start.
    private func writeProfile(_ path: String, token: String) throws {
        let resolved = resolvePath(path)
        var profile = JSONObject()
        profile["organization"] = .string(session.organization ?? "")
        if case .coveo(let region, let environment) = session.target {
            profile["region"] = .string(region.rawValue)
            profile["environment"] = .string(environment.rawValue)
        }
        profile["token"] = .string(token)
        let data = Data((JSONWriter.pretty(.object(profile)) + "\n").utf8)
        let descriptor = open(resolved, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST
                ? "it exists already (pshell never overwrites a profile)" : String(cString: strerror(errno))
            throw ShellError.failure(
                "--save-to-profile: cannot create \(path): \(reason); the key was created: `apikey list` shows it")
        }
        defer { close(descriptor) }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == data.count else {
            throw ShellError.failure(
                "--save-to-profile: cannot write \(path); the key was created: `apikey list` shows it")
        }
    }
}
