/// Size limits of architectures: overflow-checked shapes and the memory budget.
extension Architecture {
  /// The largest extent accepted anywhere in an architecture (an input or activation extent, a
  /// feature or channel count, a kernel, stride or padding): 2⁴⁰. A single activation that large
  /// would need terabytes, so no real network is refused, and sums and products of a few such
  /// numbers cannot overflow `Int` before they are checked.
  public static let maximumExtent = 1 << 40

  /// The shape of every activation of one sample (element 0 the input, element `l + 1` the output
  /// of `layers[l]`), computed with overflow-checked arithmetic. The walk stops before the first
  /// layer that does not fit its input (`makeNetwork` names it), so the result may be shorter than
  /// `layers.count + 1`.
  /// - Parameter path: the architecture file, named in errors.
  /// - Throws: `ModelFileError.invalidField` naming `input_shape` or `layers[k]` when an extent or
  ///   a hyper-parameter exceeds `maximumExtent` or is not positive.
  /// - Complexity: O(layers).
  public func checkedActivationShapes(path: String = "<architecture>") throws -> [[Int]] {
    let limit = Self.maximumExtent
    func tooLarge(_ field: String, _ got: String) -> ModelFileError {
      .invalidField(file: path, field: field, expected: "extents between 1 and 2^40", got: got)
    }
    guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 && $0 <= limit }) else {
      throw tooLarge("input_shape", "\(inputShape)")
    }
    var shapes = [inputShape]
    for (index, layer) in layers.enumerated() {
      let field = "layers[\(index)]"
      let numbers: [Int]
      switch layer {
      case .dense(_, let i, let o, _): numbers = [i, o]
      case .conv2d(_, let i, let o, let k, let s, let p, _):
        numbers = [i, o, k.height, k.width, s.height, s.width, p.height + 1, p.width + 1]
      case .maxPool2d(_, let k, let s, let p), .avgPool2d(_, let k, let s, let p):
        numbers = [k.height, k.width, s.height, s.width, p.height + 1, p.width + 1]
      case .relu, .flatten: numbers = []
      }
      guard numbers.allSatisfy({ $0 > 0 && $0 <= limit }) else {
        throw tooLarge(field, "\(layer.typeName) with hyper-parameters \(numbers)")
      }
      let input = shapes[shapes.count - 1]
      let output: [Int]?
      switch layer {
      case .dense(_, let i, let o, _):
        output = input == [i] ? [o] : nil
      case .conv2d(_, let i, let o, let k, let s, let p, _):
        output = input.count == 3 && input[0] == i ? Self.window(input, k, s, p).map { [o] + $0 } : nil
      case .maxPool2d(_, let k, let s, let p), .avgPool2d(_, let k, let s, let p):
        output = input.count == 3 ? Self.window(input, k, s, p).map { [input[0]] + $0 } : nil
      case .relu:
        output = input
      case .flatten:
        guard let n = Self.checkedProduct(input), n <= limit else {
          throw tooLarge(field, "flatten of \(input)")
        }
        output = [n]
      }
      guard let output else { break }
      guard output.allSatisfy({ $0 <= limit }) else { throw tooLarge(field, "output \(output)") }
      shapes.append(output)
    }
    return shapes
  }

  /// The memory a network of this architecture needs for a traced forward pass of `batch` samples.
  /// - Parameters:
  ///   - batch: the number of samples (≥ 1).
  ///   - path: the architecture file, named in errors.
  /// - Throws: what `checkedActivationShapes` throws, or `ModelFileError.invalidField` when a size
  ///   overflows `Int`.
  /// - Complexity: O(layers).
  public func memoryRequirement(batch: Int = 1, path: String = "<architecture>") throws -> MemoryRequirement {
    precondition(batch >= 1, "memoryRequirement: batch must be ≥ 1, got \(batch)")
    let overflow = ModelFileError.invalidField(
      file: path, field: "layers", expected: "a network whose size fits in a 64-bit byte count",
      got: "a size beyond 2^63 bytes")
    let shapes = try checkedActivationShapes(path: path)
    func bytes(_ counts: [Int], times factor: Int) throws -> Int {
      var total = 0
      for c in counts {
        let (b, o1) = c.multipliedReportingOverflow(by: factor)
        let (t, o2) = total.addingReportingOverflow(b)
        guard !o1, !o2 else { throw overflow }
        total = t
      }
      return total
    }
    func count(_ shape: [Int]) throws -> Int {
      guard let n = Self.checkedProduct(shape) else { throw overflow }
      return n
    }
    let (perSample, o) = MemoryLayout<Float>.size.multipliedReportingOverflow(by: batch)
    guard !o else { throw overflow }
    var workspace = 0
    for (index, layer) in layers.enumerated() where index + 1 < shapes.count {
      guard case .conv2d(_, let i, let o, let k, _, _, _) = layer else { continue }
      let plane = shapes[index + 1][1] &* shapes[index + 1][2]
      workspace = max(workspace, try bytes([try count([i, k.height, k.width, plane]), try count([o, plane])], times: 4))
    }
    return MemoryRequirement(
      batch: batch,
      parameterBytes: try bytes(try parameterShapes.map { try count($0.shape) }, times: MemoryLayout<Float>.size),
      activationBytes: try bytes(try shapes.map(count), times: perSample),
      workspaceBytes: workspace)
  }

  /// `memoryRequirement(batch:path:)`, refused when its total exceeds `budget`.
  /// - Throws: `ModelFileError.exceedsMemoryBudget` with the computed sizes, or what
  ///   `memoryRequirement` throws.
  @discardableResult
  public func checkMemory(
    batch: Int = 1, budget: MemoryBudget = .current, path: String = "<architecture>"
  ) throws -> MemoryRequirement {
    let need = try memoryRequirement(batch: batch, path: path)
    guard need.totalBytes <= budget.bytes else {
      throw ModelFileError.exceedsMemoryBudget(file: path, field: "layers", requirement: need, budget: budget)
    }
    return need
  }

  /// `Π values`, or `nil` on overflow.
  static func checkedProduct(_ values: [Int]) -> Int? {
    var p = 1
    for v in values {
      let (q, o) = p.multipliedReportingOverflow(by: v)
      if o { return nil }
      p = q
    }
    return p
  }

  /// The output `[OH, OW]` of a window (kernel `k`, stride `s`, padding `p`) on `[C, H, W]`, or
  /// `nil` when the padded input is smaller than the window. Extents ≤ 2⁴⁰, so nothing overflows.
  private static func window(_ input: [Int], _ k: Size2D, _ s: Size2D, _ p: Size2D) -> [Int]? {
    let h = input[1] + 2 * p.height - k.height
    let w = input[2] + 2 * p.width - k.width
    guard h >= 0, w >= 0 else { return nil }
    return [h / s.height + 1, w / s.width + 1]
  }
}
