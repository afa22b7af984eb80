/// `dry-run`: print requests instead of sending them (writes; reads too for read-only commands).
struct DryRunCommand: ShellCommand {
    static let spec = CommandSpec(
        name: "dry-run", group: .teaching,
        summary: "Print requests instead of sending them (writes; reads too for read-only commands)",
        positionals: [onOff], options: [], example: "dry-run on",
        details:
            "`--dry-run` does the same for one command. A write command still sends "
            + "the reads it is built from (update reads the source)."
    )

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        if shell.session.dryRunForWholeRun, args.word(onOff) == "off" {
            shell.console.diagnose(.note, "dry run: pshell runs with --dry-run: nothing is sent until it ends")
            return .success
        }
        shell.setSwitch(args, "dry-run", { shell.session.dryRun = $0 }, current: shell.session.dryRun)
        return .success
    }
}
