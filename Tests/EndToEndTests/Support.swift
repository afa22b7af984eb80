import Foundation
import Testing

/// The package's root folder, found from this file's path.
let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The pshell binary under test: `PSHELL_BIN`, or the one the same build made, beside the test bundle (debug or
/// release, whatever the build folder).
let pshellBinary: String = {
    if let given = ProcessInfo.processInfo.environment["PSHELL_BIN"] { return given }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "pshell")
        .path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return packageRoot.appending(path: ".build/debug/pshell").path
}()

/// The day every golden file was recorded on, whatever the day the tests run (`pshell --clock`).
let fixedInstant = "2026-01-15T12:00:00Z"

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// A fresh, empty HOME so no profile, Coveo CLI login or history of the machine leaks into a test.
func temporaryHome() throws -> URL {
    let home = FileManager.default.temporaryDirectory.appending(path: "pshell-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    return home
}

/// Runs the built binary as a user would, with a clean environment.
func runPShell(
    _ arguments: [String], stdin: String? = nil, environment extra: [String: String] = [:], home: URL? = nil,
    workingDirectory: URL = packageRoot
) throws -> RunResult {
    let homeFolder = try home ?? temporaryHome()
    var environment = ["HOME": homeFolder.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
    for (key, value) in extra { environment[key] = value }
    return try runProgram(
        pshellBinary, arguments, stdin: stdin, environment: environment, workingDirectory: workingDirectory)
}

/// Runs a program to its end, its output and errors kept.
func runProgram(
    _ path: String, _ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil,
    workingDirectory: URL = packageRoot
) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = workingDirectory
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        outData = out.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    group.wait()
    process.waitUntilExit()
    return RunResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Replaces what changes from run to run (ids, request ids, times, ports) with placeholders.
func normalize(_ text: String) -> String {
    var result = text
    result = result.replacing(/[a-z0-9]+-[a-z2-7]{26}/, with: "<source-id>")
    result = result.replacing(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, with: "<uuid>")
    result = result.replacing(/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z/, with: "<date-time>")
    result = result.replacing(/\b1[0-9]{12}\b/, with: "<epoch-ms>")
    // A calendar day (a license's expiry): even at the fixed --clock instant, a golden file holds no date.
    result = result.replacing(/\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b/, with: "<date>")
    result = result.replacing(/127\.0\.0\.1:[0-9]+/, with: "127.0.0.1:<port>")
    result = result.replacing(/••••[A-Za-z0-9]{4}/, with: "••••<key>")
    result = result.replacing(/\([0-9]+\.[0-9]+ m?s\)/, with: "(<elapsed>)")
    result = result.replacing(/time: [0-9]+\.[0-9]+ m?s/, with: "time: <elapsed>")
    result = result.replacing(/in [0-9]+\.[0-9]+ s \([0-9]+ items\/s\)/, with: "in <elapsed> (<rate>)")
    result = result.replacing(/"seconds":[0-9]+\.[0-9]+/, with: "\"seconds\":<elapsed>")
    return result
}

/// Compares a run with its golden file; `RECORD=1` rewrites the file instead.
func expectGolden(_ result: RunResult, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let actual =
        "exit: \(result.status)\n--- stdout\n\(normalize(result.stdout))--- stderr\n\(normalize(result.stderr))"
    let file = packageRoot.appending(path: "Tests/EndToEndTests/Expected/\(name).expected")
    if ProcessInfo.processInfo.environment["RECORD"] == "1" {
        try actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    let expected = try String(contentsOf: file, encoding: .utf8)
    #expect(actual == expected, "run with RECORD=1 to accept the new output", sourceLocation: sourceLocation)
}

/// Runs a test's server (`SCRIPT LOG ARGUMENTS...`, which writes each request it sees to LOG), then pshell pointed at
/// it, as organization `organization` with `token`; returns pshell's run, how long it took, and the lines logged.
func runAgainstServer(
    _ script: String, _ arguments: [String], https: Bool = false, organization: String, token: String,
    _ pshellArguments: [String]
) throws -> (run: RunResult, elapsed: Duration, wire: [String]) {
    let log = try temporaryHome().appending(path: "requests.log").path
    let server = try LoopbackHelper(script: script, arguments: [log] + arguments)
    defer { server.stop() }
    let url = https ? server.url.replacingOccurrences(of: "http:", with: "https:") : server.url
    let started = ContinuousClock.now
    let run = try runPShell(
        ["--platform-url", url, "--push-url", url, "--org", organization] + pshellArguments,
        environment: ["PSHELL_TOKEN": token])
    let elapsed = ContinuousClock.now - started
    let wire = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
    return (run, elapsed, wire)
}

/// A test's own loopback server (a Python script that prints its port, then serves until killed).
final class LoopbackHelper {
    let process = Process()
    private(set) var url = ""

    init(script: String, arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: ConformanceTests.python)
        process.arguments = [packageRoot.appending(path: "Tests/EndToEndTests/Conformance/\(script)").path] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var port = ""
        while !port.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            port += String(decoding: data, as: UTF8.self)
        }
        url = "http://127.0.0.1:\(port.trimmingCharacters(in: .whitespacesAndNewlines))"
    }

    /// SIGKILL: the test process may ignore SIGTERM, and its children inherit that.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
