import Foundation
import Testing

@testable import Interpreter

/// Side effects are said, before or as they happen, with the command that changes them.
@Suite struct SideEffectTests {
    @Test func deleteAsksAboutTheProviderAtThePrompt() async {
        // Yes to the source, no to its provider; then yes to both.
        let console = RecordingConsole(interactive: true, answers: ["y", "n", "y", "y"])
        let shell = makeShell(console)
        #expect(await shell.execute("create Kept --with-provider") == .success)
        #expect(await shell.execute("delete Kept") == .success)
        #expect(await shell.execute("provider get KeptProvider") == .success, "\(console.err)")
        #expect(await shell.execute("create Gone --with-provider") == .success)
        #expect(await shell.execute("delete Gone") == .success)
        #expect(await shell.execute("provider get GoneProvider") != .success)
        #expect(console.err.contains("note: deleted its security identity provider 'GoneProvider' too"))
    }

    @Test func becomingSecuredWithoutAProviderIsSaid() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create 'My docs' --visibility SHARED") == .success)
        #expect(await shell.execute("update 'My docs' --visibility SECURED") == .success)
        #expect(console.err.contains("note: 'My docs' is SECURED: create a security identity provider for it next "))
        #expect(console.err.contains("(`provider create MyDocsProvider --source testorg-"), "\(console.err)")
    }

    @Test func anItemWithoutPermissionsInASecuredSourceIsWarnedOfBeforeItIsSent() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create Sec --with-provider") == .success)
        #expect(await shell.execute("push Sec doc1 --title T --data x") == .success)
        #expect(console.err.contains("warning: 'Sec' is SECURED and doc1 has no permissions"), "\(console.err)")
        // With permissions, or on a SHARED source, nothing is said.
        let before = console.err
        #expect(await shell.execute("push Sec doc2 --title T --data x --anyone") == .success)
        #expect(await shell.execute("create Open --visibility SHARED") == .success)
        #expect(await shell.execute("push Open doc3 --title T --data x") == .success)
        #expect(console.err == before, "\(console.err)")
    }

    @Test func anotherOrganizationOnTheSandboxSaysHowToLeave() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("list") == .success)
        #expect(await shell.execute("org myorg") == .success)
        #expect(console.err.contains("calls to 'myorg' will answer 404. To reach the real 'myorg': `region us`"))
    }
}

@Suite struct WaitTests {
    /// The same orderingId pushed twice: the second is dropped, and `--wait` says so. It printed `indexed doc2`
    /// for both, having matched the first push's log entry.
    @Test func waitFollowsThisPushsOwnOutcome() async {
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create waits --visibility SHARED --no-check") == .success)
        #expect(await shell.execute("push waits doc2 --data x --ordering-id 5 --title first --wait") == .success)
        let second = await shell.execute("push waits doc2 --data y --ordering-id 5 --title second --wait")
        guard case .failure(let error) = second else {
            Issue.record("the dropped push succeeded: \(console.out)")
            return
        }
        #expect(error.message.hasPrefix("doc2 was rejected: orderingId 5 is not greater"), "\(error.message)")
        #expect(console.out.components(separatedBy: "indexed doc2").count == 2, "once: \(console.out)")
        #expect(await shell.execute("push waits doc2 --data z --ordering-id 6 --title third --wait") == .success)
        #expect(console.out.components(separatedBy: "indexed doc2").count == 3, "\(console.out)")
    }
}
