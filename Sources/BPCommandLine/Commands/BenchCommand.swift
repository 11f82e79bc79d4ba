import BackpropAudit
import Foundation

/// `bpaudit bench SUITE`: timed kernels and whole jobs, median of several runs after warm-up.
enum BenchCommand: Command {
  /// One benchmark suite: its name, what it measures, its rows and its default run counts.
  struct Suite: Sendable {
    var name: String
    var description: String
    var rows: @Sendable (Timer) -> [Row]
    var runs = 7
    var warmup = 2
  }

  /// Every suite, in the order `help` lists them (one per line: helpers add theirs here).
  static let suites: [Suite] = [
    Suite(name: "gemm", description: "Float and Double 1024³ plus conv-shaped products (GFLOP/s).", rows: gemmRows),
    Suite(name: "conv", description: "each convolution of the paper's CIFAR-10 network at batch 32 (GFLOP/s of the direct convolution, 2·N·O·C·kh·kw·OH·OW, so layers on the Winograd path show effective rates).", rows: convRows),
    Suite(name: "forward", description: "the whole CIFAR-10 network at batch 1 and 32 (images/s): forward, trace (all activations kept) and backward (the input gradient of a logit vector).", rows: forwardRows),
    Suite(name: "layers", description: "each layer of that network alone at batch 1 and 32, forward and backward (input gradient).", rows: layerRows),
    Suite(name: "memory", description: "read bandwidth of a 64 MiB buffer on one and on all threads (GB/s, bytes per thread CPU time, so usable on a busy machine), and the batch-1 images/s bound it puts on the 32 MiB dense layer of that network.", rows: memoryRows),
    Suite(name: "attribute", description: "every attribution method on the same network at batch 1 and 32, trace included (images/s; BPAUDIT_BENCH_METHODS=a,b and BPAUDIT_BENCH_BATCHES=32 narrow it).", rows: AttributeBenchmark.rows),
    Suite(name: "csc", description: "the rank profile of a 12-layer width-512 random MLP and the full CSC of z⁺ on the CIFAR-10 network, 200 inputs × 5 vectors × 5 layers (use --runs 3 --warmup 0).", rows: CSCBenchmark.rows),
    Suite(name: "sanity", description: "the full sanity suite (every default method, cascading randomization at every cut point, random logit, two objects, 200 images) on the trained small CNN, once by default (maps/s).", rows: SanityBenchmark.rows, runs: 1, warmup: 0),
    Suite(name: "check", description: "every step of a default `bpaudit check` on the built-in networks, timed once (CPU s beside wall ms; budget 2 minutes per check).", rows: CheckCommand.benchRows, runs: 1, warmup: 0),
  ]

  static let spec = CommandSpec(
    name: "bench", abstract: "Measure speed: kernels, forward, memory, attribution, CSC, sanity and check runs.",
    discussion: "Every figure is the median of --runs timed runs after --warmup untimed ones, on random data of a fixed seed. "
      + suites.map { "\($0.name): \($0.description)" }.joined(separator: " "),
    positionals: [("suite", suiteList + ".")],
    options: [
      .value("runs", "N", "Timed runs per figure.", default: "7; sanity and check 1"),
      .value("warmup", "N", "Untimed runs before timing.", default: "2; sanity and check 0"),
      .flag("json", "Print the figures as JSON (sorted keys)."),
      .flag(
        "cpu-time",
        "Time by process CPU time (all threads summed) instead of wall clock: stable on a busy machine with --threads 1."),
    ])

  /// "gemm, conv, … or sanity".
  static var suiteList: String {
    let names = suites.map(\.name)
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
  }

  /// One measured figure.
  struct Row {
    var name: String
    var milliseconds: Double
    var rate: Double
    var unit: String
  }

