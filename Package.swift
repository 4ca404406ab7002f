// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "wp",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "WorkplanKit", targets: ["WorkplanKit"]),
        .executable(name: "wp", targets: ["wp"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
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
        .executableTarget(
            name: "wp",
            dependencies: ["WorkplanKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            plugins: ["BuildInfo"]
        ),
        // Writes the git commit being built into wp (`wp --version`), under .build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // What both test targets share: running child processes, fixture texts.
        .target(name: "WPTestSupport", path: "Tests/WPTestSupport"),
        .testTarget(
            name: "WorkplanKitTests",
            dependencies: ["WorkplanKit", "WPTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures", "Snapshots"]
        ),
        .testTarget(
            name: "wpTests",
            dependencies: ["WorkplanKit", "WPTestSupport"],
            exclude: ["Snapshots"]
        ),
    ]
)
