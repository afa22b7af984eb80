/// A strict JSON parser (RFC 8259) that reports where the text is wrong, as `line N, column M`.
package struct JSONParser {
    /// What went wrong, and where.
    package struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        package var reason: String
        package var line: Int
        package var column: Int

        package var description: String { "line \(line), column \(column): \(reason)" }
    }

    /// Whether an object may repeat a key. The Push API refuses duplicate keys, so the sandbox can ask for that.
    package var allowsDuplicateKeys = true
    /// Objects and arrays nested deeper than this are refused, so hostile input cannot exhaust the stack.
    package var maximumDepth = 512

    private var bytes: [UInt8] = []
    private var index = 0
    private var depth = 0

    package init(allowsDuplicateKeys: Bool = true) {
        self.allowsDuplicateKeys = allowsDuplicateKeys
    }

    package static func parse(_ text: String) throws(Failure) -> JSON {
        var parser = JSONParser()
        return try parser.parse(Array(text.utf8))
    }

    package static func parse(_ bytes: [UInt8]) throws(Failure) -> JSON {
        var parser = JSONParser()
        return try parser.parse(bytes)
    }

    package mutating func parse(_ input: [UInt8]) throws(Failure) -> JSON {
        bytes = input
        index = 0
        depth = 0
        // A UTF-8 byte order mark is tolerated, as most tools do.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        skipWhitespace()
        guard index < bytes.count else { throw failure("the text is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected \(describeCurrent()) after the JSON value") }
        return value
    }

    private mutating func parseValue() throws(Failure) -> JSON {
        guard index < bytes.count else { throw failure("the text ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectWord("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectWord("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectWord("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        if depth > maximumDepth { throw failure("nesting deeper than \(maximumDepth) levels") }
    }

    private mutating func parseObject() throws(Failure) -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [JSONObject.Member] = []
        var seen: Set<String> = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw failure("the text ends inside an object; expected '}'") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure("unexpected \(describeCurrent()); expected a key in double quotes")
            }
            let keyStart = index
            let key = try parseString()
            if !allowsDuplicateKeys {
                if seen.contains(key) {
                    // Line and column are counted only now: counting them for every key is quadratic.
                    index = keyStart
                    throw failure("duplicate key \"\(key)\"")
                }
                seen.insert(key)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw failure("unexpected \(describeCurrent()); expected ':' after the key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard index < bytes.count else { throw failure("the text ends inside an object; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject(members))
            }
            throw failure("unexpected \(describeCurrent()); expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(Failure) -> JSON {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw failure("the text ends inside an array; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            throw failure("unexpected \(describeCurrent()); expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        index += 1
        // Fast path: a string without escapes is decoded in one step.
        var end = index
        var ascii = true
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                // From the array's storage, and ASCII (most of what Coveo answers) without validation: String's
                // validating initializer is generic and looked up type metadata for every string.
                let start = index
                let decoded = bytes.withUnsafeBufferPointer {
                    let text = UnsafeBufferPointer(rebasing: $0[start..<end])
                    return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
                }
                guard let text = decoded else {
                    throw failure("a string is not valid UTF-8")
                }
                index = end + 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            if byte >= 0x80 { ascii = false }
            end += 1
        }
        var scalars: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scalars, as: UTF8.self) else {
                    throw failure("a string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                try parseEscape(into: &scalars)
            case 0..<0x20:
                throw failure("a control character in a string (write it as \\n, \\t or \\u00XX)")
            default:
                scalars.append(byte)
                index += 1
            }
        }
        throw failure("the text ends inside a string; expected a closing '\"'")
    }

    /// The escape after a backslash (`index` is on the letter), appended as UTF-8.
    private mutating func parseEscape(into scalars: inout [UInt8]) throws(Failure) {
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""): scalars.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): scalars.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): scalars.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): scalars.append(0x08)
        case UInt8(ascii: "f"): scalars.append(0x0C)
        case UInt8(ascii: "n"): scalars.append(0x0A)
        case UInt8(ascii: "r"): scalars.append(0x0D)
        case UInt8(ascii: "t"): scalars.append(0x09)
        case UInt8(ascii: "u"):
            var code = try parseHex4()
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else { throw failure("a lone UTF-16 surrogate in a \\u escape") }
                index += 2
                let low = try parseHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("an invalid UTF-16 surrogate pair") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure("a lone UTF-16 surrogate in a \\u escape")
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure("an invalid \\u escape") }
            scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            index -= 1
            throw failure("an invalid escape \\\(describeCurrent(quoted: false)) in a string")
        }
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("a \\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw failure("a \\u escape needs four hex digits")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(Failure) -> JSON {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs a digit here") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw failure("a number cannot start with 0") }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw failure("a number needs a digit after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw failure("a number needs a digit in its exponent")
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    private func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private mutating func expectWord(_ word: StaticString) throws(Failure) {
        let expected = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw failure("unexpected \(describeCurrent()); expected a value")
        }
        index += expected.count
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func describeCurrent(quoted: Bool = true) -> String {
        guard index < bytes.count else { return "end of text" }
        let b = bytes[index]
        if b >= 0x21 && b < 0x7F {
            let c = String(UnicodeScalar(b))
            return quoted ? "'\(c)'" : c
        }
        if b < 0x80 { return quoted ? "character 0x\(String(b, radix: 16))" : "x\(String(b, radix: 16))" }
        return "a non-ASCII character"
    }

    private func currentLine() -> Int {
        var line = 1
        for b in bytes[0..<min(index, bytes.count)] where b == 0x0A { line += 1 }
        return line
    }

    private func currentColumn() -> Int {
        var column = 1
        var i = min(index, bytes.count) - 1
        while i >= 0, bytes[i] != 0x0A {
            // Count characters, not bytes: skip UTF-8 continuation bytes.
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i -= 1
        }
        return column
    }

    private func failure(_ reason: String) -> Failure {
        Failure(reason: reason, line: currentLine(), column: currentColumn())
    }
}
