import Foundation
import LineEditor
import Testing

@Suite struct HistoryFileTests {
    func temporaryFile() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-history-\(UUID().uuidString)")
        return folder.appending(path: "state/pshell/history").path
    }

    @Test func appendsMergeInsteadOfOverwriting() throws {
        let path = try temporaryFile()
        let first = HistoryFile(path: path)
        let second = HistoryFile(path: path)
        first.append(["echo one", "get x"])
        second.append(["echo two"])
        first.append(["echo three with spaces and é"])
        #expect(first.entries() == ["echo one", "get x", "echo two", "echo three with spaces and é"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let path = try temporaryFile()
        HistoryFile(path: path).append(["seed"])
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for line in 0..<25 { HistoryFile(path: path).append(["w\(writer) l\(line)"]) }
                }
            }
        }
        let entries = HistoryFile(path: path).entries()
        #expect(entries.count == 101)
        #expect(Set(entries).count == 101)
    }

    @Test func capacityKeepsTheNewest() throws {
        let path = try temporaryFile()
        let file = HistoryFile(path: path, capacity: 3)
        file.append(["a", "b", "c", "d", "e"])
        #expect(file.entries() == ["c", "d", "e"])
    }

    @Test func defaultPathFollowsXDG() {
        #expect(HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/pshell/history")
        #expect(HistoryFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/pshell/history")
        #expect(
            HistoryFile.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"])
                == "/h/.local/state/pshell/history")
    }
}
