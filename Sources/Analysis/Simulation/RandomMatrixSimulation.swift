import Dispatch
import Matrices

/// The random-matrix convergence simulation of the paper (`convergence_simulation.ipynb`,
/// paper-digest §4.7), in Double.
///
/// Per sample: `V` (default 32) random relevance vectors `w₀ ~ N(0, I)` of the top width are
/// multiplied successively on the right by the family's random matrices, `w_k = w_{k−1} M_k`
/// (clipped at 0 after every multiplication for ReLU families), and after every step — and for
/// `w₀` itself, "0 multiplications" — the notebook's metric is taken: the mean of `|cos|` over
/// the lower triangle **including the diagonal** of the `V × V` cosine matrix of the rows,
/// NaNs (zero rows) dropped. It is reported as `1 − mean|cos| = mean(1 − |cos|)`, each term
/// computed as `‖x̂ ∓ ŷ‖²/2` (no cancellation: values far below numpy's ~1e-16 floor are
/// resolved; the diagonal contributes exactly 0). Then, per step, the median over samples and the
/// percentile band (numpy-linear percentiles `(100 − b)/2` and `100 − (100 − b)/2`; `b` = 99 for
/// the NN families, 95 for α-β, as the notebook). Each product is rescaled by its largest entry
/// after every step (the metric is scale-free).
///
/// Sample `s` draws everything from `SeededGenerator(seed: seed).split(stream: s)`, so results
/// do not depend on scheduling; samples run on both cores (`concurrentPerform`), products by
/// ``GEMM/dgemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)``.
public struct RandomMatrixSimulation: Sendable {
  /// A backward matrix shape: `rows` = the upper layer (input side of `w M`), `columns` = the lower layer.
  public struct Shape: Sendable, Equatable {
    /// The width the vectors come from.
    public var rows: Int
    /// The width they go to.
    public var columns: Int
    /// Creates a shape.
    public init(_ rows: Int, _ columns: Int) { self.rows = rows; self.columns = columns }
  }

  /// VGG-16's backward shapes, from the logits down, as the notebook derives them: the 16 weight
  /// layers transposed (`(out, in)`), convolutions by their 1×1 centre tap (`kernel[1, 1]`:
  /// `in × out` channels), fc1 reduced to its 512 centre inputs (`25088 = 7·7·512`):
  /// fc3 (1000, 4096), fc2 (4096, 4096), fc1 (4096, 512), conv5_3 … conv4_2 (512, 512) ×5,
  /// conv4_1 (512, 256), conv3_3, conv3_2 (256, 256) ×2, conv3_1 (256, 128), conv2_2 (128, 128),
  /// conv2_1 (128, 64), conv1_2 (64, 64), conv1_1 (64, 3).
  public static let vgg16Shapes: [Shape] =
    [Shape(1000, 4096), Shape(4096, 4096), Shape(4096, 512)] + Array(repeating: Shape(512, 512), count: 5)
    + [Shape(512, 256), Shape(256, 256), Shape(256, 256), Shape(256, 128), Shape(128, 128), Shape(128, 64), Shape(64, 64), Shape(64, 3)]

  /// The chain of shapes (ignored by ``SimulationFamily/supplied(name:matrices:relu:)``).
  public var shapes: [Shape]
  /// Random vectors per sample, `V` (notebook: 32).
  public var vectors: Int
  /// Samples per family (notebook: 20).
  public var samples: Int
  /// The seed of every draw.
  public var seed: UInt64

  /// Creates a simulation; the defaults are the notebook's (VGG-16 shapes, 32 vectors, 20 samples).
  /// - Precondition: consecutive shapes chain (`shapes[l].columns == shapes[l+1].rows`), `vectors ≥ 2`, `samples ≥ 1`.
  public init(shapes: [Shape] = vgg16Shapes, vectors: Int = 32, samples: Int = 20, seed: UInt64 = 0) {
    precondition(!shapes.isEmpty && zip(shapes, shapes.dropFirst()).allSatisfy { $0.columns == $1.rows }, "RandomMatrixSimulation: shapes do not chain")
    precondition(vectors >= 2 && samples >= 1, "RandomMatrixSimulation: vectors ≥ 2 and samples ≥ 1")
    self.shapes = shapes
    self.vectors = vectors
    self.samples = samples
    self.seed = seed
  }

