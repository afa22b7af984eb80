import Foundation
import Interpreter
import LineEditor
import Synchronization

extension REPL {
    /// `--step --auto SECONDS`: types the next statement at a person's pace, runs it, and pauses. Ctrl-C, while it
    /// types or pauses, hands the prompt to the presenter with the session as it is.
    func autoStep(_ stepper: inout Stepper, pause: Double) async -> Int32? {
        guard let statement = stepper.nextStatement() else { return nil }
        let interrupted = Mutex(false)
        let sleeper = Task {
            // Typing: about 25 characters a second, and never more than 2 s for a long statement.
            let delay = min(0.04, 2.0 / Double(max(statement.count, 1)))
            Terminal.writeOut(Self.visible(await mainPrompt()))
            for character in statement {
                try await Task.sleep(for: .seconds(delay))
                Terminal.writeOut(character == "\n" ? "\n   ...> " : String(character))
            }
            Terminal.writeOut("\n")
        }
        var watch = Interrupts.watch {
            interrupted.withLock { $0 = true }
            sleeper.cancel()
        }
        _ = try? await sleeper.value
        watch.cancel()
        if interrupted.withLock({ $0 }) {
            stepper.leave()
            return nil
        }
        if let code = await execute(statement) { return code }
        let pauser = Task { try await Task.sleep(for: .seconds(pause)) }
        watch = Interrupts.watch {
            interrupted.withLock { $0 = true }
            pauser.cancel()
        }
        _ = try? await pauser.value
        watch.cancel()
        if interrupted.withLock({ $0 }) { stepper.leave() }
        return nil
    }

    /// A prompt made for libedit (its invisible-span markers taken out), for writing straight to the terminal.
    static func visible(_ prompt: String) -> String { prompt.replacingOccurrences(of: "\u{1}", with: "") }
}
