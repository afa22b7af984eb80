import CoveoAPI
import Foundation

/// `record`: write this session's successful commands as a script; `record stop` ends.
struct RecordCommand: ShellCommand {
    static let target = CommandSpec.Positional("FILE|stop", .file, optional: true)

    static let spec = CommandSpec(
        name: "record", group: .teaching,
        summary: "Write this session's successful commands as a script; `record stop` ends",
        positionals: [target],
        options: [
            .init("cast", help: "record the screen instead, as an asciicast v2 file (asciinema play FILE replays it)")
        ],
        example: "record demo.pshell",
        details: """
            Tokens are never written; an id created during the session becomes a variable ($source1), so the script
            replays. With --cast, every statement typed and everything printed goes to the file with its timing
            (tokens masked): a lesson to replay with `asciinema play`. `record stop` ends either.
            """)

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try record(args, in: shell)
        return .success
    }
}

extension RecordCommand {
    private static func record(_ args: ParsedArguments, in shell: isolated Shell) throws {
        guard let target = args.word(RecordCommand.target) else {
            shell.console.write(
                shell.recorder.map { "recording to \($0.path) (\($0.statements.count) statements so far)\n" }
                    ?? "not recording\n")
            return
        }
        if target == "stop" {
            guard shell.recorder != nil || shell.cast != nil else {
                throw ShellError.failure("record stop: nothing is being recorded")
            }
            if let cast = shell.cast {
                shell.console = cast.outer
                shell.cast = nil
                shell.console.write(
                    "Recorded \(cast.finish()) screen events in \(cast.path) (asciinema play \(cast.path))\n")
            }
            guard let recorder = shell.recorder else { return }
            try recorder.write()
            shell.recorder = nil
            shell.console.write("Recorded \(recorder.statements.count) statements in \(recorder.path)\n")
            return
        }
        if args.has("cast") { return try startCast(shell.inputs.path(target), in: shell) }
        if let recorder = shell.recorder {
            throw ShellError.failure("record: already recording to \(recorder.path); `record stop` first")
        }
        let path = shell.inputs.path(target)
        let recorder = Recorder(path: path, started: shell.clock.now())
        try recorder.write()
        shell.recorder = recorder
        shell.console.write("Recording successful commands to \(path); `record stop` ends\n")
    }

    /// `record --cast FILE`: from now on the console also writes an asciicast.
    private static func startCast(_ path: String, in shell: isolated Shell) throws {
        if let cast = shell.cast {
            throw ShellError.failure("record: already casting to \(cast.path); `record stop` first")
        }
        let environment = shell.session.environmentVariables
        let cast = try CastingConsole(
            around: shell.console, path: path,
            width: shell.console.width ?? environment["COLUMNS"].flatMap(Int.init) ?? 100,
            height: shell.console.height ?? environment["LINES"].flatMap(Int.init) ?? 30,
            timestamp: shell.clock.now() / 1000, redaction: shell.redaction)
        shell.console.write("Recording the screen to \(path); `record stop` ends\n")
        shell.console = cast
        shell.cast = cast
    }
}
