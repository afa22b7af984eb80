import CEditLine
import CEditLineShim
import Foundation

/// The reader that owns `el`: libedit hands it back to the callbacks (EL_CLIENTDATA), so no state is global.
private func reader(of el: OpaquePointer?) -> EditLineReader? {
    guard let el, let data = pe_get_clientdata(el) else { return nil }
    return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
}

/// Tab: complete the word before the cursor.
private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
    guard let el, let reader = reader(of: el), reader.completing, let completer = reader.completer,
        let info = el_line(el)
    else { return UInt8(CC_ERROR) }
    let length = info.pointee.cursor - info.pointee.buffer
    let bytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(info.pointee.buffer).assumingMemoryBound(to: UInt8.self), count: length)
    let before = String(decoding: bytes, as: UTF8.self)
    let (typed, candidates) = completer.complete(before)
    guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
    if candidates.count == 1 {
        // A folder or a path that goes on (`@docs/`, `$last.information.`) takes no space: Tab again goes in.
        let space = candidates[0].last.map { "/.]".contains($0) } == true ? "" : " "
        let rest = String(candidates[0].dropFirst(typed.count))
        if candidates[0].hasPrefix(typed) {
            el_insertstr(el, rest + space)
        } else {
            el_deletestr(el, Int32(typed.count))
            el_insertstr(el, candidates[0] + space)
        }
        return UInt8(CC_REFRESH)
    }
    let common = EditLineReader.commonPrefix(candidates)
    if common.count > typed.count, common.hasPrefix(typed) {
        el_insertstr(el, String(common.dropFirst(typed.count)))
        return UInt8(CC_REFRESH)
    }
    // Names with spaces are offered quoted (`"My docs"`): what they share replaces the unquoted word typed.
    if let quote = common.first, quote == "\"" || quote == "'", !typed.hasPrefix(String(quote)),
        common.dropFirst().hasPrefix(typed), common.count > typed.count + 1
    {
        el_deletestr(el, Int32(typed.count))
        el_insertstr(el, common)
        return UInt8(CC_REFRESH)
    }
    Terminal.writeOut("\n" + EditLineReader.columns(candidates) + "\n")
    return UInt8(CC_REDISPLAY)
}

/// Ctrl-C while editing: abandon the line (libedit returns as if at end of input; the flag tells them apart).
private let abortCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
    reader(of: el)?.abortRequested = true
    return UInt8(CC_EOF)
}

/// Ctrl-D while a script is being stepped through: the end of input from any line, not only an empty one.
private let endCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { _, _ in UInt8(CC_EOF) }

/// Ctrl-Z while editing (the terminal's signals are off then): suspend as the shell expects.
private let suspendCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { _, _ in
    kill(0, SIGTSTP)
    return UInt8(CC_REDISPLAY)
}

