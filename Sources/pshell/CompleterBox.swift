import LineEditor
import Synchronization

/// Lets the line editor exist before the shell it completes for.
final class CompleterBox: LineCompleter, Sendable {
    private let completer = Mutex<(any LineCompleter)?>(nil)

    var target: (any LineCompleter)? {
        get { completer.withLock { $0 } }
        set { completer.withLock { $0 = newValue } }
    }

    func complete(_ textBeforeCursor: String) -> (typed: String, candidates: [String]) {
        target?.complete(textBeforeCursor) ?? ("", [])
    }
}
