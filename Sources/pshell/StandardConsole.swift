import Foundation
import Interpreter
import LineEditor
import Synchronization

/// The process's terminal: results on standard output, diagnostics on standard error.
final class StandardConsole: Console {
    let isTerminal: Bool

    /// The terminal's columns, asked of it each time: a resized window gets tables that fit it.
    var width: Int? { isTerminal ? Terminal.columns(STDOUT_FILENO) : nil }
    var height: Int? { isTerminal ? Terminal.rows(STDOUT_FILENO) : nil }
    let usesColor: Bool
    let isInteractive: Bool
    private let diagnosticsColor: Bool
    private let diagnosticsTerminal = Terminal.isTerminal(STDERR_FILENO)
    /// Asks a question at the prompt (the REPL's line editor); `nil` when pshell is not interactive.
    private let asker: (@Sendable (String) -> String?)?

    init(
        color: ColorChoice, interactive: Bool, environment: [String: String],
        asker: (@Sendable (String) -> String?)?, pager: Pager? = nil
    ) {
        isTerminal = Terminal.isTerminal(STDOUT_FILENO)
        self.pager = isTerminal ? pager : nil
        let allowed = environment["NO_COLOR"].map(\.isEmpty) ?? true
        let dumb = environment["TERM"] == "dumb"
        switch color {
        case .always:
            usesColor = true
            diagnosticsColor = true
        case .never:
            usesColor = false
            diagnosticsColor = false
        case .auto:
            usesColor = isTerminal && allowed && !dumb
            diagnosticsColor = Terminal.isTerminal(STDERR_FILENO) && allowed && !dumb
        }
        isInteractive = interactive
        self.asker = asker
    }

    /// At the prompt: a statement's output taller than the terminal goes through it.
    let pager: Pager?

    /// The progress line on standard error, while one is drawn: a line written meanwhile clears it first and
    /// draws it again after, so a note never runs on from the bar (`... ETA 617snote: created 2 fields`).
    private let progressLine = Mutex<String?>(nil)

    func write(_ text: String) {
        if pager?.take(text) == true { return }
        aroundProgress { Self.write(text, to: STDOUT_FILENO) }
    }

    func diagnose(_ diagnostic: Diagnostic) {
        pager?.flush()
        aroundProgress { writeDiagnostic(diagnostic) }
    }

    private func aroundProgress(_ body: () -> Void) {
        guard let shown = progressLine.withLock({ $0 }) else { return body() }
        Self.write("\r\u{1B}[K", to: STDERR_FILENO)
        body()
        Self.write("\r\(shown)\u{1B}[K", to: STDERR_FILENO)
    }

    private func writeDiagnostic(_ diagnostic: Diagnostic) {
        // On a terminal, a long diagnostic wraps at a word, not wherever the terminal cuts it; but a trace is
        // written as it is (`verbatim`): a line break inside a JSON string would break the body copied from it.
        let columns = diagnosticsTerminal ? Terminal.columns(STDERR_FILENO) : nil
        Self.write(diagnostic.styled(width: columns, color: diagnosticsColor) + "\n", to: STDERR_FILENO)
    }

    var showsProgress: Bool { diagnosticsTerminal }

    func progress(_ text: String?) {
        guard diagnosticsTerminal else { return }
        pager?.flush()
        // Cut to the terminal's width: a longer line wraps, and each redraw (a carriage return) would then leave
        // a line behind and scroll the screen.
        let width = max(Terminal.columns(STDERR_FILENO) ?? 80, 20) - 1
        let text = text.map { $0.count > width ? String($0.prefix(width - 1)) + "…" : $0 }
        progressLine.withLock { $0 = text }
        Self.write(text.map { "\r\($0)\u{1B}[K" } ?? "\r\u{1B}[K", to: STDERR_FILENO)
    }

    func ask(_ prompt: String) -> String? {
        guard isInteractive else { return nil }
        pager?.flush()
        return asker?(prompt)
    }

    func confirmAtTerminal(_ prompt: String) -> String? {
        if isInteractive { return ask(prompt) }
        guard Terminal.isTerminal(STDIN_FILENO) else { return nil }
        Self.write(prompt, to: STDERR_FILENO)
        return readLine(strippingNewline: true) ?? ""
    }

    func askSecret(_ prompt: String) -> String? {
        guard isInteractive else { return nil }
        return Terminal.readSecret(prompt: prompt)
    }

    /// Writes all of `text`; false when the descriptor refused it (a full disk, a closed pipe: `errno` says why).
    @discardableResult
    static func write(_ text: String, to fd: Int32) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        let written = bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            while offset < buffer.count {
                let n = Foundation.write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        bytes.removeAll()
        return written
    }
}

/// `--color auto|always|never`.
enum ColorChoice: String, CaseIterable, Sendable {
    case auto, always, never
}
