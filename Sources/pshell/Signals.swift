import Dispatch
import Foundation

/// Delivers `signals` to `handler` as events instead of their default action, until the sources are cancelled
/// (`pshell sandbox` stops cleanly on SIGINT or SIGTERM; a script stops its statement on SIGINT).
func watchSignals(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
    signals.map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { handler(number) }
        source.resume()
        return source
    }
}
