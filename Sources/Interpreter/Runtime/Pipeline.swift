import CoveoAPI
import Foundation

/// `STATEMENT | COMMAND` (psql's `\g |command`): the statement runs with its output held (as when it is not on a
/// terminal: JSON, csv), every secret masked, then that output goes to `/bin/sh -c COMMAND`'s standard input; the
/// command writes to the terminal. Diagnostics still go to standard error as they come.
enum Pipeline {
    static func run(_ statement: String, into command: String, in shell: isolated Shell) async -> Outcome {
        if let problem = Tokenizer.pipelineProblem(statement, command) { return .failure(.usage(problem)) }
        // `record` keeps the whole pipe once, and only when both its statement and its command succeeded.
        let typed = statement.trimmingCharacters(in: .whitespaces) + " | " + command
        return await RecordedOnce.run(typed, command: "pipe", in: shell) {
            await piped(statement, into: command, in: shell)
        }
    }

    private static func piped(_ statement: String, into command: String, in shell: isolated Shell) async -> Outcome {
        let outer = shell.console
        // Masked as it is written, as the terminal would show it: a secret a command reveals on purpose (a new
        // API key's value, shown once) reaches the command too.
        let masking = shell.masking
        let capture = CapturingConsole(around: outer) { masking.masked($0) }
        shell.console = capture
        let outcome = await shell.execute(statement)
        shell.console = outer
        guard outcome == .success else { return outcome }
        // Where the statement's output was going somewhere else than the terminal (`$(...)`, a capture), the
        // command's goes there too; and while `record --cast` runs, through the console, so that the cast holds it.
        let (status, output) = await shell.programs.run(
            command, input: Array(capture.text.utf8), capturing: !outer.isTerminal || shell.cast != nil)
        if !output.isEmpty { outer.write(String(decoding: output, as: UTF8.self)) }
        switch status {
        case 0: return .success
        // Ctrl-C stopped the command (128 + SIGINT, as the shell reports it): the statement was interrupted.
        case 130: return .failure(ShellError(.cancelled, "| `\(command)` was interrupted"))
        default: return .failure(.failure("| `\(command)` exited with status \(status)"))
        }
    }
}
