import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The sandbox's table of operations: each declared once, each one of Coveo's (checked against the specifications
/// by `check_operations.py`), and anything else answered 404 "not emulated" in its API's error shape.
@Suite struct OperationTableTests {
    static let packageRoot = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func eachOperationIsDeclaredOnce() {
        let keys = SandboxServer.emulatedOperations.map { "\($0.method) \($0.path)" }
        #expect(Set(keys).count == keys.count, "\(keys.sorted())")
        #expect(keys.count >= 60)
    }

    @Test func eachOperationIsOneOfTheSpecificationsWithItsPrivilege() throws {
        let table: [[String: Any]] = SandboxServer.emulatedOperations.map { operation in
            var entry: [String: Any] = [
                "method": operation.method, "path": operation.path, "api": operation.api.rawValue,
            ]
            if let privilege = operation.privilege {
                entry["privilege"] = [privilege.targetDomain, privilege.type, privilege.targetId]
            }
            return entry
        }
        let file = FileManager.default.temporaryDirectory.appending(path: "operations-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: table).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let python =
            ProcessInfo.processInfo.environment["PSHELL_PYTHON"]
            ?? Self.packageRoot.appending(path: ".venv/bin/python").path
        let process = Process()
        process.executableURL = URL(filePath: python)
        process.arguments = [
            Self.packageRoot.appending(path: "Tests/EndToEndTests/Conformance/check_operations.py").path, file.path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("operations of the specifications"), "\(text)")
    }

    @Test func anOperationTheSandboxDoesNotEmulateIs404NotEmulated() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration(organization: "testorg"))
        defer { Task { await server.stop() } }
        func send(_ method: String, _ path: String) async throws -> (Int, JSON) {
            let request = APIRequest(
                method: method, url: server.url.appending(path: path),
                headers: [("Authorization", "Bearer \(server.adminKey)")])
            let response = try await AsyncHTTPTransport().send(request)
            return (response.status, try JSONParser.parse(Array(response.body)))
        }
        // A method the path does not serve: said with the ones it does.
        let (status, body) = try await send("POST", "/rest/organizations/testorg/indexes/fields/price")
        #expect(status == 404)
        #expect(body["errorCode"] == "NOT_FOUND")
        #expect(
            body["message"]?.stringValue
                == "Not emulated by the sandbox: POST /rest/organizations/testorg/indexes/fields/price "
                + "(it serves GET or PUT or DELETE there).")
        #expect(body["requestID"]?.stringValue?.isEmpty == false)
        // A path nothing serves, in the Push API's shape (no requestID in the body).
        let (pushStatus, pushBody) = try await send(
            "POST", "/push/v1/organizations/testorg/data-collections/d/stream/open")
        #expect(pushStatus == 404)
        #expect(
            pushBody["message"]?.stringValue
                == "Not emulated by the sandbox: POST /push/v1/organizations/testorg/data-collections/d/stream/open.")
        #expect(pushBody["requestID"] == nil)
        // An operation's access is checked from its declaration, before its work: the organization, the privilege
        // on the path's own resource.
        let (wrongOrganization, _) = try await send("GET", "/rest/organizations/other/sources/x")
        #expect(wrongOrganization == 404)
        let (unknownSource, unknown) = try await send("GET", "/rest/organizations/testorg/sources/nope")
        #expect(unknownSource == 404)
        #expect(unknown["errorCode"] != "NOT_FOUND")
    }

    /// HEAD is a GET's headers without its body; an Authorization header of another scheme is said to be one. (An
    /// escape that decodes to no text, which this client cannot send, is hostile_requests.py's.)
    @Test func headAndOtherSchemes() async throws {
        let server = try await SandboxServer.start(SandboxConfiguration(organization: "testorg"))
        defer { Task { await server.stop() } }
        func send(_ method: String, _ path: String, _ authorization: String) async throws -> APIResponse {
            let url = try #require(URL(string: server.url.absoluteString + path))
            return try await AsyncHTTPTransport().send(
                APIRequest(method: method, url: url, headers: [("Authorization", authorization)]))
        }
        let bearer = "Bearer \(server.adminKey)"
        let get = try await send("GET", "/rest/organizations/testorg/license", bearer)
        let head = try await send("HEAD", "/rest/organizations/testorg/license", bearer)
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.headers["content-length"] == String(get.body.count))
        let basic = try await send("GET", "/rest/organizations/testorg/sources", "Basic YTpi")
        #expect(basic.status == 401)
        #expect(try JSONParser.parse(Array(basic.body))["message"]?.stringValue?.contains("not 'Bearer'") == true)
    }
}
