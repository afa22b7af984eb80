/// Writes `JSON` as text: compact (for the wire and for pipes) or pretty (for people), with optional colour.
package enum JSONWriter {
    /// Escape sequences wrapped around each kind of token when writing for a terminal.
    package struct Palette: Sendable {
        package var key: (String, String)
        package var string: (String, String)
        package var number: (String, String)
        package var literal: (String, String)

        package init(
            key: (String, String), string: (String, String), number: (String, String), literal: (String, String)
        ) {
            self.key = key
            self.string = string
            self.number = number
            self.literal = literal
        }
    }

    package static func compact(_ value: JSON) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(value, into: &out, indent: nil, level: 0, palette: nil)
        return String(decoding: out, as: UTF8.self)
    }

    package static func pretty(_ value: JSON, palette: Palette? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        write(value, into: &out, indent: "  ", level: 0, palette: palette)
        return String(decoding: out, as: UTF8.self)
    }

    // Written as UTF-8 bytes, made a String once: appending to a String checked and grew it at every token, and
    // writing was a fifth of what a `get` cost pshell.
    private static func write(
        _ value: JSON, into out: inout [UInt8], indent: String?, level: Int, palette: Palette?
    ) {
        switch value {
        case .null: paint("null", palette?.literal, into: &out)
        case .bool(let b): paint(b ? "true" : "false", palette?.literal, into: &out)
        case .number(let n): paint(n, palette?.number, into: &out)
        case .string(let s):
            if let p = palette?.string { out.append(contentsOf: p.0.utf8) }
            writeString(s, into: &out)
            if let p = palette?.string { out.append(contentsOf: p.1.utf8) }
        case .array(let elements):
            if elements.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent, level + 1, into: &out)
                write(element, into: &out, indent: indent, level: level + 1, palette: palette)
            }
            newline(indent, level, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, member) in object.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent, level + 1, into: &out)
                if let p = palette?.key { out.append(contentsOf: p.0.utf8) }
                writeString(member.key, into: &out)
                if let p = palette?.key { out.append(contentsOf: p.1.utf8) }
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, indent: indent, level: level + 1, palette: palette)
            }
            newline(indent, level, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func paint(_ text: String, _ colour: (String, String)?, into out: inout [UInt8]) {
        if let colour { out.append(contentsOf: colour.0.utf8) }
        out.append(contentsOf: text.utf8)
        if let colour { out.append(contentsOf: colour.1.utf8) }
    }

    private static func newline(_ indent: String?, _ level: Int, into out: inout [UInt8]) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<level { out.append(contentsOf: indent.utf8) }
    }

    /// DEL, the C1 controls (U+009B is a CSI to some terminals) and the bidirectional formatting characters (they
    /// reorder the text a terminal shows around them): never written raw where a server's text meets a terminal.
    package static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    package static func writeString(_ s: String, into out: inout String) {
        // Appended as it is when nothing needs escaping (most strings): a byte array and a string made for each
        // one were a fifth of what rendering a source model cost.
        if needsNoEscape(s) {
            out.append("\"")
            out.append(s)
            out.append("\"")
            return
        }
        var bytes: [UInt8] = []
        writeString(s, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `s` is written as it is between quotes. The check reads the bytes in place (a native string's
    /// storage), not through the view's iterator: it ran over every item's data twice in the sandbox's indexing.
    private static func needsNoEscape(_ s: String) -> Bool {
        func plain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte < 0x7F }
        return s.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count, plain(bytes[index]) { index += 1 }
            return index == bytes.count
        } ?? s.utf8.allSatisfy(plain)
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        // Most strings need no escaping: copy them whole.
        if needsNoEscape(s) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(UInt8(ascii: "\""))
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: "\\\"".utf8)
            case "\\": out.append(contentsOf: "\\\\".utf8)
            case "\n": out.append(contentsOf: "\\n".utf8)
            case "\r": out.append(contentsOf: "\\r".utf8)
            case "\t": out.append(contentsOf: "\\t".utf8)
            case "\u{08}": out.append(contentsOf: "\\b".utf8)
            case "\u{0C}": out.append(contentsOf: "\\f".utf8)
            default:
                // Controls, and the bidirectional ones that reorder what a terminal shows (U+202E): written as
                // escapes, which JSON reads back as the same string.
                if scalar.value < 0x20 || Self.isInvisibleControl(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                } else {
                    out.append(contentsOf: UTF8.encode(scalar)!)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
