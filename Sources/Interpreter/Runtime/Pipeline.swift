import CoveoAPI
import Foundation

/// `STATEMENT | COMMAND` (psql's `\g |command`): the statement runs with its output held (as when it is not on a
/// terminal: JSON, csv), every secret masked, then that output goes to `/bin/sh -c COMMAND`'s standard input; the
/// command writes to the terminal. Diagnostics still go to standard error as they come.
enum Pipeline {
    static func run(_ statement: String, into command: String, in shell: isolated Shell) async -> Outcome {
        guard !command.isEmpty else { return .failure(.usage("a `|` with no command after it")) }
        guard !statement.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(.usage("a `|` with no statement before it"))
        }
        let outer = shell.console
        let capture = CapturingConsole(around: outer)
        shell.console = capture
        let outcome = await shell.execute(statement)
        shell.console = outer
        guard outcome == .success else { return outcome }
        // The command's own failure (grep finding nothing) is its to say, on the terminal.
        _ = await shell.programs.run(command, input: Array(shell.masking.masked(capture.text).utf8))
        return .success
    }
}