  static func run(_ arguments: ParsedArguments, io: CommandIO) throws -> Int32 {
    guard let name = arguments.positionals.first else {
      throw UsageError(command: "bench", message: "expected a suite: \(suiteList)")
    }
    guard let chosen = suites.first(where: { $0.name == name }) else {
      throw UsageError(command: "bench", message: "unknown suite '\(name)': expected \(suiteList)")
    }
    let suite = chosen.rows
    let runs = try arguments.int("runs", default: chosen.runs, in: 1...1000)
    let warmup = try arguments.int("warmup", default: chosen.warmup, in: 0...1000)
    let cpuTime = arguments.has("cpu-time")
    let rows = suite { body in
      cpuTime
        ? Stopwatch.measureCPU(warmup: warmup, runs: runs, body)
        : Stopwatch.measure(warmup: warmup, runs: runs, body)
    }
    let clock = cpuTime ? "CPU time" : "wall clock"
    if arguments.has("json") {
      io.printJSON([
        "suite": name, "runs": runs, "warmup": warmup, "clock": clock, "threads": Parallelism.maximumThreads,
        "kernels": GEMM.kernelSummary,
        "results": rows.map { ["name": $0.name, "median_ms": $0.milliseconds, "rate": $0.rate, "unit": $0.unit] },
      ])
    } else {
      io.print("bench \(name): median of \(runs) runs after \(warmup) warm-up, \(Parallelism.maximumThreads) threads, \(clock)")
      io.print("kernels: \(GEMM.kernelSummary)")
      for r in rows {
        io.print(
          r.name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%10.3f ms %10.1f %@", r.milliseconds, r.rate, r.unit))
      }
    }
    return 0
  }

  typealias Timer = (() -> Void) -> BenchmarkTiming

  static func randomFloats(_ count: Int, seed: UInt64) -> [Float] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float(g.nextGaussian()) }
  }

  static func gemmRows(_ time: Timer) -> [Row] {
    let shapes: [(String, Int, Int, Int)] = [
      ("sgemm 1024x1024x1024", 1024, 1024, 1024),
      ("sgemm conv2-like 64x32768x288", 64, 32768, 288),
      ("sgemm conv4-like 128x8192x1152", 128, 8192, 1152),
      ("sgemv fc5-like 1024x1x8192", 1024, 1, 8192),
    ]
    var rows = shapes.map { name, m, n, k in
      let a = randomFloats(m * k, seed: 1)
      let b = randomFloats(k * n, seed: 2)
      var c = [Float](repeating: 0, count: m * n)
      let t = time {
        c.withUnsafeMutableBufferPointer { cp in
          GEMM.sgemm(
            transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n,
            beta: 0, c: cp.baseAddress!, ldc: n)
        }
        blackHole(c[0])
      }
      return Row(name: name, milliseconds: t.median * 1e3, rate: 2 * Double(m * n * k) / t.median / 1e9, unit: "GFLOP/s")
    }
    let n = 1024
    let a = randomFloats(n * n, seed: 3).map(Double.init)
    let b = randomFloats(n * n, seed: 4).map(Double.init)
    var c = [Double](repeating: 0, count: n * n)
    let t = time {
      c.withUnsafeMutableBufferPointer { cp in
        GEMM.dgemm(
          transposeA: false, transposeB: false, m: n, n: n, k: n, alpha: 1, a: a, lda: n, b: b, ldb: n,
          beta: 0, c: cp.baseAddress!, ldc: n)
      }
      blackHole(c[0])
    }
    rows.append(Row(name: "dgemm 1024x1024x1024", milliseconds: t.median * 1e3, rate: 2 * Double(n * n * n) / t.median / 1e9, unit: "GFLOP/s"))
    return rows
  }

  static func convRows(_ time: Timer) -> [Row] {
    let network = Network.cifarCNN(seed: 1)
    guard let shapes = try? network.activationShapes() else { return [] }
    let batch = 32
    return network.layers.indices.compactMap { index -> Row? in
      guard case .conv2d(let conv) = network.layers[index] else { return nil }
      let input = Tensor(shape: [batch] + shapes[index], scalars: randomFloats(batch * shapes[index].reduce(1, *), seed: UInt64(index)))
      let out = shapes[index + 1]
      let macs = Double(batch * out.reduce(1, *) * conv.inputChannels * conv.kernelSize.height * conv.kernelSize.width)
      let t = time { blackHole(conv.forward(input)) }
      return Row(name: "\(conv.name) forward, batch \(batch)", milliseconds: t.median * 1e3, rate: 2 * macs / t.median / 1e9, unit: "GFLOP/s")
    }
  }

  /// The CIFAR-10 network at batch 1 and 32: forward (logits only), trace (every activation
  /// kept), and the backward pass of a logit vector to the input (`Network.backward`, the
  /// gradient that attribution methods run).
  static func forwardRows(_ time: Timer) -> [Row] {
    let network = Network.cifarCNN(seed: 1)
    return [1, 32].flatMap { batch -> [Row] in
      let input = Tensor(shape: [batch, 3, 32, 32], scalars: randomFloats(batch * 3 * 32 * 32, seed: 7))
      func row(_ what: String, _ t: BenchmarkTiming) -> Row {
        Row(name: "cifar-cnn \(what), batch \(batch)", milliseconds: t.median * 1e3, rate: Double(batch) / t.median, unit: "images/s")
      }
      let forward = row("forward", time { blackHole(network.forward(input)) })
      let trace = network.trace(input)
      let upstream = Tensor(shape: [batch, 10], repeating: 1)
      let last = network.layers.count - 1
      let traced = row("trace", time { blackHole(network.trace(input)) })
      let backward = row("backward", time { blackHole(network.backward(trace: trace, upstream: upstream, at: last)) })
      return [forward, traced, backward]
    }
  }
}
