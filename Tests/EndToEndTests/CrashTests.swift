import Foundation
import Testing

/// Acknowledged means durable: the standalone sandbox, on a state file, is killed with SIGKILL at random
/// moments while a second program writes to it (item batches, single items, deletes, identities, sources);
/// after each restart on the same file, everything it answered 2xx to is there, nothing it deleted is back,
/// and the counts agree.
@Suite struct CrashTests {
    @Test func killNineLosesNothingAcknowledged() throws {
        #expect(FileManager.default.isExecutableFile(atPath: ConformanceTests.python), "run scripts/setup --test")
        let folder = try temporaryHome()
        defer { try? FileManager.default.removeItem(at: folder) }
        let state = folder.appending(path: "state.db").path
        let log = folder.appending(path: "acks.log").path
        let driver = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/crash_driver.py").path
        let verifier = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/crash_verify.py").path
        let arguments = ["--org", "crash", "--state", state, "--indexing-delay", "0", "--sources-limit", "1000"]
        var acknowledged = 0
        for round in 1...8 {
            let sandbox = try StandaloneSandbox(arguments: arguments)
            if round > 1 {
                let verified = try runProgram(
                    ConformanceTests.python, [verifier, sandbox.url, "crash", sandbox.adminKey, log])
                #expect(verified.status == 0, "after kill \(round - 1): \(verified.stdout)\(verified.stderr)")
            }
            let pid = sandbox.process.processIdentifier
            let driven = try runProgram(
                ConformanceTests.python,
                [driver, sandbox.url, "crash", sandbox.adminKey, String(pid), log, String(round), "7"])
            #expect(driven.status == 0, "\(driven.stderr)")
            #expect(driven.stderr.isEmpty, "every write was acknowledged or cut short by the kill: \(driven.stderr)")
            if let summary = try? JSONSerialization.jsonObject(with: Data(driven.stdout.utf8)) as? [String: Any] {
                acknowledged += summary["acks"] as? Int ?? 0
            }
            kill(pid, SIGKILL)
            sandbox.process.waitUntilExit()
            #expect(sandbox.process.terminationReason == .uncaughtSignal, "round \(round): killed, not stopped")
        }
        let last = try StandaloneSandbox(arguments: arguments)
        defer { last.stop() }
        let verified = try runProgram(ConformanceTests.python, [verifier, last.url, "crash", last.adminKey, log])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(acknowledged >= 8 * 5, "every round acknowledged writes before its kill (\(acknowledged))")
        let summary = try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any]
        #expect((summary?["ackedAdds"] as? Int ?? 0) > 10_000, "\(verified.stdout)")
        print("crash test:", verified.stdout)
    }
}

/// A full disk: the standalone sandbox's state file on a small tmpfs. The write that no longer fits is answered
/// 500 and kept nowhere, not in memory, not after a restart; what was acknowledged before it stays.
@Suite(.enabled(if: getuid() == 0, "mounting a small tmpfs takes root")) struct FullDiskTests {
    @Test func aWriteThatDoesNotFitAnswers500AndKeepsNothing() throws {
        let folder = try temporaryHome()
        let mount = try runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=768k", "tmpfs", folder.path])
        try #require(mount.status == 0, "mount: \(mount.stderr)")
        defer {
            _ = try? runProgram("/bin/umount", [folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        let arguments = ["--org", "disk", "--state", folder.appending(path: "state.db").path, "--indexing-delay", "0"]
        var sandbox = try StandaloneSandbox(arguments: arguments)
        defer { sandbox.stop() }  // whichever sandbox runs at the end, before the unmount
        let environment = ["PSHELL_TOKEN": sandbox.adminKey]
        func pshell(_ line: String) throws -> RunResult {
            try runPShell(sandbox.pshellArguments + ["--max-wait", "0", "-c", line], environment: environment)
        }
        let created = try pshell("create disk --visibility SHARED")
        #expect(created.status == 0, "\(created.stderr)")
        let source = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let text = String(repeating: "fill the disk ", count: 4000)  // about 56 KB per item
        var accepted: [String] = []
        var refused: String?
        for n in 0..<60 {
            let pushed = try pshell("push \(source) https://disk/\(n) --title T --data '\(text)' --no-create-fields")
            if pushed.status == 0 {
                accepted.append("https://disk/\(n)")
            } else {
                #expect(pushed.stderr.contains("HTTP 500 INTERNAL_ERROR"), "\(pushed.stderr)")
                #expect(pushed.stderr.contains("could not save the change"), "\(pushed.stderr)")
                refused = "https://disk/\(n)"
                break
            }
        }
        let refusedId = try #require(refused, "the disk never filled up")
        #expect(accepted.count >= 2)
        /// The indexed ids, and how many operations are still queued (a full disk holds indexing back).
        func indexed() throws -> (ids: Set<String>, queued: Int) {
            let listed = try pshell("items \(source) --output json")
            #expect(listed.status == 0, "items: \(listed.stderr)")
            let answer = try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any]
            let ids = Set((answer?["items"] as? [[String: Any]] ?? []).compactMap { $0["documentId"] as? String })
            return (ids, answer?["pendingOperations"] as? Int ?? -1)
        }
        // Reads still answer; the refused item is nowhere, the accepted ones indexed or still queued.
        var now = try indexed()
        #expect(!now.ids.contains(refusedId))
        #expect(now.ids.count + now.queued == accepted.count, "\(now.ids.count) indexed, \(now.queued) queued")
        // After a kill -9 and a restart on the same file: the same.
        kill(sandbox.process.processIdentifier, SIGKILL)
        sandbox.process.waitUntilExit()
        sandbox = try StandaloneSandbox(arguments: arguments)
        now = try indexed()
        #expect(!now.ids.contains(refusedId))
        #expect(now.ids.count + now.queued == accepted.count, "\(now.ids.count) indexed, \(now.queued) queued")
        // Room again: the queue drains, every accepted item is indexed, the refused one still is not.
        let grown = try runProgram("/bin/mount", ["-o", "remount,size=16m", folder.path])
        #expect(grown.status == 0, "\(grown.stderr)")
        _ = try indexed()
        now = try indexed()
        #expect(now.queued == 0)
        #expect(now.ids == Set(accepted), "\(now.ids.sorted()) vs \(accepted)")
    }
}
