// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "pshell",
    products: [
        .executable(name: "pshell", targets: ["pshell"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in the graph through Hummingbird; named for the types the sandbox's server uses directly.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `pshell sandbox --tls`: NIOSSL through HummingbirdTLS, and a certificate authority made at start.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.0"),
        // Every request pshell sends (Coveo's hosts, upload URLs, the sandbox): HTTP/1.1 and HTTP/2, TLS by NIOSSL,
        // proxies by CONNECT; replaces URLSession, and libcurl with it.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // libedit, found with pkg-config.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The C shim: fixed-arity wrappers over libedit's variadic calls, the prompt and the SIGINT pipe, in one .c.
        .target(name: "CEditLineShim", dependencies: ["CEditLine"]),
        // Line input for the REPL: prompt, history, completion; plain reader for pipes.
        .target(name: "LineEditor", dependencies: ["CEditLine", "CEditLineShim"]),
        // zlib (pkg-config zlib), for binary items sent ZLIB-compressed.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // SQLite (pkg-config sqlite3), where the sandbox keeps what it acknowledged.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The Coveo Source/Push API client: hosts, requests, JSON, typed errors.
        .target(
            name: "CoveoAPI",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
            ]
        ),
        // The local emulator of the Coveo platform, on Hummingbird, loopback only; its state in SQLite.
        .target(
            name: "Sandbox",
            dependencies: [
                "CoveoAPI", "CSQLite",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The command language: tokenizer, commands, session, scripts, rendering.
        .target(name: "Interpreter", dependencies: ["CoveoAPI"]),
        // What the program sets up for its process in C: malloc's arenas.
        .target(name: "CProcess"),
        // The program: flags, wiring, the REPL loop. Its Kernel/ files are embedded in it at build time.
        .executableTarget(
            name: "pshell",
            dependencies: [
                "Interpreter", "LineEditor", "Sandbox", "CoveoAPI", "CProcess",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Kernel"],
            // A release pshell starts as fast as curl: it is a position-dependent executable that exports nothing.
            // The static Swift runtime, Foundation and the dependencies carry 142,000 relative relocations a PIE
            // applies at every start (about 430 page faults), and the Swift toolchain's static linking exports
            // 45,000 symbols that glibc's dladdr walks one by one: together 2.5 ms of `pshell -c help`'s 11.
            // As Go builds gh and kubectl; the libraries, stack and heap are still placed at random.
            linkerSettings: [
                .unsafeFlags(
                    ["-Xlinker", "-no-pie", "-Xlinker", "--no-export-dynamic"], .when(configuration: .release))
            ],
            plugins: ["EmbedFilePlugin"]
        ),
        // Writes a file's text as Swift; run by EmbedFilePlugin at build time, never shipped.
        .executableTarget(name: "EmbedFile"),
        .plugin(
            name: "EmbedFilePlugin", capability: .buildTool(), dependencies: ["EmbedFile"],
            path: "Sources/EmbedFilePlugin"),
        .testTarget(name: "CoveoAPITests", dependencies: ["CoveoAPI"]),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "CoveoAPI"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "CoveoAPI", "Sandbox"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        // Depends on the executable so that `swift test` builds it; the tests run the binary beside the test bundle.
        .testTarget(
            name: "EndToEndTests", dependencies: ["CoveoAPI", "pshell"], exclude: ["Expected", "Conformance"]),
    ]
)

for target in package.targets where target.type != .system && target.type != .plugin {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
// The client and the interpreter: an async function runs where it is called (the interpreter's executor, which is the
// transport's event loop), not on the shared pool, so a statement and its requests stay on one thread.
for target in package.targets where ["CoveoAPI", "Interpreter"].contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
}
