import Foundation
import Interpreter
import Testing

/// Random and malformed input to the tokenizer and the script runner: never a crash, and every failure
/// is exactly one line saying what is wrong.
@Suite struct FuzzTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let alphabet: [String] = [
        " ", " ", "a", "z", "0", "9", "-", "--", "\"", "'", "\\", "$", "{", "}", "[", "]", "#", "\n", "\t", "=", ".",
        "é", "😀", "\u{0}", "${", "$last", "$1", "${env.", "create", "get", "set", "echo", "assert", "==", "--body",
        "--visibility", "@", "exit", "source", "unset", "help", "list", "--page", "-1", "x\r",
    ]

    static func randomText(_ g: inout Generator, length: Int) -> String {
        (0..<length).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] }.joined()
    }

    @Test func tokenizerNeverCrashes() {
        var g = Generator(state: 42)
        for _ in 0..<20_000 {
            let text = Self.randomText(&g, length: Int(g.next() % 30))
            do {
                _ = try Tokenizer.tokenize(text) { _ in "v" }
            } catch let failure as Tokenizer.Failure {
                #expect(!failure.message.isEmpty && !failure.message.contains("\n"))
            } catch {
                Issue.record("unexpected error type \(error)")
            }
            _ = Tokenizer.needsContinuation(text)
        }
    }

    /// A statement with nothing to interpret is split by byte, not by the scanner; both must give the same words.
    /// A comment at the end sends the same text through the scanner (a `#` is never split by byte).
    @Test func plainStatementsSplitAsTheScannerSplitsThem() throws {
        var g = Generator(state: 11)
        let plain = [
            " ", " ", "\t", "\r\n", "\n", "\r", "a", "Z", "0", "-", "--", "=", "{", "]", "@", ".", ":", ";", "|",
        ]
        var compared = 0
        for _ in 0..<5_000 {
            let text = (0..<Int(g.next() % 24)).map { _ in plain[Int(g.next() % UInt64(plain.count))] }.joined()
            let bytewise = try Tokenizer.tokenize(text)
            let scanned = try Tokenizer.tokenize(text + " #")
            #expect(bytewise == scanned, "\(text.debugDescription)")
            compared += bytewise.isEmpty ? 0 : 1
        }
        #expect(compared > 4_000)
    }

    @Test func scriptRunnerReportsOneLinePerFailure() async {
        var g = Generator(state: 7)
        let console = RecordingConsole()
        // No sandbox: anything that would reach the network fails with one line too.
        let shell = Shell(
            session: Session(target: .sandbox), console: console, launcher: nil,
            makeTransport: { _ in fatalError("no network in this test") })
        await shell.configure(keepGoing: true, assumeYes: true)
        for _ in 0..<500 {
            console.clear()
            let script = (0..<Int(g.next() % 4 + 1)).map { _ in Self.randomText(&g, length: Int(g.next() % 20)) }
                .joined(separator: "\n")
            let status = await shell.runScript(script, name: "fuzz.pshell")
            #expect([0, 1, 64, 130].contains(status) || status >= 0, "exit status \(status)")
            for line in console.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                #expect(
                    line.hasPrefix("fuzz.pshell:") && (line.contains(": error: ") || line.contains(": interrupted: ")),
                    "\(line)")
            }
        }
    }
}
