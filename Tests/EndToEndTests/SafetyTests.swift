import CoveoAPI
import Foundation
import Testing

/// Safe by default, run as a person runs pshell: one identity changed at a time, what a replacement dropped,
/// a folder with a broken file, the notes on side effects.
@Suite struct SafetyTests {
    @Test func permissionsChangeOneIdentityAndKeepTheOthers() throws {
        let script = """
            create S --visibility SHARED
            permissions S --allow alice@example.com --allow sales:group
            permissions S --allow carol@example.com
            permissions S --add-allow alice@example.com --add-deny bob@example.com
            permissions S --remove carol@example.com --anyone
            fails permissions S --remove zed
            fails permissions S --add-allow x --clear
            permissions S --add-deny alice@example.com --output json
            """
        let run = try runPShell(["-"], stdin: script)
        #expect(run.status == 0, "\(run.stderr)")
        // The replacing form says what it dropped.
        #expect(
            run.stderr.contains(
                "note: replaced the source's permissions; no longer there: allow alice@example.com, allow sales"),
            "\(run.stderr)")
        #expect(run.stderr.contains("'zed' is in no permission of this source; nothing was sent (`permissions S`"))
        #expect(run.stderr.contains("use one kind or the other"))
        let documents = run.stdout.split(separator: "\n").filter { $0.hasPrefix("{") }
        let last = try JSONParser.parse(String(try #require(documents.last)))
        let set = try #require(last.value(at: ["permissions", "0", "permissionSets", "0"]))
        // alice moved from allowed to denied; bob stayed denied; carol is gone; anyone stayed allowed.
        #expect(set["allowAnonymous"] == true)
        #expect(set["allowedPermissions"]?.arrayValue?.isEmpty == true, "\(set)")
        #expect(
            set["deniedPermissions"]?.arrayValue?.compactMap { $0["identity"]?.stringValue }
                == ["bob@example.com", "alice@example.com"], "\(set)")
    }
}
