import CoveoAPI
import Testing

@Suite struct JSONTests {
    /// A server's C1 and bidirectional controls are escapes in JSON (the same string to a parser), never raw on
    /// a terminal.
    @Test func invisibleControlsAreWrittenAsEscapes() throws {
        let text = "a\u{202E}b\u{9B}c\u{7F}é"
        let written = JSONWriter.compact(.string(text))
        #expect(written == #""a\u202eb\u009bc\u007fé""#)
        #expect(try JSONParser.parse(written) == .string(text))
    }

    /// Strings are decoded from the bytes as they come: ASCII at once, anything else validated as UTF-8.
    @Test func stringsAreValidatedUnlessASCII() throws {
        #expect(
            try JSONParser.parse(#"["plain","é→😀","tab\tx"]"#)
                == .array([.string("plain"), .string("é→😀"), .string("tab\tx")]))
        #expect(throws: (any Error).self) {
            try JSONParser.parse(Array(#"["a"#.utf8) + [0xC3, 0x28] + Array(#""]"#.utf8))
        }
        #expect(throws: (any Error).self) { try JSONParser.parse(Array(#"{"k":""#.utf8) + [0xFF] + Array(#""}"#.utf8)) }
    }

    @Test func roundTripKeepsOrderAndNumbers() throws {
        let text = #"{"z":1,"a":[true,false,null],"n":1700000000000123,"f":-1.5e3,"s":"é\n\"x\""}"#
        let value = try JSONParser.parse(text)
        #expect(JSONWriter.compact(value) == text)
        #expect(value["z"] == .number("1"))
        #expect(value["n"]?.interpolationText == "1700000000000123")
        #expect(value.objectValue?.keys == ["z", "a", "n", "f", "s"])
    }

    @Test func prettyPrintsTwoSpaceIndent() throws {
        let value = try JSONParser.parse(#"{"a":{"b":[1,2]},"c":{}}"#)
        #expect(
            JSONWriter.pretty(value) == "{\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  },\n  \"c\": {}\n}")
    }

    @Test(arguments: [
        ("{\"a\":1,}", "line 1, column 8: unexpected '}'; expected a key in double quotes"),
        ("{\n  \"a\" 1\n}", "line 2, column 7: unexpected '1'; expected ':' after the key \"a\""),
        ("[1, 2", "line 1, column 6: the text ends inside an array; expected ',' or ']'"),
        ("", "line 1, column 1: the text is empty; expected a JSON value"),
        ("01", "line 1, column 2: a number cannot start with 0"),
        ("\"a\u{01}\"", "line 1, column 3: a control character in a string (write it as \\n, \\t or \\u00XX)"),
        ("{} x", "line 1, column 4: unexpected 'x' after the JSON value"),
    ])
    func errorsSayWhereAndWhat(input: String, message: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(input) }
        do {
            _ = try JSONParser.parse(input)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func duplicateKeysCanBeRefused() throws {
        var strict = JSONParser(allowsDuplicateKeys: false)
        #expect(throws: JSONParser.Failure.self) { try strict.parse(Array(#"{"a":1,"a":2}"#.utf8)) }
        #expect(try JSONParser.parse(#"{"a":1,"a":2}"#)["a"] == .number("1"))
    }

    @Test func unicodeEscapesAndSurrogates() throws {
        #expect(try JSONParser.parse(#""\u00e9\ud83d\ude00""#) == .string("é😀"))
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(#""\ud83d""#) }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func dottedPaths() throws {
        let value = try JSONParser.parse(#"{"information":{"sourceStatus":{"type":"PUSH_READY"}},"list":[{"id":"x"}]}"#)
        #expect(value.value(at: ["information", "sourceStatus", "type"]) == .string("PUSH_READY"))
        #expect(value.value(at: ["list", "0", "id"]) == .string("x"))
        #expect(value.value(at: ["list", "1"]) == nil)
    }

    @Test func mergingReplacesInPlace() {
        let a = JSONObject([.init(key: "a", value: 1), .init(key: "b", value: 2)])
        let b = JSONObject([.init(key: "b", value: 3), .init(key: "c", value: 4)])
        #expect(a.merging(b).keys == ["a", "b", "c"])
        #expect(a.merging(b)["b"] == .number("3"))
    }
}

@Suite struct JSONFuzzTests {
    /// Random bytes and mutated documents: the parser answers a value or one `Failure`, never crashes,
    /// and what it accepts survives a round trip.
    @Test func randomInputNeverCrashes() throws {
        var state: UInt64 = 0x1234_5678
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let seed = Array(#"{"a":[1,-2.5e3,"x\u00e9\n",true,null,{"b":{}}],"c":"😀"}"#.utf8)
        for round in 0..<20_000 {
            var bytes = seed
            if round % 2 == 0 {
                for _ in 0..<(next() % 4 + 1) {
                    let index = Int(next() % UInt64(bytes.count))
                    switch next() % 3 {
                    case 0: bytes[index] = UInt8(truncatingIfNeeded: next())
                    case 1: bytes.remove(at: index)
                    default: bytes.insert(UInt8(truncatingIfNeeded: next()), at: index)
                    }
                }
            } else {
                bytes = (0..<Int(next() % 24)).map { _ in UInt8(truncatingIfNeeded: next()) }
            }
            if let value = try? JSONParser.parse(bytes) {
                #expect(try JSONParser.parse(JSONWriter.compact(value)) == value)
            }
        }
    }
}
