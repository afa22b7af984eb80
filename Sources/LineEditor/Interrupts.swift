import CEditLine
import CEditLineShim
package import Dispatch

/// Ctrl-C while a command runs: a SIGINT handler (without SA_RESTART, so a blocking read returns at once) sets a
/// flag and writes to a pipe; `whileRunning` turns that into an event. While a line is being edited Ctrl-C is a
/// key, not a signal.
package enum Interrupts {
    package static func install() { pe_sigint_install() }
    /// Whether Ctrl-C was pressed since the last call; clears the flag.
    package static func take() -> Bool { pe_sigint_take() != 0 }
    package static func peek() -> Bool { pe_sigint_peek() != 0 }

    /// Calls `interrupted` on the next Ctrl-C until the returned watch is cancelled. Ctrl-C pressed before it
    /// started does not count.
    package static func watch(_ interrupted: @escaping @Sendable () -> Void) -> any DispatchSourceRead {
        pe_sigint_drain()
        _ = take()
        let source = DispatchSource.makeReadSource(fileDescriptor: pe_sigint_fd(), queue: .global())
        source.setEventHandler {
            pe_sigint_drain()
            _ = take()
            interrupted()
        }
        source.resume()
        return source
    }
}
