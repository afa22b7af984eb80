import CoveoAPI
import Foundation
import Interpreter
import Testing

@Suite struct StartupConfigurationTests {
    let home = ["HOME": "/home/u"]

    func files(_ files: [String: (String, Int)]) -> (String) -> (data: Data, mode: Int)? {
        { path in files[path].map { (Data($0.0.utf8), $0.1) } }
    }

    @Test func nothingConfiguredMeansTheSandbox() throws {
        let startup = try StartupConfiguration.resolve(.init(), environment: home, readFile: files([:]))
        #expect(startup.session.target == .sandbox)
        #expect(startup.origin.contains("sandbox"))
    }

    @Test func coveoCLILoginIsUsedWhenThereIsNoProfile() throws {
        let cli = #"{"organization":"myorg","region":"eu","environment":"prod","accessToken":"xx-cli-token-9876"}"#
        let startup = try StartupConfiguration.resolve(
            .init(), environment: home, readFile: files(["/home/u/.config/@coveo/cli/config.json": (cli, 0o600)]))
        #expect(startup.session.target == .coveo(.eu, .prod))
        #expect(startup.session.organization == "myorg")
        #expect(startup.session.token == Secret("xx-cli-token-9876"))
        #expect(startup.origin.contains("Coveo CLI"))
    }

    @Test func environmentBeatsProfileAndUnsafeProfileTokenIsIgnored() throws {
        let profile = #"{"organization":"fromfile","token":"xx-file-token"}"#
        var environment = home
        environment["PSHELL_ORG"] = "fromenv"
        let startup = try StartupConfiguration.resolve(
            .init(), environment: environment,
            readFile: files(["/home/u/.config/pshell/profile.json": (profile, 0o644)]))
        #expect(startup.session.organization == "fromenv")
        #expect(startup.session.token == nil)
        #expect(startup.warnings.first?.contains("chmod 600") == true)
    }

    @Test func customEndpointsAndBadValues() throws {
        var flags = StartupConfiguration.Flags()
        flags.platformURL = "https://myorg.admin.org.coveo.com"
        flags.organization = "myorg"
        let startup = try StartupConfiguration.resolve(flags, environment: home, readFile: files([:]))
        guard case .custom(let endpoints) = startup.session.target else {
            Issue.record("expected custom endpoints")
            return
        }
        #expect(endpoints.platform.absoluteString == "https://myorg.admin.org.coveo.com")
        #expect(endpoints.push.absoluteString == "https://api.cloud.coveo.com")
        flags.platformURL = "http://coveo.example.com"
        #expect(throws: ShellError.self) {
            try StartupConfiguration.resolve(flags, environment: home, readFile: files([:]))
        }
        var bad = StartupConfiguration.Flags()
        bad.region = "mars"
        #expect(throws: ShellError.usage("region 'mars' is not one of us, eu, au, ca")) {
            try StartupConfiguration.resolve(bad, environment: home, readFile: files([:]))
        }
    }
}
