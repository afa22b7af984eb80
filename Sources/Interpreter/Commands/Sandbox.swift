/// `sandbox`: switch to the built-in sandbox.
struct SandboxCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "sandbox", group: .connection, summary: "Switch to the built-in sandbox",
        positionals: [],
        options: [
            .init("viewer", help: "use the sandbox's view-only key (to see a 403)"),
            .init("sources-limit", value: .number, valueName: "N", help: "the emulated numberOfSourcesLimit"),
            .init("providers-limit", value: .number, valueName: "N", help: "the emulated numberOfSecurityProvidersLimit"),
            .init("push-visibilities", value: .text, valueName: "LIST|none", help: "the visibilities the license allows PUSH sources, e.g. PRIVATE,SHARED"),
            .init("license-expired", value: .choice(["yes", "no"]), valueName: "yes|no", help: "whether the emulated license has expired"),
        ],
        example: "sandbox --sources-limit 1",
        details: "The settings change the emulated license and limits, so each prerequisite of `create` can be seen failing.")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try await shell.switchToSandbox(args)
        return .success
    }
}
