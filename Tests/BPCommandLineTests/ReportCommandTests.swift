import Foundation
import Testing
@testable import BPCommandLine

@Suite struct ReportCommandTests {
  @Test func writesTheReportAndJSON() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-cmd-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let args = ["report", "--quick", "--net", "random-mlp", "--method", "gradient", "--images", "3", "--out", dir.path]
    let c = Capture()
    #expect(BPCommandLine.run(args + ["--json"], io: c.io) == 0, "\(c.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("index.html").path))
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.md").path))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
    let nets = try #require(object["networks"] as? [[String: Any]])
    #expect(nets.map { $0["name"] as? String } == ["random-mlp"])
  }

  @Test func badArgumentsAreOneLineErrors() {
    for args in [
      ["report", "--quick", "--full"],
      ["report", "--net", "imagenet"],
      ["report", "--method", "nope"],
    ] {
      let c = Capture()
      #expect(BPCommandLine.run(args, io: c.io) == 2, "\(args)")
      #expect(c.stderr.hasPrefix("bpaudit: ") && c.stderr.split(separator: "\n").count == 1, "\(args): \(c.stderr)")
    }
  }
}
