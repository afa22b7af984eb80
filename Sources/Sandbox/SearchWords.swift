import CSQLite
import Foundation

/// How a query's words meet an item's text: whole words, case folded (Unicode's lower case), a regular plural and
/// its singular alike (`plan` and `plans` find "plan" and "plans", not "planet" nor "planes"). Run inside SQLite
/// as `pshell_match(title, text, words)`, over the bytes SQLite holds, so that a scan of 100,000 items builds no
/// String for an ASCII row.
enum SearchWords {
    /// The words' separator in the function's third argument.
    static let separator: UInt8 = 0x1F
    /// The most words a query may have.
    static let maximum = 100

    /// A query's words, folded and reduced to their stem (`plans` → `plan`, `boxes` → `box`), joined for
    /// `pshell_match`.
    static func argument(_ words: [String]) -> String {
        words.map { stem($0.lowercased()) }.joined(separator: String(UnicodeScalar(separator)))
    }

    /// A plural's singular, as far as English's regular plurals go: `es` after s, x, z, ch or sh, else `s` (not
    /// after s, u or i: `class`, `bus`, `analysis` stay).
    static func stem(_ word: String) -> String {
        let sibilants = ["s", "x", "z", "ch", "sh"]
        if word.count > 3, word.hasSuffix("es"), sibilants.contains(where: { word.dropLast(2).hasSuffix($0) }) {
            return String(word.dropLast(2))
        }
        if word.count > 3, word.hasSuffix("s"), !["ss", "us", "is"].contains(where: { word.hasSuffix($0) }) {
            return String(word.dropLast())
        }
        return word
    }

    /// Registers `pshell_match(title, text, words)`: 0 when a word is in neither, 1 when each is in one of them,
    /// 2 when besides the first word is in the title (what ranks a result first).
    static func register(on handle: OpaquePointer) {
        sqlite3_create_function_v2(
            handle, "pshell_match", 3, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nil,
            { context, _, arguments in
                guard let arguments else { return sqlite3_result_int(context, 0) }
                sqlite3_result_int(context, SearchWords.match(arguments[0], arguments[1], arguments[2]))
            }, nil, nil, nil)
    }

    private static func match(_ title: OpaquePointer?, _ text: OpaquePointer?, _ words: OpaquePointer?) -> Int32 {
        let folded = (fold(title), fold(text))
        let wanted = bytes(words)
        var first = true
        var titleHit = false
        var start = 0
        while start <= wanted.count {
            let end = wanted[start...].firstIndex(of: separator) ?? wanted.count
            let word = wanted[start..<end]
            if !word.isEmpty {
                let inTitle = contains(folded.0, word)
                if first { titleHit = inTitle }
                if !inTitle, !contains(folded.1, word) { return 0 }
                first = false
            }
            start = end + 1
        }
        return titleHit ? 2 : 1
    }

    private static func bytes(_ value: OpaquePointer?) -> [UInt8] {
        guard let value, let text = sqlite3_value_text(value) else { return [] }
        return Array(UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
    }

    /// A value's text in lower case: ASCII byte by byte, anything else through Unicode's lower case.
    static func fold(_ value: OpaquePointer?) -> [UInt8] {
        guard let value, let text = sqlite3_value_text(value) else { return [] }
        let buffer = UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value)))
        if buffer.allSatisfy({ $0 < 0x80 }) {
            return buffer.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        }
        return Array(String(decoding: buffer, as: UTF8.self).lowercased().utf8)
    }

    /// Whether `word` (a folded stem) is a whole word of `text` (folded), or its regular plural: `s` after it, or
    /// `es` when it ends in s, x, z, ch or sh.
    static func contains(_ text: [UInt8], _ word: ArraySlice<UInt8>) -> Bool {
        guard let head = word.first, text.count >= word.count else { return false }
        var index = 0
        let last = text.count - word.count
        while index <= last {
            guard let at = text[index...last].firstIndex(of: head) else { return false }
            if at == 0 || !isWordByte(text[at - 1]), text[at..<(at + word.count)].elementsEqual(word) {
                var end = at + word.count
                if end == text.count || !isWordByte(text[end]) { return true }
                if text[end] == 0x65, end + 1 < text.count, text[end + 1] == 0x73, takesES(word) { end += 1 }
                if text[end] == 0x73, end + 1 == text.count || !isWordByte(text[end + 1]) { return true }
            }
            index = at + 1
        }
        return false
    }

    /// Whether a stem's plural is `es`: it ends in s, x, z, ch or sh.
    private static func takesES(_ word: ArraySlice<UInt8>) -> Bool {
        guard let last = word.last else { return false }
        if last == 0x73 || last == 0x78 || last == 0x7A { return true }
        return last == 0x68 && word.count >= 2 && [0x63, 0x73].contains(word[word.index(before: word.endIndex) - 1])
    }

    /// Letters and digits (any byte of a multi-byte character counts as a letter).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
    }
}
