// swift-tools-version:6.1
import PackageDescription

/// The curses library by its name on each platform (see CNcursesw).
let curses: [LinkerSetting] = [
    .linkedLibrary("ncursesw", .when(platforms: [.linux])),
    .linkedLibrary("ncurses", .when(platforms: [.macOS])),
]

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
        // MCP (tools) has no dependency of its own. modelcontextprotocol/swift-sdk (on the mirror) was used
        // for its JSON-RPC client and message types, but it imports FoundationNetworking, and with it libcurl
        // and 30 more shared libraries are loaded at every start of natter, tools or not: a Foundation
        // program starts in 7.1 ms here, one linking FoundationNetworking in 14.7 ms, and the first frame
        // could not reach 2x a printf's (issue 13). Its transports were not used either (its stdio one polls
        // a pipe every 10 ms, its HTTP one needs URLSession streaming, which Linux lacks); NatterTools' own
        // client is JSON-RPC's request/answer matching, the handshake and `ping` (MCPClient.swift).
        // SHA-256 with the CPU's SHA instructions: attachments are named by the digest of up to 20 MB (SPEC 8),
        // hashed within the 100 ms an attachment may take, and PKCE's S256 challenge. swift-nio-extras, under
        // AsyncHTTPClient, already has it in the package graph.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // ncursesw as a system library; only the UI's Terminal touches it. The library is linked by the targets
        // below, by platform: Debian's wide-character build is libncursesw, macOS's libncurses is wide already.
        .systemLibrary(
            name: "CNcursesw",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        // Everything that speaks to a model: the Provider protocol, the three wire formats, declarative
        // provider files, the registry, retry and error classification.
        .target(
            name: "NatterProviders",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // A server socket for the one-shot OAuth redirect listener on 127.0.0.1 (PKCE).
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("BuiltinProviders")]
        ),
        // A conversation: the ChatSession actor between the UI and the providers, and its JSON-lines transcripts.
        .target(
            name: "NatterSession",
            dependencies: ["NatterProviders", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The full-screen UI: text layout, markdown, the Frame of styled cells, views, the update/view loop,
        // and the Terminal protocol with its ncurses implementation (the only code that touches curses).
        // Tools from MCP servers (SPEC 7): mcp.json, the servers' processes and transports, and the ToolHost
        // the session engine is given, so that the engine knows nothing of processes or JSON-RPC.
        .target(
            name: "NatterTools",
            dependencies: [
                "NatterSession",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "NatterUI",
            dependencies: ["NatterSession", "CNcursesw"],
            // The built-in themes; the repository's themes/ links here (SPEC 5).
            resources: [.copy("Themes")],
            linkerSettings: curses
        ),
        // An example of a provider written in Swift for a non-standard API (README, "Writing a provider in
        // Swift"). Its own target so that it can use only NatterProviders' public API, as an outside author
        // would; natter itself does not link it.
        .target(
            name: "NatterExampleProviders",
            dependencies: [
                "NatterProviders",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // A scriptable HTTP server on 127.0.0.1 for the tests and the benchmark, and an OAuth server built on
        // it (which checks PKCE challenges with NatterProviders' own PKCE code).
        .target(
            name: "NatterTestSupport",
            dependencies: [
                "NatterProviders",
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
                "NatterTools",
                "CNcursesw",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime and Foundation linked into the release binary: loading and relocating their
            // 20 shared libraries was half of natter's start-up (`natter --version` 10-13 ms, statically linked
            // 6-7 ms, an empty C program 0.8 ms), and the first frame is to come within 2x a printf's (issue
            // 13). swiftc's -static-stdlib does not name the static Foundation's own parts, hence the -l list;
            // lld, because GNU ld warns of a mktemp inside that Foundation. It stays a position-independent
            // executable: -no-pie would save another ~1 ms of relocation page faults, at the price of
            // address-space randomization for a program that parses what servers send. Debug builds and the
            // tests keep the shared libraries, which link faster.
            // Linux only: macOS ships the Swift runtime and Foundation with the system, and has neither lld nor a
            // static Foundation.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-use-ld=lld"] + ["CoreFoundation", "_FoundationCollections", "_FoundationCShims", "_FoundationICU", "stdc++"].flatMap { ["-Xlinker", "-l" + $0] }, .when(platforms: [.linux], configuration: .release))]
        ),
        // `swift run -c release natter-bench`: the figures in the README's Performance section.
        .executableTarget(
            name: "natter-bench",
            dependencies: ["NatterUI", "NatterSession", "NatterProviders", "NatterTools", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterProvidersTests",
            dependencies: [
                "NatterProviders", "NatterTestSupport",
                // The OAuth tests play the browser: they fetch the sign-in page and follow its redirect.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "NatterExampleProvidersTests",
            dependencies: ["NatterExampleProviders", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterSessionTests",
            dependencies: ["NatterSession", "NatterTestSupport"]
        ),
        .testTarget(
            name: "NatterToolsTests",
            dependencies: ["NatterTools", "NatterTestSupport"]
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
