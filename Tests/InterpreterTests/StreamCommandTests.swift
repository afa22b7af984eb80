import CoveoAPI
import Foundation
import Testing

@testable import Interpreter

/// `stream`: what it refuses before anything is lost, and what it says.
@Suite struct StreamCommandTests {
    func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: folder.appending(path: name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// A load that carries no item, or leaves bad items out, is not closed: the catalog keeps every item.
    @Test func aLoadThatWouldDeleteWhatItCouldNotSendIsNotClosed() async throws {
        let files = try folder([
            "good.ndjson": #"{"documentId": "p://1", "title": "one"}"# + "\n"
                + #"{"documentId": "p://2", "title": "two"}"#,
            "empty.ndjson": "",
            "bad.ndjson": #"{"documentId": "p://3", "title": "three"}"# + "\n{broken\n",
        ])
        defer { try? FileManager.default.removeItem(at: files) }
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create C --catalog --visibility SHARED -q") == .success)
        #expect(await shell.execute("stream C load @\(files.path)/good.ndjson --yes --wait") == .success)
        for name in ["empty", "bad"] {
            console.clear()
            let outcome = await shell.execute("stream C load @\(files.path)/\(name).ndjson --yes --wait")
            guard case .failure(let error) = outcome else {
                Issue.record("the load of \(name) succeeded")
                continue
            }
            #expect(error.message.contains("the stream was not closed"), "\(error.message)")
            #expect(error.message.contains(name == "empty" ? "no item could be sent" : "1 bad item(s)"))
        }
        console.clear()
        #expect(await shell.execute("items C -o json") == .success)
        #expect(console.out.contains(#""totalItems":2"#), "the catalog is unchanged: \(console.out)")
        await sandbox.stop()
    }

    /// What a script must say, and what each refusal says: one line, naming `stream`.
    @Test func refusalsAndDictionaries() async throws {
        let files = try folder([
            "dict.ndjson": #"{"documentId": "p://1", "title": "one", "ec_stock": {"s1": 10, "s2": 3}}"#,
            "partial.ndjson": #"{"documentId": "p://1", "operator": "dictionaryPut", "field": "ec_stock", "value": 5}"#
                + "\n"
                + #"{"documentId": "p://1", "operator": "dictionaryPut", "field": "ec_stock", "value": {"s3": 1}}"#,
        ])
        defer { try? FileManager.default.removeItem(at: files) }
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        func message(_ statement: String) async -> String {
            guard case .failure(let error) = await shell.execute(statement) else { return "(succeeded)" }
            return error.message
        }
        #expect(await shell.execute("create C --catalog --visibility SHARED -q") == .success)
        #expect(await message("stream C remove --older-than 1d").contains("add --yes to go on (nothing was sent)"))
        let waiting = await message("stream C remove --older-than 1d --yes --wait")
        #expect(waiting.contains("--wait goes with `stream load`"), "\(waiting)")
        #expect(await shell.execute("stream C remove --older-than 1d --yes") == .success)
        #expect(await message("stream C update @\(files.path)/missing.ndjson").hasPrefix("stream: @"))
        #expect(await message("stream C load @\(files.path)/missing.ndjson").hasSuffix("no such file or folder"))
        // A Catalog item's dictionary field goes; a partial update's value of the wrong kind is its file:line.
        #expect(await shell.execute("stream C update @\(files.path)/dict.ndjson --wait") == .success, "\(console.err)")
        console.clear()
        #expect(await message("stream C partial @\(files.path)/partial.ndjson --wait").contains("1 bad item(s)"))
        #expect(console.err.contains("partial.ndjson:1: dictionaryPut takes an object"), "\(console.err)")
        console.clear()
        #expect(await shell.execute("items C -o json") == .success)
        #expect(console.out.contains(#""ec_stock":{"s1":10,"s2":3,"s3":1}"#), "\(console.out)")
        #expect(await message("create D --from-raw raw.json").contains("--from-raw takes the file as @FILE"))
        #expect(
            await message("stream C update @\(files.path)/dict.ndjson --wait-timeout 5")
                == "stream: --wait-timeout goes with --wait")
        #expect(
            await message("push C https://x/1 --title T --wait-timeout 5") == "push: --wait-timeout goes with --wait")
        #expect(await message("identity NoSuchProvider list").contains("404"))
        await sandbox.stop()
    }

    /// A load confirmed at the prompt is recorded with --yes: the script that replays it runs with no one to ask.
    @Test func aConfirmedLoadIsRecordedWithYes() async throws {
        let files = try folder(["one.ndjson": #"{"documentId": "p://1", "title": "one"}"#])
        defer { try? FileManager.default.removeItem(at: files) }
        let console = RecordingConsole(interactive: true, answers: ["y", "n"])
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        let script = files.appending(path: "rec.pshell").path
        #expect(await shell.execute("record \(script)") == .success)
        #expect(await shell.execute("create C --catalog --visibility SHARED -q") == .success)
        #expect(await shell.execute("stream C load @\(files.path)/one.ndjson") == .success, "\(console.err)")
        // Declined: not recorded (a replay would do what was refused).
        #expect(await shell.execute("stream C load @\(files.path)/one.ndjson --wait") == .success)
        #expect(await shell.execute("record stop") == .success)
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.contains("stream C load @\(files.path)/one.ndjson --yes\n"), "\(text)")
        #expect(!text.contains("--wait"), "the declined load is left out: \(text)")
        await sandbox.stop()
    }

    /// Items without permissions sent to a SECURED source are said, as `push` of one item says it.
    @Test func itemsWithoutPermissionsInASecuredSourceAreSaid() async throws {
        let files = try folder([
            "items.ndjson": #"{"documentId": "p://1", "title": "one"}"# + "\n"
                + #"{"documentId": "p://2", "title": "two", "permissions": [{"allowAnonymous": true}]}"#
        ])
        defer { try? FileManager.default.removeItem(at: files) }
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create S --catalog --visibility SECURED -q") == .success)
        #expect(await shell.execute("stream S update @\(files.path)/items.ndjson") == .success)
        #expect(console.err.contains("1 item(s) have no permissions and 'S' is SECURED"), "\(console.err)")
        await sandbox.stop()
    }

    /// Completion offers the options that go with the action typed.
    @Test func completionOffersTheActionsOptions() async {
        let shell = makeShell(RecordingConsole())
        let load = await shell.complete("stream S load @f --").candidates
        #expect(load.contains("--wait") && load.contains("--yes") && !load.contains("--older-than"), "\(load)")
        let remove = await shell.complete("stream S remove --").candidates
        #expect(remove.contains("--older-than") && !remove.contains("--wait"), "\(remove)")
    }
}
