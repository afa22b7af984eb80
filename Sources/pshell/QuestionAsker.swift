import Foundation
import Interpreter
import LineEditor

/// Asks a statement's questions ("Delete source ...? [y/N]") through the line editor: Ctrl-C or Ctrl-D is no
/// answer (nothing is deleted), and an earlier Ctrl-D does not answer every later question, as stdin's EOF did.
/// Unchecked: the REPL reads a statement with the editor, then awaits it; questions come only while it waits.
struct QuestionAsker: @unchecked Sendable {
    let editor: EditLineReader

    func ask(_ prompt: String) -> String? {
        // A long question wraps at words; the editor shows its last line, where the answer is typed.
        let width = Terminal.columns(STDOUT_FILENO) ?? 80
        let trailing = prompt.hasSuffix(" ") ? " " : ""
        var lines = Renderer.wrap(String(prompt.dropLast(trailing.count)), width: width - 1).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        let last = lines.removeLast() + trailing
        if !lines.isEmpty { Terminal.writeOut(lines.joined(separator: "\n") + "\n") }
        return editor.answer(prompt: last)
    }
}
