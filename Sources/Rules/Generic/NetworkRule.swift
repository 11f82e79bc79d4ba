import Networks
import Symbolic

/// A method written in the rule language, as it runs on a network: which rule each layer kind
/// gets, how the logits are seeded, and the parameter values.
///
/// Layer by layer (paper-digest §2.3, §3.11; Zennit's layer map):
///
/// | layer | what runs |
/// |---|---|
/// | dense, conv | `rule(forLinearLayer:)`: `first`, `last`, `dense`/`conv`, else `linear` |
/// | ReLU | `activation`, evaluated on the ReLU seen as an element-wise layer: `w[i,j] = 1` for `i = j`, `b = 0`, `a[i] = z[j]` = the ReLU's input (`a0 = z0` = the reference's), `R[j]` at the ReLU's output |
/// | average pool | `averagePool` on the pool as a fixed linear layer (`w = 1/(kh·kw)` on the window, `b = 0`, `z` = the pool output) |
/// | max pool | winner-take-all: each output's relevance goes to its traced arg-max (no rule) |
/// | flatten | identity (a reshape) |
///
/// So a rule that describes "a linear layer followed by its ReLU" (the catalogue's gradient-type
/// texts, e.g. gradient `w[i,j]*step(z[j])*R[j]`, `C = W·M`) is split: the linear layer runs the
/// linear part (`w[i,j]*R[j]`) and the ReLU runs the text itself, on the element-wise layer, which
/// yields `M`. The product is the same `C`, and a linear layer without a ReLU above it (the
/// logits) gets `M = I`, as in paper-digest §2.1.
public struct NetworkRule: Sendable {
  /// The method's name (command-line name for built-ins).
  public var name: String
  /// How a class explanation seeds the logits: `.logitValue` for LRP-type rules (relevance,
  /// `R = e_c·f_c(x)`), `.unit` for gradient-type rules (`R = e_c`).
  public var seed: LogitSeed
  /// The rule of every dense or conv layer not overridden below.
  public var linear: Rule
  /// The rule of the first dense/conv layer (e.g. DTD zᴮ), if different.
  public var first: Rule?
  /// The rule of the last dense/conv layer (e.g. DTD w² on the logits), if different.
  public var last: Rule?
  /// The rule of dense layers that are neither first nor last with an override (LRP CMP: ε).
  public var dense: Rule?
  /// The rule of conv layers that are neither first nor last with an override (LRP CMP: αβ).
  public var conv: Rule?
  /// The rule at ReLU layers (`R[i] = sum_j(w[i,j]*R[j])` passes relevance through).
  public var activation: Rule
  /// The rule at average-pool layers.
  public var averagePool: Rule
  /// Parameter values (`eps`, `alpha`, …) for every rule above.
  public var parameters: [String: Double]
  /// RectGrad's post-operation at ReLU outputs, if any (see `SignalThreshold`).
  public var threshold: SignalThreshold?
  /// Whether the dense/conv rules contain the ReLU above them (DeepLIFT RevealCancel, whose
  /// multipliers `m±` need the layer's own `Δz±`). Then a dense/conv layer runs its rule only where
  /// the propagation passes through the ReLU directly above it (else `pass`, the linear rule
  /// `Wᵀm`), that ReLU passes the signal unchanged, and a ReLU not directly above a dense/conv
  /// layer runs `activation`. So the value at a folded ReLU's input is the multiplier of its output.
  public var foldsActivation = false

  /// Creates a method from its parts; unset overrides fall back to `linear`.
  public init(
    name: String, seed: LogitSeed, linear: Rule, first: Rule? = nil, last: Rule? = nil, dense: Rule? = nil,
    conv: Rule? = nil, activation: Rule = NetworkRule.pass, averagePool: Rule = NetworkRule.pass,
    parameters: [String: Double] = [:], threshold: SignalThreshold? = nil
  ) {
    self.name = name
    self.seed = seed
    self.linear = linear
    self.first = first
    self.last = last
    self.dense = dense
    self.conv = conv
    self.activation = activation
    self.averagePool = averagePool
    self.parameters = parameters
    self.threshold = threshold
  }

  /// `R[i] = sum_j(w[i,j]*R[j])`: the transpose of the layer's weights (the gradient of a linear
  /// layer; on a ReLU's element-wise layer, pass-through).
  public static let pass = builtIn("R[i] = sum_j(w[i,j]*R[j])")

  static func builtIn(_ text: String) -> Rule {
    do { return try Rule(parsing: text, assumptions: .unconstrained, source: "built-in rule") } catch {
      preconditionFailure("built-in rule does not parse: \(error)")
    }
  }

  /// The rule of the dense/conv layer `index` of `network`.
  /// - Precondition: `network.layers[index]` is dense or conv.
  public func rule(forLinearLayer index: Int, of network: Network) -> Rule {
    let linearIndices = network.layers.indices.filter {
      switch network.layers[$0] {
      case .dense, .conv2d: true
      default: false
      }
    }
    precondition(linearIndices.contains(index), "layer \(index) is not dense or conv")
    if index == linearIndices.first, let first { return first }
    if index == linearIndices.last, let last { return last }
    if case .conv2d = network.layers[index], let conv { return conv }
    if case .dense = network.layers[index], let dense { return dense }
    return linear
  }

  /// Every rule the method may run, with a label for messages.
  var allRules: [(String, Rule)] {
    [("linear", linear), ("first", first), ("last", last), ("dense", dense), ("conv", conv),
     ("activation", activation), ("averagePool", averagePool)]
      .compactMap { label, rule in rule.map { (label, $0) } }
  }
}

/// RectGrad's threshold at ReLU outputs (Kim et al. 2019; paper-digest §3.8): the upper signal
/// `r` is kept only where `h ⊙ r > τ`, with `h` the ReLU output and `τ` the `percentile`-th
/// percentile of `h ⊙ r` over all units of the layer, per sample; the kept signal replaces the
/// ReLU's derivative (the authors' reverse rule returns it as is, which equals the gradient mask
/// whenever `τ ≥ 0`). `τ` is TensorFlow's `contrib.distributions.percentile` with its default
/// `nearest` interpolation, as the authors' code and the fast `RectGrad`.
public struct SignalThreshold: Sendable, Hashable {
  /// The percentile in `[0, 100]` (the authors' default 98).
  public var percentile: Double

  /// Creates a threshold.
  public init(percentile: Double) { self.percentile = percentile }

  /// `τ`: with the `n` values sorted descending, the element at `round_half_even((n − 1)·(1 − q/100))`
  /// (TensorFlow `nearest`), i.e. the ascending order statistic of that rank from the top.
  /// O(n log n).
  /// - Precondition: `values` is not empty.
  public func threshold(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "SignalThreshold: no values")
    let descending = values.sorted(by: >)
    let position = (Double(descending.count - 1) * (1 - percentile / 100)).rounded(.toNearestOrEven)
    return descending[min(max(Int(position), 0), descending.count - 1)]
  }
}
