/// `trace`: print every request and response, as the documentation shows them.
struct TraceCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "trace", group: .teaching, summary: "Print every request and response, as the documentation shows them",
        positionals: [onOff], options: [asPlatform], example: "trace on --as-platform",
        details: """
            Method, URL, headers (the token masked), pretty JSON body; status line, request id and body of the
            answer; time. On standard error. On the sandbox, --as-platform shows each request as it would go to the
            platform's host (the one in the documentation), the sandbox's address in a note.
            """)

    static let asPlatform = CommandSpec.Option(
        "as-platform", help: "on the sandbox, show requests with the platform's host, as the documentation does")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.setSwitch(args, "trace", { shell.session.trace = $0 }, current: shell.session.trace)
        if args.word(CommandCatalog.onOff) != nil { shell.session.traceAsPlatform = args.has("as-platform") }
        return .success
    }
}
