import CoveoAPI
import Foundation

/// `sandbox`: switch to the built-in sandbox.
struct SandboxCommand: ShellCommand {
    static let action = CommandSpec.Positional("ACTION", .choice(["key", "reset"]), optional: true)

    static let spec = CommandSpec(
        name: "sandbox", group: .connection, summary: "Switch to the built-in sandbox, show its key, or empty it",
        positionals: [action],
        options: [
            .init("viewer", help: "use the sandbox's view-only key (to see a 403)"),
            .init("yes", short: "y", help: "with reset: do not ask for confirmation"),
            .init("sources-limit", value: .number(min: 0), valueName: "N", help: "the emulated numberOfSourcesLimit"),
            .init(
                "providers-limit", value: .number(min: 0), valueName: "N",
                help: "the emulated numberOfSecurityProvidersLimit"),
            .init(
                "push-visibilities", value: .text, valueName: "LIST|none",
                help: "the visibilities the license allows PUSH sources, e.g. PRIVATE,SHARED"),
            .init(
                "license-expired", value: .choice(["yes", "no"]), valueName: "yes|no",
                help: "whether the emulated license has expired"),
            .init(
                "stream-burst", value: .number(min: 0), valueName: "N",
                help: "the Stream API requests taken in 5 minutes (default 250, Coveo's production burst; 0: none)"),
        ],
        example: "sandbox --sources-limit 1",
        details: """
            The settings change the emulated license and limits, so each prerequisite of `create` can be seen failing.
            `sandbox key` prints the built-in sandbox's administrator key, for curl or a client run beside pshell:
            export PSHELL_TOKEN=... (the key is this process's sandbox's, and goes with it).
            At the prompt the built-in sandbox is kept in $XDG_DATA_HOME/pshell/sandbox.db (~/.local/share without
            it) from one session to the next; scripts and -c start it empty unless given --sandbox-state FILE.
            `sandbox reset` empties it: every source, provider, identity and field made is gone, and it has new keys.
            """)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let changes = try SandboxCommand.sandboxSettings(args)
        if args.word(SandboxCommand.action) == "reset" {
            guard changes.isEmpty else {
                throw ShellError.usage("sandbox reset: the license and limits are set after it, by another `sandbox`")
            }
            return try await reset(args, in: shell)
        }
        let connection = try await shell.connections.startSandbox()
        if args.word(SandboxCommand.action) == "key" {
            shell.masking.revealing(connection.adminKey.value) { shell.console.write(connection.adminKey.value + "\n") }
            return .success
        }
        shell.session.target = .sandbox
        shell.session.organization = connection.organization
        shell.session.token = args.has("viewer") ? connection.viewerKey : connection.adminKey
        shell.session.tokenOrigin =
            args.has("viewer") ? "the sandbox's view-only key" : "the sandbox's administrator key"
        shell.sources.forget()
        // What it did, for people: a note, not a result (stdout is a script's data).
        shell.console.diagnose(
            .note,
            "using the built-in sandbox at \(connection.url.absoluteString), organization \(connection.organization)")
        guard !changes.isEmpty else { return .success }
        // The license and limits are the sandbox's state: a dry run says what it would set, and sets nothing.
        if shell.session.dryRun {
            shell.console.diagnose(.note, "dry run (nothing sent): sandbox settings not changed")
            return .success
        }
        var client = try await shell.client()
        client.token = connection.adminKey
        guard let sandboxControl = shell.connections.sandboxControl else {
            throw ShellError.failure("sandbox: this pshell cannot change a sandbox's license and limits")
        }
        let settings = try await sandboxControl.settings(changes, via: client)
        shell.console.diagnose(.note, "sandbox license and limits: \(settings.summary)")
        return .success
    }
}

extension SandboxCommand {
    /// `sandbox reset`: asked first at the prompt, as `delete` is; the session's sandbox keys follow the new ones.
    private static func reset(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        let old = try await shell.connections.startSandbox()
        let confirmed = try await shell.confirmation.confirmed(args, declined: "Not reset.") {
            "Empty the built-in sandbox (\(old.keeping)): every source, provider and identity made in it? [y/N] "
        }
        guard confirmed else { return .success }
        if shell.session.dryRun {
            shell.console.diagnose(.note, "dry run (nothing sent): the sandbox is not reset")
            return .success
        }
        let connection = try await shell.connections.resetSandbox()
        if shell.session.token == old.adminKey { shell.session.token = connection.adminKey }
        if shell.session.token == old.viewerKey { shell.session.token = connection.viewerKey }
        shell.sources.forget()
        if let note = connection.note { shell.console.diagnose(.note, note) }
        shell.console.diagnose(
            .note,
            "the built-in sandbox is empty now, with new keys, at \(connection.url.absoluteString) "
                + "(\(connection.keeping))")
        return .success
    }

    /// The license and limits the options change.
    static func sandboxSettings(_ args: ParsedArguments) throws -> SandboxSettings {
        var changes = SandboxSettings(
            sourcesLimit: args.optionalNumber("sources-limit"), providersLimit: args.optionalNumber("providers-limit"))
        if let text = args.value("push-visibilities") {
            let list =
                text.lowercased() == "none"
                ? [] : text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
            if let bad = list.first(where: { !SandboxSettings.visibilities.contains($0) }) {
                throw ShellError.usage(
                    "sandbox: --push-visibilities: '\(bad)' is not PRIVATE, SECURED or SHARED (or give none)")
            }
            changes.pushVisibilities = list
        }
        if let text = args.value("license-expired") { changes.licenseExpired = text == "yes" }
        changes.streamBurst = args.optionalNumber("stream-burst")
        return changes
    }
}
