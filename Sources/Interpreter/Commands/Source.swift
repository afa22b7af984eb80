/// `source`: run a script file (relative to the including script).
struct SourceCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "source", group: .scripting, summary: "Run a script file (relative to the including script)",
        positionals: [.init("FILE", .file), .init("ARGS", optional: true, variadic: true)], options: [],
        example: "source setup.pshell")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        return try await shell.sourceFile(args)
    }
}
