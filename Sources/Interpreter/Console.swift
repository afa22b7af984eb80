/// The terminal as the interpreter sees it: results go to `write`, diagnostics to `diagnose`.
/// The REPL, scripts and tests each supply their own.
package protocol Console: Sendable {
    /// Whether standard output is a terminal (pretty output, tables, colour).
    var isTerminal: Bool { get }
    /// Whether colour may be used (a terminal, `NO_COLOR` unset, `TERM` not `dumb`, or `--color always`).
    var usesColor: Bool { get }
    /// Whether a person can answer questions (standard input is a terminal and this is not a script).
    var isInteractive: Bool { get }
    func write(_ text: String)
    func diagnose(_ text: String)
    /// Asks a question and returns the answer; `nil` when nobody can answer.
    func ask(_ prompt: String) -> String?
    /// Asks for a secret with echo off; `nil` when nobody can answer.
    func askSecret(_ prompt: String) -> String?
    /// Whether a progress line can be redrawn in place (standard error is a terminal).
    var showsProgress: Bool { get }
    /// Redraws the progress line; `nil` ends it.
    func progress(_ text: String?)
}

extension Console {
    package var showsProgress: Bool { false }
    package func progress(_ text: String?) {}
}
