// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wp",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "WorkplanKit", targets: ["WorkplanKit"]),
        .executable(name: "wp", targets: ["wp"]),
        .executable(name: "wp-serve", targets: ["wp-serve"]),
        .executable(name: "wp-mcp", targets: ["wp-mcp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        // `wp serve` only: the CLI and the library build without it.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        // `wp mcp` only (through wp-mcp): the CLI and the library build and link without it.
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", exact: "0.12.1"),
        // Tests only: property-based tests of the editor (Tests/WorkplanKitTests/Properties).
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "WorkplanKit",
            dependencies: ["CCmarkGFM", "CLibYAML", .product(name: "Yams", package: "Yams")]
        ),
        // `wp lsp`: the Language Server Protocol over WorkplanKit's editor queries; kept out of
        // WorkplanKit so that the library stays what a tool embedding wp needs.
        .target(name: "WPLSP", dependencies: ["WorkplanKit"]),
        // `wp mcp`: the Model Context Protocol server and its executable, which `wp mcp` runs.
        // Its own executable because the SDK's MCP module imports FoundationNetworking, which
        // links libcurl and ~30 more shared libraries: wp itself stays self-contained.
        .target(name: "WPMCP", dependencies: ["WorkplanKit", .product(name: "MCP", package: "swift-sdk")]),
        .executableTarget(
            name: "wp-mcp",
            dependencies: ["WPMCP", "WorkplanKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "wp",
            dependencies: ["WorkplanKit", "WPLSP", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            plugins: ["BuildInfo"]
        ),
        // `wp serve`'s web application (HTTP edge over WorkplanKit) and its executable, which `wp serve` runs.
        .target(
            name: "WPServe",
            dependencies: ["WorkplanKit", .product(name: "Hummingbird", package: "hummingbird")],
            exclude: ["Assets"]
        ),
        .executableTarget(
            name: "wp-serve",
            dependencies: ["WPServe", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Writes the git commit being built into wp (`wp --version`), under .build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // What both test targets share: running child processes, fixture texts.
        .target(name: "WPTestSupport", path: "Tests/WPTestSupport"),
        .testTarget(
            name: "WorkplanKitTests",
            // Yams: the YAML tree tests compare wp's event reader with Yams' composer.
            dependencies: ["WorkplanKit", "WPTestSupport", .product(name: "Yams", package: "Yams"),
                           .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures", "Snapshots"]
        ),
        .testTarget(name: "WPLSPTests", dependencies: ["WPLSP", "WorkplanKit"]),
        .testTarget(
            name: "wpTests",
            dependencies: ["WorkplanKit", "WPTestSupport"],
            exclude: ["Snapshots"]
        ),
    ]
)
