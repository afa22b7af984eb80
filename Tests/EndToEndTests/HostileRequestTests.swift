import Foundation
import Testing

/// What a hostile or broken client sends the standalone sandbox: each case answered with a 4xx within a second,
/// and the sandbox serves on; and a sandbox short of file descriptors survives a flood of connections, and says so.
@Suite struct HostileRequestTests {
    @Test func everyMalformedRequestGetsAnAnswerAtOnce() throws {
        let sandbox = try StandaloneSandbox(arguments: ["--org", "hostile"])
        defer { sandbox.stop() }
        let port = try #require(URL(string: sandbox.url)?.port)
        let script = packageRoot.appending(path: "Tests/EndToEndTests/Conformance/hostile_requests.py").path
        let checked = try runProgram(ConformanceTests.python, [script, String(port), sandbox.adminKey, "hostile"])
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
        #expect(checked.stdout.split(separator: "\n").count == 14, "\(checked.stdout)")
    }

    @Test func runningOutOfFileDescriptorsIsSurvived() throws {
        // The sandbox with 64 descriptors; 150 connections held open: it says it is full, keeps them waiting in
        // the backlog instead of failing accept; once they close, an ordinary request is served.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "ulimit -n 64; exec \"$0\" sandbox --org fd", pshellBinary]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        var banner = ""
        while !banner.contains("view-only key") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            banner += String(decoding: data, as: UTF8.self)
        }
        let url = try #require(banner.firstMatch(of: /listening on (\S+)/).map { String($0.1) })
        let key = try #require(banner.firstMatch(of: /admin key:\s+(\S+)/).map { String($0.1) })
        // The flood holds its connections until told: the notice is awaited, not slept for.
        let flood = """
            import socket, sys, urllib.request
            host, port = sys.argv[1].split("//")[1].split(":")
            held = [socket.create_connection((host, int(port)), timeout=5) for _ in range(150)]
            print("held", flush=True)
            sys.stdin.readline()
            for s in held: s.close()
            request = urllib.request.Request(
                sys.argv[1] + "/rest/organizations/fd/sources", headers={"Authorization": "Bearer " + sys.argv[2]})
            print(urllib.request.urlopen(request, timeout=5).status, flush=True)
            """
        let client = Process()
        client.executableURL = URL(fileURLWithPath: ConformanceTests.python)
        client.arguments = ["-c", flood, url, key]
        let clientOut = Pipe()
        let clientIn = Pipe()
        client.standardOutput = clientOut
        client.standardInput = clientIn
        client.standardError = FileHandle.nullDevice
        try client.run()
        var heard = ""
        while !heard.contains("held") {
            let data = clientOut.fileHandleForReading.availableData
            if data.isEmpty { break }
            heard += String(decoding: data, as: UTF8.self)
        }
        var said = ""
        let deadline = ContinuousClock.now + .seconds(10)
        while !said.contains("file descriptors allow"), ContinuousClock.now < deadline {
            let data = err.fileHandleForReading.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        clientIn.fileHandleForWriting.write(Data("go\n".utf8))
        let answer = String(decoding: clientOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        client.waitUntilExit()
        #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == "200", "\(answer)")
        #expect(said.contains("connections open, as many as its 64 file descriptors allow"), "\(said)")
    }
}
