/// The terminal as the interpreter sees it: results go to `write`, diagnostics to `diagnose`.
/// The REPL, scripts and tests each supply their own.
package protocol Console: Sendable {
    /// Whether standard output is a terminal (pretty output, tables, colour).
    var isTerminal: Bool { get }
    /// Whether colour may be used (a terminal, `NO_COLOR` unset, `TERM` not `dumb`, or `--color always`).
    var usesColor: Bool { get }
    /// The terminal's width in columns when standard output is one, read when asked (a window may be resized).
    var width: Int? { get }
    /// Its height in rows, likewise.
    var height: Int? { get }
    /// Whether a person can answer questions (standard input is a terminal and this is not a script).
    var isInteractive: Bool { get }
    func write(_ text: String)
    /// One line on standard error; its severity decides its label's colour, never a search of its text.
    func diagnose(_ diagnostic: Diagnostic)
    /// Asks a question and returns the answer; `nil` when nobody can answer.
    func ask(_ prompt: String) -> String?
    /// A question asked of a person even in a script; `nil` when no one is at a terminal.
    func confirmAtTerminal(_ prompt: String) -> String?
    /// Asks for a secret with echo off; `nil` when nobody can answer.
    func askSecret(_ prompt: String) -> String?
    /// Whether a progress line can be redrawn in place (standard error is a terminal).
    var showsProgress: Bool { get }
    /// Redraws the progress line; `nil` ends it.
    func progress(_ text: String?)
    /// Where what must show even under `-q` goes (a dry run's requests): the console beneath a quiet one, else
    /// this one. A requirement rather than a cast: `as? QuietConsole` on every request cost more than the request's
    /// own headers.
    var unquiet: any Console { get }
}

extension Console {
    package var width: Int? { nil }
    package var height: Int? { nil }
    package var unquiet: any Console { self }
}

/// How serious a diagnostic is: its label (`error:`, `warning:` ...) and, on a terminal, its colour.
package enum Severity: String, Sendable {
    case error, interrupted, warning, note
}

/// One line for standard error: `[LOCATION: ]SEVERITY: MESSAGE`, or plain text (traces, timings, counts).
package struct Diagnostic: Sendable, Equatable {
    package var location: String?
    package var severity: Severity?
    package var message: String
    /// Written as it is, never wrapped at the terminal's width: a trace, whose bodies are JSON to copy (a line break
    /// inside a string would break it).
    package var verbatim = false

    package init(_ severity: Severity?, _ message: String, at location: String? = nil, verbatim: Bool = false) {
        self.severity = severity
        self.message = message
        self.location = location
        self.verbatim = verbatim
    }

    /// The line as it is written, without colour.
    package var text: String {
        (location.map { $0 + ": " } ?? "") + (severity.map { $0.rawValue + ": " } ?? "") + message
    }

    /// The line as a terminal shows it: wrapped at `width` (unless verbatim), its label coloured when `color`
    /// (wrapped as plain text first: with the escapes in it, the wrap would not see the label to indent under).
    package func styled(width: Int?, color: Bool) -> String {
        func fitted(_ text: String) -> String {
            guard let width, !verbatim else { return text }
            return Renderer.wrapLines(text, width: width)
        }
        guard color, let severity else { return fitted(text) }
        let colour =
            switch severity {
            case .error, .interrupted: "\u{1B}[1;31m"
            case .warning: "\u{1B}[33m"
            case .note: "\u{1B}[36m"
            }
        let place = location.map { $0 + ": " } ?? ""
        let label = place + severity.rawValue + ":"
        let plain = fitted(label + " " + message)
        return plain.hasPrefix(label)
            ? place + colour + severity.rawValue + ":\u{1B}[0m" + plain.dropFirst(label.count) : plain
    }
}

/// The prompt, `pshell CONTEXT> `: the name in bold green and the context in cyan (red for a production profile)
/// when in colour. `markers` brackets the escapes for libedit, which must not count them as columns.
package enum Prompt {
    package static func text(context: String, production: Bool, color: Bool, markers: Bool) -> String {
        guard color else { return "pshell \(context)> " }
        let (open, close) = markers ? ("\u{1}", "\u{1}") : ("", "")
        func styled(_ code: String, _ text: String) -> String {
            open + "\u{1B}[\(code)m" + close + text + open + "\u{1B}[0m" + close
        }
        return styled("1;32", "pshell") + " " + styled(production ? "1;31" : "36", context) + "> "
    }
}

extension Console {
    /// Plain text on standard error (a trace, a timing, a per-item result).
    package func diagnose(_ text: String) { diagnose(Diagnostic(nil, text)) }
    package func diagnose(_ severity: Severity, _ message: String) { diagnose(Diagnostic(severity, message)) }

    package var showsProgress: Bool { false }
    /// A question that must be asked of a person even in a script (a production profile's delete): nil when no one
    /// is at a terminal.
    package func confirmAtTerminal(_ prompt: String) -> String? { ask(prompt) }
    package func progress(_ text: String?) {}
}
