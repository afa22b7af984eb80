import Dispatch
import Interpreter
import LineEditor
import Synchronization

/// Bridges libedit's synchronous Tab callback to the shell actor. It waits a bounded time: completion
/// must never freeze typing.
final class ShellCompleter: LineCompleter {
    private let shell: Shell

    init(shell: Shell) {
        self.shell = shell
    }

    func complete(_ textBeforeCursor: String) -> (typed: String, candidates: [String]) {
        let result = Mutex<Completion?>(nil)
        let done = DispatchSemaphore(value: 0)
        let shell = self.shell
        Task.detached {
            let completion = await shell.complete(textBeforeCursor)
            result.withLock { $0 = completion }
            done.signal()
        }
        _ = done.wait(timeout: .now() + .seconds(2))
        guard let completion = result.withLock({ $0 }) else { return ("", []) }
        return (completion.typed, completion.candidates)
    }
}
