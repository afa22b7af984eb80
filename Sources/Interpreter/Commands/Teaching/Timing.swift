/// `timing`: print the time each command takes (and its requests).
struct TimingCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "timing", group: .teaching, summary: "Print the time each command takes (and its requests)",
        positionals: [onOff], options: [], example: "timing on")

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        shell.setSwitch(args, "timing", { shell.session.timing = $0 }, current: shell.session.timing)
        return .success
    }
}
