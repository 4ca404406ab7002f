import Foundation
import Testing

/// wp-serve answers from assets compiled into it (no file is read per request, no CDN);
/// the generated Swift file must say what Sources/WPServe/Assets and the OpenAPI document say.
@Suite("wp serve's embedded assets")
struct ServeAssetTests {
    @Test("Sources/WPServe/EmbeddedAssets.swift is what scripts/embed-serve-assets.sh generates now")
    func embeddedAssetsAreCurrent() throws {
        let root = ServeEndToEndTests.packageRoot
        let scratch = try TemporaryDirectory("wp-serve-assets")
        let output = scratch.absolute("EmbeddedAssets.swift")
        let result = try run(root.appendingPathComponent("scripts/embed-serve-assets.sh").path, [output], in: root.path)
        try #require(result.status == 0, "embed-serve-assets.sh failed: \(result.stderr)")
        let generated = try String(contentsOfFile: output, encoding: .utf8)
        let checkedIn = try String(contentsOf: root.appendingPathComponent("Sources/WPServe/EmbeddedAssets.swift"), encoding: .utf8)
        #expect(generated == checkedIn, "EmbeddedAssets.swift is stale: run scripts/embed-serve-assets.sh and commit the result")
        for asset in ["index.html", "app.js", "app.css"] {
            let text = try String(contentsOf: root.appendingPathComponent("Sources/WPServe/Assets/\(asset)"), encoding: .utf8)
            #expect(!text.contains("https://") && !text.contains("http://"), "\(asset) loads something from the network")
        }
    }
}
