import CoveoAPI
import Foundation
import Interpreter
import Testing

/// Finding the source a statement names, where the platform would not say it is wrong.
@Suite struct SourceLookupTests {
    /// The Source Logs filter on an id and answer nothing for one that names no source: `logs` reads the source
    /// first, so a mistyped name or id is a 404, not "no entries".
    @Test func logsOfASourceThatDoesNotExistIsA404() async throws {
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        for missing in ["nosuch", "testorg-nosuch"] {
            guard case .failure(let error) = await shell.execute("logs \(missing)") else {
                Issue.record("logs \(missing) succeeded")
                continue
            }
            #expect(error.message.hasPrefix("HTTP 404 SOURCE_NOT_FOUND"), "\(error.message)")
        }
        #expect(await shell.execute("logs Docs") == .success)
        // A usage error sends nothing: --since is read before the source is looked up.
        guard case .failure(let usage) = await shell.execute("logs Docs --since yesterday") else {
            Issue.record("--since yesterday was taken")
            return
        }
        #expect(usage.message.contains("--since yesterday is not a time"))
        await sandbox.stop()
    }

    /// A key made for one source may push to it but not list sources: a name cannot be found with it, and the
    /// error says to give the id.
    @Test func aKeyForOneSourceIsToldToGiveTheID() async throws {
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        console.clear()
        #expect(await shell.execute("apikey create --source Docs") == .success)
        let key = try #require(console.out.split(separator: "\n").first { $0.hasPrefix("xx") }.map(String.init))
        let restricted = makeShell(RecordingConsole(), sandbox: sandbox, environment: ["SOURCE_KEY": key])
        #expect(await restricted.execute("token --env SOURCE_KEY") == .success)
        guard case .failure(let error) = await restricted.execute("logs Docs") else {
            Issue.record("a key for one source listed sources")
            return
        }
        #expect(error.message.contains("this token may not list sources"), "\(error.message)")
        #expect(error.message.contains("give the source's id"), "\(error.message)")
        await sandbox.stop()
    }

    /// A push from a file that the platform refuses (the view-only key may make no file container) fails as the
    /// refusal does: exit 3 and its status in `-o json`, with how far the push got.
    @Test func aPushRefusedWith403IsA403() async throws {
        let console = RecordingConsole()
        let sandbox = TestSandbox()
        let shell = makeShell(console, sandbox: sandbox)
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-403-\(UUID().uuidString).ndjson")
        try Data(#"{"documentId": "https://x/a", "title": "a"}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(await shell.execute("sandbox --viewer") == .success)
        guard case .failure(let error) = await shell.execute("push Docs @\(file.path) --no-create-fields") else {
            Issue.record("the view-only key pushed")
            return
        }
        #expect(error.kind == .notAuthorized, "\(error)")
        #expect(error.status == 403)
        #expect(error.message.hasPrefix("push stopped after 0 item(s)"), "\(error.message)")
        await sandbox.stop()
    }
}
