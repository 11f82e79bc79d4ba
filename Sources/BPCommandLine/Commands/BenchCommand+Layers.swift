import BackpropAudit
import Dispatch

extension BenchCommand {
  /// Every layer of the CIFAR-10 network on its own at batch 1 and 32: the forward step on the
  /// traced input and the backward step of a vector of ones (input gradient only), in ms, so that
  /// a whole-network figure can be split into its layers.
  static func layerRows(_ time: Timer) -> [Row] {
    let network = Network.cifarCNN(seed: 1)
    return [1, 32].flatMap { batch -> [Row] in
      let input = Tensor(shape: [batch, 3, 32, 32], scalars: randomFloats(batch * 3 * 32 * 32, seed: 7))
      let trace = network.trace(input)
      return network.layers.indices.flatMap { l -> [Row] in
        let layer = network.layers[l]
        let x = trace.activations[l]
        let ones = Tensor(shape: trace.activations[l + 1].shape, repeating: 1)
        let forward = time { blackHole(layer.forward(x)) }
        let backward = time {
          blackHole(
            layer.backward(
              outputGradient: ones, input: x, maxPoolIndices: trace.maxPoolIndices[l], wantParameters: false))
        }
        return [
          Row(name: "\(layer.name) forward, batch \(batch)", milliseconds: forward.median * 1e3,
              rate: Double(batch) / forward.median, unit: "images/s"),
          Row(name: "\(layer.name) backward, batch \(batch)", milliseconds: backward.median * 1e3,
              rate: Double(batch) / backward.median, unit: "images/s"),
        ]
      }
    }
  }

  /// Bytes read by one memory figure: 64 MiB, twice the largest last-level cache expected.
  static let memoryBytes = 1 << 26

  /// Main-memory read bandwidth (a STREAM-like sum over a 64 MiB buffer) on one thread and on
  /// every allowed thread, and the batch-1 bound it puts on the CIFAR-10 network: the 8192×1024
  /// Float weights of its first dense layer (32 MiB) must be read once per image.
  static func memoryRows(_ time: Timer) -> [Row] {
    let count = memoryBytes / MemoryLayout<Float>.stride
    let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: 1)
    let base = SharedBuffer(base: UnsafePointer(buffer.baseAddress!))
    let threads = Parallelism.maximumThreads
    var rows: [Row] = []
    for workers in Set([1, threads]).sorted() {
      let t = time {
        DispatchQueue.concurrentPerform(iterations: workers) { w in
          blackHole(sum(base.base + count * w / workers, count: count * (w + 1) / workers - count * w / workers))
        }
      }
      rows.append(
        Row(name: "read 64 MiB, \(workers) thread(s)", milliseconds: t.median * 1e3,
            rate: Double(memoryBytes) / t.median / 1e9, unit: "GB/s"))
    }
    let fc5Bytes = Double(8192 * 1024 * MemoryLayout<Float>.stride)
    if let best = rows.map(\.rate).max() {
      rows.append(
        Row(name: "fc5 weights (32 MiB) bound, batch 1", milliseconds: fc5Bytes / (best * 1e9) * 1e3,
            rate: best * 1e9 / fc5Bytes, unit: "images/s"))
    }
    return rows
  }

  /// A read-only pointer captured by the `concurrentPerform` closure.
  ///
  /// Invariant: the buffer outlives the call and nobody writes it meanwhile.
  struct SharedBuffer: @unchecked Sendable {
    let base: UnsafePointer<Float>
  }

  /// The sum of `count` floats, four 8-lane accumulators (a pure streaming read).
  static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
    var a = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i &+ 32 <= count {
      a.0 += raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD8<Float>.self)
      a.1 += raw.loadUnaligned(fromByteOffset: (i &+ 8) &* 4, as: SIMD8<Float>.self)
      a.2 += raw.loadUnaligned(fromByteOffset: (i &+ 16) &* 4, as: SIMD8<Float>.self)
      a.3 += raw.loadUnaligned(fromByteOffset: (i &+ 24) &* 4, as: SIMD8<Float>.self)
      i &+= 32
    }
    var s = ((a.0 + a.1) + (a.2 + a.3)).sum()
    while i < count {
      s += p[i]
      i &+= 1
    }
    return s
  }
}
