// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "natter",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "natter", targets: ["natter"]),
    ],
    dependencies: [
        // HTTP with natively async, streamed response bodies, cancellation and TLS. Foundation's URLSession on
        // Linux has no `bytes(for:)`, so it cannot stream tokens as they arrive.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // SwiftNIO is already underneath AsyncHTTPClient; the tests and the benchmark use it directly to run
        // real loopback provider servers (no mocks of the HTTP layer).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The command line: subcommands, --help everywhere, typed options.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ncursesw as a system library; only the UI's Terminal touches it.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // Everything that speaks to a model: the Provider protocol, the three wire formats, declarative
        // provider files, the registry, retry and error classification.
        .target(
            name: "NatterProviders",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("BuiltinProviders")]
        ),
        // A conversation: the ChatSession actor between the UI and the providers, and its JSON-lines transcripts.
        .target(
            name: "NatterSession",
            dependencies: ["NatterProviders"]
        ),
        // The full-screen UI: text layout, markdown, the Frame of styled cells, views, the update/view loop,
        // and the Terminal protocol with its ncurses implementation (the only code that touches curses).
        .target(
            name: "NatterUI",
            dependencies: ["NatterSession", "CNcursesw"],
            // The built-in themes; the repository's themes/ links here (SPEC 5).
            resources: [.copy("Themes")]
        ),
        // A scriptable HTTP server on 127.0.0.1 for the tests and the benchmark.
        .target(
            name: "NatterTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "natter",
            dependencies: [
                "NatterProviders",
                "NatterSession",
                "NatterUI",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift run -c release natter-bench`: the figures in the README's Performance section.
        .executableTarget(
            name: "natter-bench",
            dependencies: ["NatterUI", "NatterSession", "NatterProviders", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterProvidersTests",
            dependencies: ["NatterProviders", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterSessionTests",
            dependencies: ["NatterSession", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterUITests",
            // NatterTestSupport: the fuzzing tools (seeded generator, mutators) shared by every test target.
            dependencies: ["NatterUI", "NatterTestSupport"]
        ),
        // Runs the built `natter` binary as a person would; depending on the executable makes `swift test`
        // build it first.
        .testTarget(
            name: "NatterCLITests",
            dependencies: ["natter", "NatterTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
