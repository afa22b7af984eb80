import Foundation
import Testing

@testable import Interpreter

/// Every hint names a command that works when pasted back: the test pastes each one.
@Suite struct HintTests {
    /// The first `...` quoted command in a message.
    static func pasteable(_ text: String) -> String? {
        guard let start = text.firstIndex(of: "`") else { return nil }
        let rest = text[text.index(after: start)...]
        return rest.firstIndex(of: "`").map { String(rest[..<$0]) }
    }

    @Test func theLogsHintAfterAPushToANameWithSpaces() async throws {
        let console = RecordingConsole(terminal: true)
        let shell = makeShell(console)
        #expect(await shell.execute("create \"My Shared Push Source\" --visibility SHARED") == .success)
        #expect(await shell.execute("push 'My Shared Push Source' 'doc one' --title T --data hello") == .success)
        let hint = try #require(Self.pasteable(console.err), "\(console.err)")
        #expect(hint == "logs 'My Shared Push Source' --document 'doc one'")
        #expect(await shell.execute(hint) == .success, "\(console.err)")
    }

    /// `source` runs a script; Coveo's sources are the commands themselves: `source create NAME` and `sources` say
    /// which command was meant.
    @Test func theScriptingSourceNamesTheSourceCommands() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        guard case .failure(let error) = await shell.execute("source create \"My docs\"") else {
            Issue.record("source create ran")
            return
        }
        #expect(error.message.contains("there is no file 'create'; for Coveo's sources, use `create NAME`"))
        // With create's options too: the words after FILE are a script's, never "unknown option".
        guard case .failure(let withOptions) = await shell.execute("source create X --visibility SHARED") else {
            Issue.record("source create X --visibility SHARED ran")
            return
        }
        #expect(withOptions.message.contains("for Coveo's sources, use `create NAME`"), "\(withOptions.message)")
        guard case .failure(let listing) = await shell.execute("sources") else {
            Issue.record("sources ran")
            return
        }
        #expect(Self.pasteable(listing.message) == "list", "\(listing.message)")
        #expect(await shell.execute("list") == .success)
    }

    @Test func aNameThatIsNotQuiteASourceSuggestsTheSource() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create \"My Shared Push Source\" --visibility SHARED") == .success)
        guard case .failure(let error) = await shell.execute("get My") else {
            Issue.record("get My found something")
            return
        }
        #expect(error.kind == .notFound && error.exitCode == 2)
        #expect(error.message.contains("did you mean 'My Shared Push Source'?"), "\(error.message)")
        #expect(await shell.execute("get 'My Shared Push Source'") == .success)
    }

    @Test func namesCannotChangeAndTheWayOutWorks() async throws {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create 'Old name' --visibility PRIVATE") == .success)
        for statement in [
            "update 'Old name' --name \"New name\"", "rename 'Old name' 'New name'",
            "update 'Old name' --body '{\"name\": \"New name\"}'",
        ] {
            guard case .failure(let error) = await shell.execute(statement) else {
                Issue.record("\(statement) was not refused")
                continue
            }
            #expect(error.message.contains("a source's name cannot change"), "\(error.message)")
            let hint = try #require(Self.pasteable(error.message), "\(error.message)")
            #expect(hint.hasPrefix("create 'New name'") || hint.hasPrefix("create 'NEW NAME'"), "\(hint)")
        }
        guard case .failure(let error) = await shell.execute("update 'Old name' --body '{\"name\": \"New name\"}'")
        else { return }
        // The body's form knows the visibility, so its command is whole.
        let hint = try #require(Self.pasteable(error.message))
        #expect(hint == "create 'New name' --visibility PRIVATE")
        #expect(await shell.execute(hint) == .success, "\(console.err)")
    }

    @Test func aBodyWhoseQuotesTheShellAteSaysToSingleQuoteIt() async {
        let shell = makeShell(RecordingConsole())
        #expect(await shell.execute("create Docs --visibility SHARED") == .success)
        // What `update Docs --body {"name":"Renamed"}` typed in bash hands to pshell.
        guard case .failure(let error) = await shell.execute("update Docs --body '{sourceVisibility:PRIVATE}'") else {
            Issue.record("an invalid body was accepted")
            return
        }
        #expect(error.message.contains("wrap the JSON in single quotes"), "\(error.message)")
    }
}
