import CoveoAPI
import Foundation
import Sandbox
import Synchronization
import Testing

@testable import Interpreter

/// Side effects are said, before or as they happen, with the command that changes them.
@Suite struct SideEffectTests {
    /// The question before a delete names the source as the server has it: its controls are shown escaped (they
    /// cleared the screen and retitled the window, at the moment the user decides).
    @Test func aDeleteQuestionShowsAHostileNameEscaped() async {
        let console = RecordingConsole(interactive: true, answers: ["n"])
        let shell = makeShell(console, environment: ["EVIL": "Evil\u{1B}]0;pwned\u{07}\u{1B}[2J\u{202E}x"])
        #expect(await shell.execute("create \"${env.EVIL}\" --visibility SHARED --no-check") == .success)
        let id = console.out.split(separator: "\n").first.map(String.init) ?? ""
        #expect(await shell.execute("delete \(id)") == .success)
        #expect(console.out.contains(#"Delete source 'Evil\u{1B}]0;pwned\u{7}\u{1B}[2J\u{202E}x'"#), "\(console.out)")
        #expect(!console.out.contains("\u{1B}") && !console.out.contains("\u{202E}"), "\(console.out)")
    }

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

    /// `pshell --yes` at the prompt: nothing is asked (the flag was dropped on its way to the interpreter).
    @Test func yesForTheRunAsksNothing() async {
        let console = RecordingConsole(interactive: true, answers: [])
        let shell = makeShell(console)
        await shell.configure(keepGoing: false, assumeYes: true)
        #expect(await shell.execute("create Gone --visibility SHARED --no-check") == .success)
        #expect(await shell.execute("delete Gone") == .success)
        #expect(await shell.execute("get Gone") != .success, "deleted without a question: \(console.out)")
        #expect(!console.out.contains("[y/N]"), "\(console.out)")
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

@Suite struct InterruptedPushTests {
    /// Stops the push it is given the moment a `documents/batch` PUT is acknowledged: the container is then the
    /// platform's, and the push has not counted it yet (the race that said "stopped after 68,790" of 137,427).
    final class StopAfterBatch: HTTPTransport {
        let inner = AsyncHTTPTransport()
        let push = Mutex<Task<Outcome, Never>?>(nil)
        let batches = Mutex(0)
        let stopped = DispatchSemaphore(value: 0)

        func send(_ request: APIRequest) async throws -> APIResponse {
            let response = try await inner.send(request)
            if request.method == "PUT", request.url.path.hasSuffix("/documents/batch") {
                if batches.withLock({
                    $0 += 1
                    return $0
                }) == 1 {
                    push.withLock { $0 }?.cancel()
                    stopped.signal()
                }
            }
            return response
        }

        func shutdown() async { await inner.shutdown() }
    }

    /// The items come through a pipe the test holds: the push has sent its first container and is reading the
    /// next when that container is acknowledged and the push stopped; only then does the rest arrive.
    @Test func aStoppedPushCountsWhatWasAcknowledged() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-stop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appending(path: "items.ndjson").path
        #expect(mkfifo(pipe, 0o600) == 0)
        // Lines of 100 bytes. pshell reads 1 MB at a time and sends 2 MB containers: with 3.5 MB written, the first
        // container has gone and the push waits in the middle of the second for the rest of its fourth megabyte.
        let data = String(repeating: "x", count: 52)
        let line: @Sendable (Int) -> String = { i in
            #"{"documentId": "https://s/\#(String(format: "%06d", i))", "data": "\#(data)"}"# + "\n"
        }
        let console = RecordingConsole()
        let transport = StopAfterBatch()
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            let descriptor = open(pipe, O_WRONLY)
            guard descriptor >= 0 else { return }
            defer { close(descriptor) }
            func send(_ range: Range<Int>) {
                let bytes = Array(range.map(line).joined().utf8)
                var offset = 0
                while offset < bytes.count {
                    let written = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    if written <= 0 { return }
                    offset += written
                }
            }
            send(0..<35_000)
            transport.stopped.wait()
            send(35_000..<60_000)
        }
        writer.start()
        let shell = Shell(
            session: Session(target: .sandbox), console: console, launcher: TestSandbox(indexingDelay: 0),
            makeTransport: { _ in transport }, sandboxControl: SandboxHTTPControl())
        #expect(await shell.execute("create stopped --visibility SHARED --no-check") == .success)
        let push = Task { await shell.execute("push stopped @\(pipe) --batch-size 2 --no-create-fields") }
        transport.push.withLock { $0 = push }
        guard case .failure(let error) = await push.value else {
            Issue.record("the push was not stopped: \(console.out)")
            return
        }
        let said = try #require(error.message.firstMatch(of: /stopped after (\d+) item/).map { Int($0.1)! })
        #expect(await shell.execute("items stopped --output json") == .success)
        let held = await shell.session.last?["totalItems"]?.intValue
        #expect(held == said && said > 0, "the summary says \(said), the sandbox holds \(held ?? -1): \(error.message)")
        #expect(transport.batches.withLock { $0 } == 1, "nothing sent after the stop")
    }
}

@Suite struct SilentInputTests {
    /// A FIFO whose writer says nothing: the push waits for it, and Ctrl-C (the task cancelled) stops the wait
    /// at once, with nothing sent and nothing reported broken. (The wait is read in slices; a blocking read of a
    /// megabyte would have held the push until the writer wrote or closed.)
    @Test(.timeLimit(.minutes(1))) func aPushWaitingOnASilentFIFOStops() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-silent-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appending(path: "items.ndjson").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let done = DispatchSemaphore(value: 0)
        let writer = Thread {
            let descriptor = open(pipe, O_WRONLY)
            guard descriptor >= 0 else { return }
            let line = Array(#"{"documentId": "https://s/1", "data": "one"}"#.utf8) + [10]
            _ = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            done.wait()
            close(descriptor)
        }
        writer.start()
        defer { done.signal() }
        let console = RecordingConsole()
        let shell = makeShell(console)
        #expect(await shell.execute("create silent --visibility SHARED -q") == .success)
        let push = Task { await shell.execute("push silent @\(pipe) --no-create-fields") }
        try await Task.sleep(for: .milliseconds(300))
        push.cancel()
        guard case .failure(let error) = await push.value else {
            Issue.record("the push was not stopped: \(console.out)")
            return
        }
        #expect(error.kind == .cancelled, "\(error.message)")
        #expect(!console.err.contains("warning"), "nothing is reported broken: \(console.err)")
    }
}
