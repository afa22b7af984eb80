/// `set`: set a variable, or a setting (on-error, output, max-wait, timeout).
struct SetCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "set", group: .scripting, summary: "Set a variable, or a setting (on-error, output, max-wait, timeout)",
        positionals: [.init("NAME", optional: true), .init("VALUE", optional: true, variadic: true)], options: [],
        example: "set id $last.id",
        details: """
            `set` alone lists variables. Settings: `set on-error continue|stop`, `set output auto|json|pretty`,
            `set max-wait SECONDS` (how long one call may wait to retry 429, 5xx and dropped connections; default 120).
            `set timeout SECONDS` (the most one request may take, its whole answer included; default 60, or --timeout).
            """)

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.setVariable(args)
        return .success
    }
}
