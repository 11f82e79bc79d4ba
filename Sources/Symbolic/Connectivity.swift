/// Which (input, output) pairs of a layer are connected, and where each pair's per-edge values
/// (`w[i,j]`, `p[i,j]`) are stored.
///
/// A dense layer connects every pair; a convolution connects output `j` to the inputs of its
/// receptive field, with `slot` the index of the shared kernel weight. Under a connectivity,
/// `sum_i` at output `j` runs over the inputs connected to `j`, and `sum_j` at input `i` over the
/// outputs connected to `i` (DESIGN.md §4: "on conv layers i ranges over the receptive field of j").
/// Edges are numbered by output: the edges of output `j` are `outputStart[j] ..< outputStart[j+1]`.
public struct Connectivity: Sendable, Hashable {
  /// Number of inputs.
  public let inputs: Int
  /// Number of outputs.
  public let outputs: Int
  /// Edge ranges per output (`outputs + 1` offsets).
  public let outputStart: [Int]
  /// The input of every edge.
  public let edgeInput: [Int]
  /// The output of every edge.
  public let edgeOutput: [Int]
  /// The storage index of every edge in per-edge arrays (`w`, `p`).
  public let edgeSlot: [Int]
  /// Edge lists per input: the edges of input `i` are `inputEdges[inputStart[i] ..< inputStart[i+1]]`.
  public let inputStart: [Int]
  /// Edge ids grouped by input (ascending output within an input).
  public let inputEdges: [Int]
  /// Number of storage slots per-edge arrays need (`max(edgeSlot) + 1`).
  public let slotCount: Int

  /// Number of edges.
  public var edgeCount: Int { edgeInput.count }

  /// Builds a connectivity from the inputs of every output.
  /// - Parameters:
  ///   - inputs: number of inputs.
  ///   - inputsOfOutput: for each output `j`, its connected inputs with their storage slots;
  ///     an input may appear at most once per output.
  /// - Precondition: indices in range, slots non-negative, no duplicate input per output.
  /// - Complexity: O(edges + inputs + outputs).
  public init(inputs: Int, inputsOfOutput: [[(input: Int, slot: Int)]]) {
    precondition(inputs > 0 && !inputsOfOutput.isEmpty, "a layer needs at least one input and one output")
    self.inputs = inputs
    outputs = inputsOfOutput.count
    var start = [0]
    var edgeInput: [Int] = []
    var edgeOutput: [Int] = []
    var edgeSlot: [Int] = []
    var degree = [Int](repeating: 0, count: inputs)
    for (j, list) in inputsOfOutput.enumerated() {
      precondition(Set(list.map(\.input)).count == list.count, "output \(j) lists an input twice")
      for (i, slot) in list {
        precondition(i >= 0 && i < inputs && slot >= 0, "edge (\(i), \(j)) slot \(slot) out of range")
        edgeInput.append(i)
        edgeOutput.append(j)
        edgeSlot.append(slot)
        degree[i] += 1
      }
      start.append(edgeInput.count)
    }
    var inputStart = [0]
    for d in degree { inputStart.append(inputStart.last! + d) }
    var fill = Array(inputStart.dropLast())
    var inputEdges = [Int](repeating: 0, count: edgeInput.count)
    for e in edgeInput.indices {
      inputEdges[fill[edgeInput[e]]] = e
      fill[edgeInput[e]] += 1
    }
    outputStart = start
    self.edgeInput = edgeInput
    self.edgeOutput = edgeOutput
    self.edgeSlot = edgeSlot
    self.inputStart = inputStart
    self.inputEdges = inputEdges
    slotCount = (edgeSlot.max() ?? -1) + 1
  }

  /// Every input connected to every output; edge `j·inputs + i` has slot `i·outputs + j` (the
  /// `LayerValues` layout).
  public static func dense(inputs: Int, outputs: Int) -> Connectivity {
    Connectivity(
      inputs: inputs,
      inputsOfOutput: (0..<outputs).map { j in (0..<inputs).map { i in (input: i, slot: i * outputs + j) } })
  }

  /// Every input connected to every output, with per-edge values in PyTorch's dense-weight layout
  /// `[out, in]`: edge `j·inputs + i` has slot `j·inputs + i`, so a `Dense` layer's weights bind
  /// to `w` without a transpose.
  public static func denseOutputMajor(inputs: Int, outputs: Int) -> Connectivity {
    Connectivity(
      inputs: inputs,
      inputsOfOutput: (0..<outputs).map { j in (0..<inputs).map { i in (input: i, slot: j * inputs + i) } })
  }
}