/// The interactive line editor: libedit with history, completion, Ctrl-R, and keys that work under
/// xterm and tmux. Used only when standard input is a terminal.
package final class EditLineReader {
    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyFile: HistoryFile?
    private var newEntries: [String] = []
    fileprivate let completer: (any LineCompleter)?
    /// Set by Ctrl-C while editing (libedit then returns as at end of input; this tells them apart).
    fileprivate var abortRequested = false
    /// Off while a question is asked: Tab would complete a statement, and the interpreter is busy with one.
    fileprivate var completing = true

    package init(program: String, historyFile: HistoryFile?, completer: (any LineCompleter)?) {
        Terminal.setUpLocale()
        editor = pe_init(program)
        history = pe_hist_init(Int32(historyFile?.capacity ?? 1000))
        self.historyFile = historyFile
        self.completer = completer
        if let historyFile { historyFile.load(into: history) }
        pe_setup(editor, history)
        // Unretained: the reader owns the editor, and ends it (el_end) before it goes.
        pe_set_clientdata(editor, Unmanaged.passUnretained(self).toOpaque())
        pe_addfn(editor, "pshell-complete", "complete the word", completeCallback)
        pe_addfn(editor, "pshell-abort", "abandon the line", abortCallback)
        pe_addfn(editor, "pshell-suspend", "suspend pshell", suspendCallback)
        pe_addfn(editor, "pshell-end", "end the input from any line", endCallback)
        // The user's ~/.editrc first: a `bind -v` there resets the keymap, so our bindings come after it.
        el_source(editor, nil)
        pe_bind(editor, "^I", "pshell-complete")
        pe_bind(editor, "^R", "em-inc-search-prev")
        pe_setty(editor, "-d", "-isig")
        pe_bind(editor, "^C", "pshell-abort")
        pe_bind(editor, "^Z", "pshell-suspend")
        for key in ["\\e[1~", "\\e[7~", "\\e[H", "\\eOH"] { pe_bind(editor, key, "ed-move-to-beg") }
        for key in ["\\e[4~", "\\e[8~", "\\e[F", "\\eOF"] { pe_bind(editor, key, "ed-move-to-end") }
        pe_bind(editor, "\\e[3~", "ed-delete-next-char")
        for key in ["\\e[1;5C", "\\e[5C", "\\e\\e[C"] { pe_bind(editor, key, "em-next-word") }
        for key in ["\\e[1;5D", "\\e[5D", "\\e\\e[D"] { pe_bind(editor, key, "ed-prev-word") }
    }

    /// Whether Ctrl-D ends the input whatever the line holds (`--step`: the presenter leaves the script from a
    /// line the script typed); otherwise it is emacs's delete-or-end.
    package var ctrlDEndsInput = false {
        didSet {
            guard ctrlDEndsInput != oldValue else { return }
            pe_bind(editor, "^D", ctrlDEndsInput ? "pshell-end" : "em-delete-or-list")
        }
    }

    deinit {
        history_end(history)
        el_end(editor)
    }

    /// Shows `prompt` and reads one line (without its newline).
    package func readLine(prompt: String) -> ReadResult {
        pe_set_prompt(prompt)
        abortRequested = false
        _ = Interrupts.take()
        var count: Int32 = 0
        guard let text = el_gets(editor, &count) else {
            let error = errno
            if abortRequested || Interrupts.take() || (count == -1 && error == EINTR) {
                abortRequested = false
                Terminal.writeOut("^C\n")
                return .interrupted
            }
            return .endOfFile
        }
        var line = String(cString: text)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// A question's answer (a confirmation during a statement), never kept in history; nil when the person gives
    /// none: Ctrl-C or Ctrl-D. Each question reads afresh: an earlier Ctrl-D does not answer the next one.
    package func answer(prompt: String) -> String? {
        completing = false
        defer { completing = true }
        switch readLine(prompt: prompt) {
        case .line(let text): return text
        case .interrupted: return nil
        case .endOfFile:
            Terminal.writeOut("\n")
            return nil
        }
    }

    /// Records a statement in history (memory now, the file at the next `saveHistory`).
    package func remember(_ statement: String) {
        var entry = statement
        while entry.hasSuffix(" ") { entry.removeLast() }
        guard !entry.isEmpty else { return }
        pe_hist_enter(history, entry)
        newEntries.append(entry)
    }

    /// Appends this session's new entries to the history file, merging with what other shells wrote.
    package func saveHistory() {
        guard let historyFile, !newEntries.isEmpty else { return }
        historyFile.append(newEntries)
        newEntries.removeAll()
    }

    /// Types `text` at the next prompt, as if the user had (for step-by-step demos).
    package func pushInput(_ text: String) {
        el_push(editor, text)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    static func columns(_ words: [String], width: Int = 80) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var lines: [String] = []
        var index = 0
        while index < words.count {
            let row = words[index..<min(index + perLine, words.count)]
            lines.append(
                row.map { $0 + String(repeating: " ", count: cell - $0.count) }.joined().trimmingCharacters(
                    in: .whitespaces))
            index += perLine
        }
        return lines.joined(separator: "\n")
    }
}
