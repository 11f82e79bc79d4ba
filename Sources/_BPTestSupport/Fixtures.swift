import Foundation

/// Test fixtures committed under `Tests/Fixtures/` (copied from the shared Zennit/Captum
/// reference set, so a fresh clone needs nothing outside the repository).
public enum Fixtures {
  /// The folder that holds the fixtures.
  public static let directory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/Fixtures")

  /// The URL of fixture `name` (for example `tiny_mlp.safetensors`).
  public static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
}
