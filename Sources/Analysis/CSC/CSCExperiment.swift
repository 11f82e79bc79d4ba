import Matrices
import Networks
import Rules

/// CSC at one measurement point: the statistics of |cos| between the relevance vectors that
/// arrived there.
public struct CSCPoint: Sendable, Equatable {
  /// The point: `input`, or the name of the layer whose output this is.
  public var name: String
  /// Index into `ForwardTrace.activations` (0 is the input, `l + 1` the output of layer `l`).
  public var boundary: Int
  /// The statistics (median, percentiles, histogram, chance baseline).
  public var statistics: CSCStatistics
}

/// CSC of one method for one injection layer, from the injection point down to the input.
public struct CSCProfile: Sendable, Equatable {
  /// The method's name.
  public var method: String
  /// The layer whose output received the random vectors.
  public var injectionLayer: String
  /// The points, top (the injection point itself: its CSC is the chance baseline) to bottom (input).
  public var points: [CSCPoint]
  /// Stabilised denominators over all propagations.
  public var stabilisedCount: Int
}

/// The cosine-similarity-convergence protocol of the paper (paper-digest §5).
///
/// `V` independent `N(0, I)` tensors are injected at the output of a layer for every input,
/// propagated by the method, and at every lower point the |cos| of every pair of the `V`
/// relevance vectors is taken per spatial position (conv: positions × channels), pooled over
/// inputs; NaNs (zero vectors) are dropped and counted.
public struct CSCExperiment: Sendable {
  /// Random vectors per input (paper: 5).
  public var vectors: Int
  /// Seed of the injected vectors (input chunk `k` draws from stream `k`).
  public var seed: UInt64
  /// Inputs propagated per batch (bounds memory: the trace holds `chunk · V` rows).
  public var chunk: Int

  /// Creates the protocol with the paper's defaults.
  public init(vectors: Int = 5, seed: UInt64 = 0, chunk: Int = 20) {
    precondition(vectors >= 2, "CSC needs at least two vectors per input")
    self.vectors = vectors
    self.seed = seed
    self.chunk = chunk
  }

  /// The paper's injection layers for a network: every dense and conv layer except the lowest
  /// one, top first (for the CIFAR network: fc6, fc5, conv4, conv3, conv2).
  public static func defaultInjectionLayers(of network: Network) -> [String] {
    Array(ParameterRandomization.cutPoints(of: network).dropLast())
  }

  /// The measurement points below injection layer `m`: the injection point, the output of every
  /// dense, conv and pooling layer below it, and the input; top first.
  public static func points(of network: Network, below m: Int) -> [(name: String, boundary: Int)] {
    var result = [(name: network.layers[m].name, boundary: m + 1)]
    for l in stride(from: m - 1, through: 0, by: -1) {
      switch network.layers[l] {
      case .dense, .conv2d, .maxPool2d, .avgPool2d: result.append((network.layers[l].name, l + 1))
      case .relu, .flatten: continue
      }
    }
    result.append(("input", 0))
    return result
  }

  /// Runs the protocol for one method and several injection layers (the paper's full CSC).
  ///
  /// Chunk by chunk, the inputs are traced once and the trace's rows repeated `V` times
  /// (``ForwardTrace/repeatingRows(_:)``), shared by every injection layer; for each layer the
  /// `chunk·V` Gaussian vectors (stream `k` of ``seed`` for chunk `k`, the same draws as a run with
  /// that layer alone) are propagated by the method as one batch from a `RelevanceStart` at the
  /// layer, and the |cos| samples of every point pooled.
  /// - Parameters:
  ///   - inputs: `[N] + network.inputShape` (the paper: 200 images).
  ///   - layers: the injection layers' names, in the order of the result.
  ///   - onProgress: called with the number of (input, layer) pairs done, out of `N·layers.count`.
  /// - Throws: `AttributionError` from the method, or when a layer does not exist.
  /// - Complexity: one forward pass of the inputs, and per layer one batched propagation of
  ///   `N·V` vectors plus `O(N·V²·Σ point sizes)` for the cosines and a sort per point.
  public func profiles(
    method: any RelevancePropagator, network: Network, inputs: Tensor, injectAt layers: [String],
    onProgress: (Int) -> Void = { _ in }
  ) throws -> [CSCProfile] {
    let indices = try layers.map { layer -> Int in
      guard let m = network.layerIndex(named: layer) else {
        throw AttributionError.invalidParameter(
          method: method.name, parameter: "inject",
          expected: "a layer of the network (\(network.layers.map(\.name).joined(separator: ", "))), got '\(layer)'")
      }
      return m
    }
    let points = indices.map { Self.points(of: network, below: $0) }
    var samples = points.map { [CosineSample?](repeating: nil, count: $0.count) }
    var stabilised = [Int](repeating: 0, count: layers.count)
    let n = inputs.shape[0]
    var start = 0
    var chunkIndex: UInt64 = 0
    var done = 0
    while start < n {
      let end = min(start + chunk, n)
      let trace = network.trace(inputs.rows(start..<end)).repeatingRows(vectors)
      for (k, m) in indices.enumerated() {
        var generator = SeededGenerator(seed: seed).split(stream: chunkIndex)
        let random = CSCInjection.gaussianVectors(
          shape: Array(trace.activations[m + 1].shape.dropFirst()), inputs: end - start, vectorsPerInput: vectors,
          using: &generator)
        let attribution = try method.propagate(network: network, trace: trace, start: RelevanceStart(layer: m, relevance: random))
        stabilised[k] += attribution.stabilisedCount
        for (q, point) in points[k].enumerated() {
          let sample = CosineSample(vectors: attribution.relevances[point.boundary], vectorsPerInput: vectors)
          samples[k][q] = samples[k][q].map { $0.merged(with: sample) } ?? sample
        }
        done += end - start
        onProgress(done)
      }
      start = end
      chunkIndex += 1
    }
    return indices.indices.map { k in
      CSCProfile(
        method: method.name, injectionLayer: layers[k],
        points: points[k].indices.map { q in
          CSCPoint(name: points[k][q].name, boundary: points[k][q].boundary, statistics: CSCStatistics(samples[k][q]!))
        },
        stabilisedCount: stabilised[k])
    }
  }

  /// Runs the protocol for one method and one injection layer
  /// (``profiles(method:network:inputs:injectAt:onProgress:)`` with one layer).
  /// - Parameters:
  ///   - inputs: `[N] + network.inputShape` (the paper: 200 images).
  ///   - layer: the injection layer's name.
  ///   - onChunk: progress, called with the inputs done so far.
  /// - Throws: `AttributionError` from the method, or when `layer` does not exist.
  public func profile(
    method: any RelevancePropagator, network: Network, inputs: Tensor, injectAt layer: String,
    onChunk: (Int) -> Void = { _ in }
  ) throws -> CSCProfile {
    try profiles(method: method, network: network, inputs: inputs, injectAt: [layer], onProgress: onChunk)[0]
  }
}
