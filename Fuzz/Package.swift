// swift-tools-version:6.0
// libFuzzer harnesses for WorkplanKit (docs/reliability.md). Not part of the root
// package: `swift build` at the root never builds them; `scripts/fuzz` does, with
// libFuzzer's coverage, AddressSanitizer, and UndefinedBehaviorSanitizer on the C code.
import PackageDescription

/// Each harness defines `LLVMFuzzerTestOneInput` with `@_cdecl`; libFuzzer brings `main`,
/// so no harness has top-level code (`-parse-as-library`).
let harnessSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

func harness(_ name: String) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"], swiftSettings: harnessSettings)
}

let package = Package(
    name: "WorkplanKitFuzz",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "FuzzParse", targets: ["FuzzParse"]),
        .executable(name: "FuzzWorkspace", targets: ["FuzzWorkspace"]),
        .executable(name: "FuzzEdit", targets: ["FuzzEdit"]),
        .executable(name: "FuzzConfigGate", targets: ["FuzzConfigGate"]),
        .executable(name: "FuzzGlob", targets: ["FuzzGlob"]),
        .executable(name: "FuzzSchema", targets: ["FuzzSchema"]),
    ],
    // The root package, through a link `scripts/fuzz` makes (`.build-root/wp -> ../..`):
    // SwiftPM names a path dependency after its folder, and a checkout's folder may have
    // any name (even `fuzz`, this package's own).
    dependencies: [.package(path: ".build-root/wp")],
    targets: [
        // Invariant checks and input splitting shared by the harnesses.
        .target(name: "FuzzSupport", dependencies: [.product(name: "WorkplanKit", package: "wp")]),
        harness("FuzzParse"),
        harness("FuzzWorkspace"),
        harness("FuzzEdit"),
        harness("FuzzConfigGate"),
        harness("FuzzGlob"),
        harness("FuzzSchema"),
    ]
)
