import Foundation
import Interpreter
import LineEditor
import Synchronization

extension REPL {
    /// `--step --auto SECONDS`: types the next statement at a person's pace, runs it, and pauses. Ctrl-C, while it
    /// types or pauses, hands the prompt to the presenter with the session as it is.
    func autoStep(_ stepper: inout Stepper, pause: Double) async -> Int32? {
        guard let statement = stepper.nextStatement() else { return nil }
        let typed = await Self.untilCtrlC {
            // Typing: about 25 characters a second, and never more than 2 s for a long statement.
            let delay = min(0.04, 2.0 / Double(max(statement.count, 1)))
            Terminal.writeOut(Self.visible(await mainPrompt()))
            for character in statement {
                try await Task.sleep(for: .seconds(delay))
                Terminal.writeOut(character == "\n" ? "\n   ...> " : String(character))
            }
            Terminal.writeOut("\n")
        }
        guard typed else {
            stepper.leave()
            return nil
        }
        if let code = await execute(statement) { return code }
        if await !Self.untilCtrlC({ try await Task.sleep(for: .seconds(pause)) }) { stepper.leave() }
        return nil
    }

    /// Runs `work` until it ends or Ctrl-C cancels it; whether it ran to its end.
    private static func untilCtrlC(_ work: @escaping @MainActor () async throws -> Void) async -> Bool {
        let interrupted = Mutex(false)
        let task = Task { try await work() }
        let watch = Interrupts.watch {
            interrupted.withLock { $0 = true }
            task.cancel()
        }
        _ = try? await task.value
        watch.cancel()
        return !interrupted.withLock { $0 }
    }

    /// A prompt made for libedit (its invisible-span markers taken out), for writing straight to the terminal.
    static func visible(_ prompt: String) -> String { prompt.replacingOccurrences(of: "\u{1}", with: "") }
}
