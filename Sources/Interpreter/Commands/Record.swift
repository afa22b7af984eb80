/// `record`: write this session's successful commands as a script; `record stop` ends.
struct RecordCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "record", group: .teaching, summary: "Write this session's successful commands as a script; `record stop` ends",
        positionals: [.init("FILE|stop", .file, optional: true)], options: [], example: "record demo.pshell",
        details: "Tokens are never written; an id created during the session becomes a variable ($source1), so the script replays.")

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.record(args)
        return .success
    }
}
