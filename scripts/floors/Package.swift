// swift-tools-version:6.0
// The benchmarks' floors: what the HTTP libraries pshell is built on cost when they do nothing else. scripts/bench
// builds them with the main package's resolved versions and prints them beside pshell, the sandbox, curl and
// nginx, so a figure bounded by a library is seen to be.
// - hummingbird-floor: Hummingbird, the sandbox's server, answering from memory.
// - client-floor: AsyncHTTPClient, pshell's client, sending GETs one after another on one connection.
import PackageDescription

let package = Package(
    name: "floors",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "hummingbird-floor", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
        .executableTarget(
            name: "client-floor",
            dependencies: [.product(name: "AsyncHTTPClient", package: "async-http-client")]),
    ]
)