  /// Runs one family.
  /// - Parameters:
  ///   - family: the matrix family.
  ///   - band: the percentile band in percent (default: the family's, 99 or 95).
  /// - Complexity: per sample, `Σ rows·columns` normal draws and `Σ 2·V·rows·columns` flops.
  public func run(_ family: SimulationFamily, band: Double? = nil) -> SimulationResult {
    var chain = shapes
    if case .supplied(_, let matrices, _) = family {
      precondition(!matrices.isEmpty && zip(matrices, matrices.dropFirst()).allSatisfy { $0.columns == $1.rows }, "RandomMatrixSimulation: supplied matrices do not chain")
      chain = matrices.map { Shape($0.rows, $0.columns) }
    }
    let steps = chain.count + 1
    var values = [Double](repeating: .nan, count: samples * steps)
    let base = SeededGenerator(seed: seed)
    let v = vectors
    let shapesToRun = chain
    values.withUnsafeMutableBufferPointer { buffer in
      let out = SimulationOutput(base: buffer.baseAddress!)
      DispatchQueue.concurrentPerform(iterations: samples) { s in
        var g = base.split(stream: UInt64(s))
        let trajectory = Self.sample(family: family, shapes: shapesToRun, vectors: v, using: &g)
        for (k, value) in trajectory.enumerated() { out.base[s * steps + k] = value }
      }
    }
    let b = band ?? family.defaultBand
    let summary = (0..<steps).map { k -> SimulationResult.Step in
      let perSample = (0..<samples).map { values[$0 * steps + k] }.filter { !$0.isNaN }
      guard !perSample.isEmpty else { return .init(multiplications: k, median: .nan, lower: .nan, upper: .nan, perSample: []) }
      let q = Quantiles.percentiles(perSample, [(100 - b) / 2, 100 - (100 - b) / 2])
      return .init(multiplications: k, median: Quantiles.median(perSample), lower: q[0], upper: q[1], perSample: perSample)
    }
    return SimulationResult(family: family.name, shapes: chain, vectors: v, samples: samples, band: b, steps: summary)
  }

  /// One sample's trajectory of `1 − mean|cos|`, `shapes.count + 1` values.
  static func sample(family: SimulationFamily, shapes: [Shape], vectors v: Int, using g: inout SeededGenerator) -> [Double] {
    var w = GaussianFill.matrix(rows: v, columns: shapes[0].rows, using: &g)
    var width = shapes[0].rows
    var trajectory = [misalignment(w, rows: v, columns: width)]
    for (l, shape) in shapes.enumerated() {
      let m = family.matrix(index: l, rows: shape.rows, columns: shape.columns, using: &g)
      var next = [Double](repeating: 0, count: v * shape.columns)
      w.withUnsafeBufferPointer { a in
        m.withUnsafeBufferPointer { b in
          next.withUnsafeMutableBufferPointer { c in
            GEMM.dgemm(
              transposeA: false, transposeB: false, m: v, n: shape.columns, k: shape.rows, alpha: 1,
              a: a.baseAddress!, lda: width, b: b.baseAddress!, ldb: shape.columns, beta: 0, c: c.baseAddress!, ldc: shape.columns)
          }
        }
      }
      if family.clipsAfterMultiplication {
        for i in next.indices where next[i] < 0 { next[i] = 0 }
      }
      var scale = 0.0
      for x in next { scale = Swift.max(scale, abs(x)) }
      if scale > 0 && scale.isFinite { for i in next.indices { next[i] /= scale } }
      w = next
      width = shape.columns
      trajectory.append(misalignment(w, rows: v, columns: width))
    }
    return trajectory
  }

  /// `mean(1 − |cos|)` over the lower triangle including the diagonal of the rows' cosine
  /// matrix, zero rows dropped; NaN if every row is zero.
  static func misalignment(_ w: [Double], rows v: Int, columns n: Int) -> Double {
    var unit: [[Double]] = []
    for i in 0..<v {
      let row = Array(w[(i * n)..<((i + 1) * n)])
      let r = norm(row)
      if r > 0 && r.isFinite { unit.append(row.map { $0 / r }) }
    }
    let live = unit.count
    guard live > 0 else { return .nan }
    var total = 0.0
    for i in 0..<live {
      for j in 0..<i {
        let (x, y) = (unit[i], unit[j])
        let sign: Double = dot(x, y) >= 0 ? -1 : 1
        var d = 0.0
        for k in 0..<n { let e = x[k] + sign * y[k]; d += e * e }
        total += d / 2
      }
    }
    return total / Double(live * (live + 1) / 2)
  }
}

/// The per-sample output buffer shared by the `concurrentPerform` iterations.
///
/// Invariant: sample `s` writes only indices `s·steps ..< (s+1)·steps`, and the buffer outlives
/// the `concurrentPerform` call that uses it.
struct SimulationOutput: @unchecked Sendable {
  let base: UnsafeMutablePointer<Double>
}
