import Foundation
import Testing
import _BPTestSupport

@testable import BPCommandLine

/// `bpaudit simulate`, called through its spec (the lead registers it in `BPCommandLine.commands`).
@Suite struct SimulateCommandTests {
  func run(_ args: [String]) throws -> (code: Int32, capture: Capture) {
    let c = Capture()
    let code = try SimulateCommand.run(ParsedArguments(args, spec: SimulateCommand.spec), io: c.io)
    return (code, c)
  }

  @Test func tablePrintsOneRowPerFamily() throws {
    let (code, c) = try run(["--family", "positive", "--family", "vanilla", "--samples", "2", "--shapes", "16x24,24x24,24x8"])
    #expect(code == 0)
    let lines = c.stdout.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines[1].hasPrefix("family") && lines[1].hasSuffix("3"))
    #expect(lines[2].hasPrefix("positive") && lines[3].hasPrefix("vanilla"))
    #expect(lines[2].split(separator: " ").count == 5)  // name + 4 steps (0…3 multiplications)
  }

  @Test func jsonHasEveryStep() throws {
    let (code, c) = try run(["--family", "alpha2beta1", "--samples", "3", "--vectors", "4", "--seed", "7", "--shapes", "10x10,10x10", "--json"])
    #expect(code == 0)
    let object = try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as! [String: Any]
    #expect(object["samples"] as? Int == 3 && object["vectors"] as? Int == 4 && object["seed"] as? Int == 7)
    #expect((object["shapes"] as? [[Int]]) == [[10, 10], [10, 10]])
    let family = (object["families"] as! [[String: Any]])[0]
    #expect(family["name"] as? String == "alpha2beta1" && family["band"] as? Double == 95)
    let steps = family["steps"] as! [[String: Any]]
    #expect(steps.map { $0["multiplications"] as? Int } == [0, 1, 2])
    for step in steps {
      let (lo, med, hi) = (step["lower"] as! Double, step["median"] as! Double, step["upper"] as! Double)
      #expect(lo <= med && med <= hi)
    }
  }

  @Test func badFamilyAndShapesAreUsageErrors() {
    #expect(throws: UsageError.self) { try run(["--family", "gauss"]) }
    #expect(throws: UsageError.self) { try run(["--shapes", "10x20,10x10"]) }
    #expect(throws: UsageError.self) { try run(["--shapes", "10by20"]) }
    #expect(throws: UsageError.self) { try run(["--samples", "0"]) }
  }
}
