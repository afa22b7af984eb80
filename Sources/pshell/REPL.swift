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
    /// Output taller than the terminal, through `$PAGER`.
    var pager: Pager?
    /// `--step FILE --auto SECONDS`: each statement typed at a human pace, run, then this pause.
    var autoPause: Double?

    func run() async -> Int32 {
        Interrupts.install()
        var pending: [String] = []
        var stepper = Stepper(lines: steps, name: stepsName, color: color)
        while true {
            if let autoPause, stepper.active {
                if let code = await autoStep(&stepper, pause: autoPause) { return code }
                continue
            }
            stepper.feed(reader, continuing: !pending.isEmpty)
            reader.ctrlDEndsInput = stepper.active
            let prompt = pending.isEmpty ? await mainPrompt() : "   ...> "
            switch reader.readLine(prompt: prompt) {
            case .endOfFile where stepper.active:
                // Ctrl-D (on an empty line) while stepping: the presenter takes the prompt, the session as it is.
                pending = []
                stepper.leave()
            case .endOfFile:
                Terminal.writeOut("\n")
                // Ctrl-D after an unfinished statement (`...>`): it is said, not silently dropped.
                if !pending.isEmpty {
                    StandardConsole.write("note: the unfinished statement was not run\n", to: STDERR_FILENO)
                }
                reader.saveHistory()
                return 0
            case .interrupted:
                pending = []
            case .line(let line):
                pending.append(line)
                let statement = pending.joined(separator: "\n")
                if Script.continues(statement) { continue }
                pending = []
                if stepper.active, stepper.isStop(statement) {
                    stepper.leave()
                    continue
                }
                if let code = await execute(statement) { return code }
            }
        }
    }

    /// `pshell ORG>`, in colour on a terminal that takes it.
    func mainPrompt() async -> String {
        // A profile marked production is red: the one prompt where a slip costs most.
        Prompt.text(
            context: await shell.promptContext(), production: await shell.session.production, color: color,
            markers: true)
    }

    /// Runs one whole statement; the exit code when it ends the session.
    func execute(_ statement: String) async -> Int32? {
        guard !statement.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        if await shouldRemember(statement) {
            reader.remember(statement)
            reader.saveHistory()
        }
        // Failures are reported by the shell, which runs the line as statements (`;`, blocks) would be run.
        // `watch` redraws the screen round after round: a pager would hold it all until Ctrl-C.
        let first = statement.drop { $0 == " " || $0 == "\t" }.prefix { !$0.isWhitespace }
        pager?.begin(enabled: await shell.session.pager && first != "watch" && first != "\\watch")
        let outcome = await runCancellable(statement)
        pager?.end()
        switch outcome {
        case .success, .stopped:
            return nil
        case .failure(let error):
            await shell.report(error, at: nil)
            return nil
        case .exit(let code):
            reader.saveHistory()
            return code
        }
    }

    /// `--step FILE`: types the script's next line at the prompt (comments, the presenter's notes, are shown dim
    /// instead); a statement that goes on (an open quote or brace, a trailing \) gets its next line typed too.
    struct Stepper {
        let lines: [String]
        let name: String
        let color: Bool
        var next = 0
        var active: Bool
        /// The line last typed at the prompt for the presenter.
        var typed: String?

        init(lines: [String], name: String, color: Bool) {
            self.lines = lines
            // The file's name, not its path: the line that hands the prompt back stays on one line of the terminal.
            self.name = (name as NSString).lastPathComponent
            self.color = color
            active = !lines.isEmpty
        }

        mutating func feed(_ reader: EditLineReader, continuing: Bool) {
            guard active else { return }
            if continuing {
                if next < lines.count {
                    reader.pushInput(lines[next])
                    typed = lines[next]
                    next += 1
                }
                return
            }
            while next < lines.count {
                let line = lines[next]
                next += 1
                if narrates(line) { continue }
                reader.pushInput(line)
                typed = line
                return
            }
            finish()
        }

        /// A line that is no statement: blank, the `#!` line, or a comment (the presenter's notes, shown dim).
        private func narrates(_ line: String) -> Bool {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#!") { return true }
            guard trimmed.hasPrefix("#") else { return false }
            Terminal.writeOut((color ? "\u{1B}[2m" : "") + line + (color ? "\u{1B}[0m" : "") + "\n")
            return true
        }

        /// The script's end: the prompt is the presenter's.
        private mutating func finish() {
            active = false
            Terminal.writeOut("(end of \(name); the prompt is yours, Ctrl-D exits)\n")
        }

        /// `stop` typed over the step, or after it: the presenter types it at the end of the line the script typed.
        func isStop(_ statement: String) -> Bool {
            let trimmed = statement.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix("stop") else { return false }
            let before = trimmed.dropLast(4).trimmingCharacters(in: .whitespaces)
            return before.isEmpty || before == typed?.trimmingCharacters(in: .whitespaces)
        }

        /// `stop`, Ctrl-D or (with --auto) Ctrl-C: the rest of the script is left, the session kept.
        mutating func leave() {
            guard active else { return }
            active = false
            Terminal.writeOut("\n(left \(name) before its end; the prompt is yours, Ctrl-D exits)\n")
        }

        /// The next statement whole (a block or a continued line joined), comments before it shown dim; nil at
        /// the end.
        mutating func nextStatement() -> String? {
            var pending: [String] = []
            while next < lines.count {
                let line = lines[next]
                next += 1
                if pending.isEmpty, narrates(line) { continue }
                pending.append(line)
                let statement = pending.joined(separator: "\n")
                if Script.continues(statement) { continue }
                return statement
            }
            if !pending.isEmpty { return pending.joined(separator: "\n") }
            finish()
            return nil
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
        let task = Task.detached { await shell.runStatements(statement) }
        let watch = Interrupts.watch { task.cancel() }
        let outcome = await task.value
        watch.cancel()
        return outcome
    }
}
