extension Tokenizer {
    /// The words of a statement that holds nothing to interpret (no quote, backslash, `$` or `#`, ASCII only), split
    /// at blanks by byte; nil for any other. Most statements of a script are such (`get My-Source`), and the scanner
    /// (`WordScanner`), which must see whole Characters, cost them 600 instructions a character.
    static func plainWords(_ text: String) -> [String]? {
        var words: [String] = []
        var start: String.Index?
        let utf8 = text.utf8
        for index in utf8.indices {
            switch utf8[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                if let first = start { words.append(String(text[first..<index])) }
                start = nil
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"), UInt8(ascii: "#"),
                0x80...:
                return nil
            default:
                if start == nil { start = index }
            }
        }
        if let first = start { words.append(String(text[first...])) }
        return words
    }
}
