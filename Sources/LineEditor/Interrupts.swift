import CEditLine

/// Ctrl-C while a command runs: a SIGINT handler (without SA_RESTART) sets a flag that the REPL polls
/// to cancel the request in flight. While a line is being edited Ctrl-C is a key, not a signal.
package enum Interrupts {
    package static func install() { pe_sigint_install() }
    /// Whether Ctrl-C was pressed since the last call; clears the flag.
    package static func take() -> Bool { pe_sigint_take() != 0 }
    package static func peek() -> Bool { pe_sigint_peek() != 0 }
}
