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
            .init("cast", help: "record the screen instead, as an asciicast v2 file (asciinema play FILE replays it)"),
            .init("yes", short: "y", help: "write over FILE if it exists, without asking"),
        ],
        example: "record demo.pshell",
        details: """
            Tokens are never written; an id created during the session becomes a variable ($source1), so the script
            replays. With --cast, every statement typed and everything printed goes to the file with its timing
            (tokens masked): a lesson to replay with `asciinema play`. `record stop` ends either.
            """)

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        // A recording already there (last lesson's, a script) is not written over without a yes: asked at the
        // prompt, `--yes` elsewhere.
        if let target = args.word(RecordCommand.target), target != "stop", shell.recorder == nil, shell.cast == nil {
            let path = shell.inputs.path(target)
            let facts = try? FileManager.default.attributesOfItem(atPath: path)
            if facts?[.type] as? FileAttributeType == .typeDirectory {
                throw ShellError.usage("record: \(path) is a folder; give a file's name")
            }
            if let size = facts?[.size] as? NSNumber, size.intValue > 0, !args.has("yes"), !shell.options.assumeYes {
                guard shell.console.isInteractive else {
                    throw ShellError.usage("record: \(path) exists (\(size.intValue) bytes); --yes writes over it")
                }
                let go = try await shell.confirmation.confirmed(args, declined: "Not recording.") {
                    "\(path) exists (\(size.intValue) bytes): write over it? [y/N] "
                }
                guard go else { return .success }
            }
        }
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
                shell.console.diagnose(
                    .note, "recorded \(cast.finish()) screen events in \(cast.path) (asciinema play \(cast.path))")
            }
            guard let recorder = shell.recorder else { return }
            try recorder.write()
            shell.recorder = nil
            let count = recorder.statements.count
            shell.console.diagnose(.note, "recorded \(count) statement\(count == 1 ? "" : "s") in \(recorder.path)")
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
        shell.console.diagnose(.note, "recording successful commands to \(path); `record stop` ends")
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
        shell.console.diagnose(.note, "recording the screen to \(path); `record stop` ends")
        shell.console = cast
        shell.cast = cast
    }
}
