import CoveoAPI
import Foundation

/// `record`: write this session's successful commands as a script; `record stop` ends.
struct RecordCommand: ShellCommand {
    static let target = CommandSpec.Positional("FILE|stop", .file, optional: true)

    static let spec = CommandSpec(
        name: "record", group: .teaching,
        summary: "Write this session's successful commands as a script; `record stop` ends",
        positionals: [target], options: [], example: "record demo.pshell",
        details:
            "Tokens are never written; an id created during the session becomes a variable "
            + "($source1), so the script replays."
    )

    static let recorded = false

    static func run(_ args: ParsedArguments, in shell: isolated Shell) async throws -> Outcome {
        try shell.record(args)
        return .success
    }
}

extension Shell {
    func record(_ args: ParsedArguments) throws {
        guard let target = args.word(RecordCommand.target) else {
            console.write(
                recorder.map { "recording to \($0.path) (\($0.statements.count) statements so far)\n" }
                    ?? "not recording\n")
            return
        }
        if target == "stop" {
            guard let recorder else { throw ShellError.failure("record stop: nothing is being recorded") }
            try recorder.write()
            self.recorder = nil
            console.write("Recorded \(recorder.statements.count) statements in \(recorder.path)\n")
            return
        }
        if let recorder {
            throw ShellError.failure("record: already recording to \(recorder.path); `record stop` first")
        }
        let path = resolvePath(target)
        let recorder = Recorder(path: path, started: clock.now())
        try recorder.write()
        self.recorder = recorder
        console.write("Recording successful commands to \(path); `record stop` ends\n")
    }
}
