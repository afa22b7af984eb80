/// `assert`: fail unless A == B (or A != B).
struct AssertCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "assert", group: .scripting, summary: "Fail unless A == B (or A != B)",
        positionals: [.init("A"), .init("==|!="), .init("B")], options: [],
        example: "assert $last.sourceVisibility == SHARED")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.assertion(args)
        return .success
    }
}
