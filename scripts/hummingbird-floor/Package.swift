// swift-tools-version:6.0
// The benchmarks' HTTP floor: Hummingbird, the server the sandbox is built on, answering from memory with no work
// at all. scripts/bench builds it with the main package's resolved versions and prints it beside the sandbox and
// nginx, so a figure bounded by the HTTP stack is seen to be.
import PackageDescription

let package = Package(
    name: "hummingbird-floor",
    platforms: [.macOS(.v14)],
    dependencies: [.package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1")],
    targets: [
        .executableTarget(
            name: "hummingbird-floor", dependencies: [.product(name: "Hummingbird", package: "hummingbird")])
    ]
)
