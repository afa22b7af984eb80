import CoveoAPI
import Foundation
import Interpreter
import LineEditor

/// The interactive loop: read a statement (joining continuation lines), run it with Ctrl-C able to
/// cancel it, report failures, go on. Runs on the main actor, so the blocking read never takes a
/// thread from the pool the embedded sandbox and the HTTP client run on.
@MainActor
struct REPL {
    let shell: Shell
    let reader: EditLineReader
    let color: Bool
    /// `--step FILE`: the script's lines, typed at the prompt one at a time (Enter runs, Ctrl-C skips).
    var steps: [String] = []
    var stepsName = ""

    func run() async -> Int32 {
        Interrupts.install()
        var pending: [String] = []
        var nextStep = 0
        var stepping = !steps.isEmpty
        while true {
            let prompt: String
            if !pending.isEmpty, stepping, nextStep < steps.count {
                // A statement that goes on (an open quote or brace, a trailing \): its next line is typed too.
                reader.pushInput(steps[nextStep])
                nextStep += 1
            } else if pending.isEmpty, stepping {
                var pushed = false
                while nextStep < steps.count, !pushed {
                    let line = steps[nextStep]
                    nextStep += 1
                    let trimmed = line.trimmingCharacters(in: .whitespaces)
                    if trimmed.isEmpty || trimmed.hasPrefix("#!") { continue }
                    if trimmed.hasPrefix("#") {
                        // Comments are the presenter's notes: shown, not typed.
                        Terminal.writeOut((color ? "\u{1B}[2m" : "") + line + (color ? "\u{1B}[0m" : "") + "\n")
                        continue
                    }
                    reader.pushInput(line)
                    pushed = true
                }
                if !pushed {
                    stepping = false
                    Terminal.writeOut("(end of \(stepsName); the prompt is yours, Ctrl-D exits)\n")
                }
            }
            if pending.isEmpty {
                let context = await shell.promptContext()
                prompt =
                    color
                    ? "\u{1}\u{1B}[1;32m\u{1}pshell\u{1}\u{1B}[0m\u{1} \u{1}\u{1B}[36m\u{1}\(context)\u{1}\u{1B}[0m\u{1}> "
                    : "pshell \(context)> "
            } else {
                prompt = "   ...> "
            }
            switch reader.readLine(prompt: prompt) {
            case .endOfFile:
                Terminal.writeOut("\n")
                reader.saveHistory()
                return 0
            case .interrupted:
                pending = []
                continue
            case .line(let line):
                pending.append(line)
                let statement = pending.joined(separator: "\n")
                if Tokenizer.needsContinuation(statement) { continue }
                pending = []
                guard !statement.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                if await shouldRemember(statement) {
                    reader.remember(statement)
                    reader.saveHistory()
                }
                switch await runCancellable(statement) {
                case .success:
                    break
                case .failure(let error):
                    await shell.report(error, at: nil)
                case .exit(let code):
                    reader.saveHistory()
                    return code
                case .stopped:
                    break
                }
            }
        }
    }

    /// Lines that set a token, or that contain it, and lines starting with a space stay out of history.
    private func shouldRemember(_ statement: String) async -> Bool {
        if statement.hasPrefix(" ") { return false }
        let first = statement.split(separator: " ").first.map(String.init) ?? ""
        if first == "token" { return false }
        if let token = await shell.session.token, statement.contains(token.value) { return false }
        return true
    }

    /// Runs a statement while watching for Ctrl-C, which cancels it (and the request in flight).
    private func runCancellable(_ statement: String) async -> Outcome {
        let shell = self.shell
        let task = Task.detached { await shell.execute(statement) }
        let watch = Interrupts.watch { task.cancel() }
        let outcome = await task.value
        watch.cancel()
        return outcome
    }
}
