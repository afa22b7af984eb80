import Foundation
import Interpreter
import Synchronization

/// At the prompt, a statement's output taller than the terminal goes through `$PAGER` (else `less -FRX`), as
/// psql and git do. Output is held until it fills the screen; then the pager starts and gets the rest as it comes.
/// Never when standard output is not a terminal.
final class Pager: Sendable {
    private struct State {
        /// The terminal's height when the statement began; nil: output goes straight out.
        var rows: Int?
        var held = ""
        var heldLines = 0
        var process: Int32?
        var pipe: FileHandle?
    }

    private let state = Mutex(State())
    private let command: String

    init(environment: [String: String]) {
        let given = environment["PAGER"]?.trimmingCharacters(in: .whitespaces) ?? ""
        command = given.isEmpty ? "less -FRX" : given
    }

    /// Before a statement: hold its output when paging is on and the terminal has a height.
    func begin(enabled: Bool) {
        let rows = enabled ? Self.terminalRows() : nil
        state.withLock { $0 = State(rows: rows) }
    }

    /// Takes the statement's output; false when it should be written straight to the terminal.
    func take(_ text: String) -> Bool {
        state.withLock { state in
            guard let rows = state.rows else { return false }
            if let pipe = state.pipe {
                try? pipe.write(contentsOf: Data(text.utf8))
                return true
            }
            state.held += text
            state.heldLines += text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
            // The prompt needs a line: output that fills the screen goes through the pager.
            if state.heldLines >= rows - 1 { start(&state) }
            return true
        }
    }

    /// Before a line on standard error: what is held goes out first, so the two streams keep their order (a note
    /// after the result it is about); its lines still count towards the screen.
    func flush() {
        state.withLock { state in
            guard state.pipe == nil, !state.held.isEmpty else { return }
            StandardConsole.write(state.held, to: STDOUT_FILENO)
            state.held = ""
        }
    }

    /// After a statement: what was held is written, or the pager is closed and waited for.
    func end() {
        let (held, process, pipe) = state.withLock { state in
            defer { state = State() }
            return (state.held, state.process, state.pipe)
        }
        if let pipe, let process {
            try? pipe.close()
            _ = ForegroundProcess.wait(process)
        } else if !held.isEmpty {
            StandardConsole.write(held, to: STDOUT_FILENO)
        }
    }

    private func start(_ state: inout State) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return giveUp(&state) }
        // The pager's end is closed in pshell; pshell's end must not leak into the pager.
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        guard let pid = ForegroundProcess.spawn(["/bin/sh", "-c", command], input: ends[0]) else {
            close(ends[0])
            close(ends[1])
            return giveUp(&state)
        }
        close(ends[0])
        let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: false)
        try? writer.write(contentsOf: Data(state.held.utf8))
        state.held = ""
        state.process = pid
        state.pipe = writer
    }

    /// No pager to be had: the output goes to the terminal as it would have.
    private func giveUp(_ state: inout State) {
        StandardConsole.write(state.held, to: STDOUT_FILENO)
        state = State()
    }

    private static func terminalRows() -> Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 2 else {
            return nil
        }
        return Int(size.ws_row)
    }
}
