/// `trace`: print every request and response, as the documentation shows them.
struct TraceCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "trace", group: .teaching, summary: "Print every request and response, as the documentation shows them",
        positionals: [onOff], options: [], example: "trace on",
        details:
            "Method, URL, headers (the token masked), pretty JSON body; status line, "
            + "request id and body of the answer; time. On standard error."
    )

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.setSwitch(args, "trace", { shell.session.trace = $0 }, current: shell.session.trace)
        return .success
    }
}
