// The z⁺ rule by hand: a 3-layer ReLU network with small integer weights, its z⁺ local matrices
// (derived by the Symbolic engine from the rule text), their product, and the columns of that
// product lining up until every class gets the same map. The gradient on the same network is the
// contrast. The theory is Proofs/theorem-1-rank-one.md.
import BackpropAudit
import Foundation

// MARK: - Printing helpers

func fmt(_ x: Double, _ width: Int = 8, _ digits: Int = 4) -> String {
  String(format: "%\(width).\(digits)f", x)
}

func show(_ m: Matrix, indent: String = "    ") {
  for i in 0..<m.rows { print(indent + (0..<m.columns).map { fmt(m[i, $0]) }.joined(separator: " ")) }
}

/// The smallest cosine between two columns (1 = all columns parallel).
func minColumnCosine(_ m: Matrix) -> Double {
  let c = m.columnCosineSimilarities()
  var smallest = 1.0
  for k in 0..<m.columns { for l in 0..<k where !c[k, l].isNaN { smallest = min(smallest, c[k, l]) } }
  return smallest
}

/// σ₂/σ₁ from the singular value decomposition.
func sigmaRatio(_ m: Matrix) -> Double {
  let s = m.svd().singularValues
  return s.count > 1 && s[0] > 0 ? s[1] / s[0] : 0
}

// MARK: - The network

// Weights in the PyTorch layout [out, in]. Bias-free, as in the theory (paper-digest §2.1).
let weights: [Matrix] = [
  Matrix([[-1, 1, 3, 2], [0, 3, 3, -2], [-1, 2, 3, 3], [0, 1, -2, 2]]),
  Matrix([[1, 3, -1, 3], [1, -2, 3, -1], [0, -2, 1, 2], [1, -2, 3, 3]]),
  Matrix([[3, 2, 1, 3], [1, -2, -2, 1], [1, -2, 0, 1]]),
]
let x: [Double] = [1, 2, 1, 3]

print("""
  z⁺ BY HAND
  ==========
  A bias-free ReLU network 4 → 4 → 4 → 3 with integer weights W₁, W₂, W₃ (rows = outputs),
  and the input x = \(x.map { Int($0) }).

  """)
var activations: [[Double]] = [x]  // a₀ = x, a₁, a₂ (post-ReLU), then the logits
var preActivations: [[Double]] = []
for (l, w) in weights.enumerated() {
  let z = w * activations[l]
  preActivations.append(z)
  let isLogits = l == weights.count - 1
  activations.append(isLogits ? z : z.map { max($0, 0) })
  print("W\(l + 1) =")
  show(w)
  print("  z\(l + 1) = W\(l + 1)·a\(l) = \(z.map { Int($0) })" + (isLogits ? "   (logits f(x))" : "   → a\(l + 1) = relu(z\(l + 1))"))
}
let logits = activations[weights.count]

// MARK: - Local matrices from the rule language

let zplusEntry = RuleCatalogue.entry("zplus")!
let gradientEntry = RuleCatalogue.entry("gradient")!
print("""

  THE LOCAL MATRICES
  ------------------
  The catalogue's z⁺ rule, in the rule language:
    \(zplusEntry.text)
  The Symbolic engine differentiates it with respect to R[j] (Rule.localEntry):
    C_ij = \(zplusEntry.rule.localEntry.unicode)
  and evaluates that entry on each layer's values (Expr.matrix(in:) on LayerValues.dense), with
  eps = 0: the exact z⁺ rule. Row i = layer input, column j = layer output, so r_below = C · r_above.
  For the gradient the same engine turns "\(gradientEntry.text)" into
    C_ij = \(gradientEntry.rule.localEntry.unicode).

  """)

/// The local matrix of a catalogue rule at layer `l` (0-based), evaluated by the Symbolic engine.
func localMatrix(_ entry: CatalogueEntry, layer l: Int, input a: [Double]) -> Matrix {
  let w = weights[l]
  // LayerValues stores w[i, j] input-major: index i * outputs + j, i.e. the transpose of [out, in].
  let layer = LayerValues.dense(
    a: a, w: w.transposed().scalars, b: [Double](repeating: 0, count: w.rows), parameters: ["eps": 0])
  var m = Matrix(rows: w.columns, columns: w.rows, scalars: entry.rule.localEntry.matrix(in: layer))
  // The logit layer has no ReLU: its gradient passes every output (paper-digest §3.1, M_n = I).
  if entry.id == "gradient" && l == weights.count - 1 { m = w.transposed() }
  return m
}

let layerInputs = activations
let zplus = (0..<weights.count).map { localMatrix(zplusEntry, layer: $0, input: layerInputs[$0]) }
let gradient = (0..<weights.count).map { localMatrix(gradientEntry, layer: $0, input: layerInputs[$0]) }

for (l, c) in zplus.enumerated() {
  let sums = (0..<c.columns).map { j in (0..<c.rows).reduce(0) { $0 + c[$1, j] } }
  print("C\(l + 1) (z⁺, \(c.rows)×\(c.columns)): every entry ≥ 0: \(c.scalars.allSatisfy { $0 >= 0 })")
  show(c)
  print("    column sums \(sums.map { fmt($0, 6, 3) }.joined(separator: " "))   (conservation: Σᵢ C_ij = 1)")
  print("    Birkhoff τ(C\(l + 1)) = tanh(Δ/4) = \(fmt(c.birkhoffContraction, 6))" + (c.birkhoffContraction == 1 ? "  (zeros in different places: no guaranteed contraction)" : ""))
}
print("""

  The zeros come from negative weights (w⁺ = 0) and are why a single factor need not contract.
  Products fill them in: a product entry is positive as soon as some path of positive weights joins i and j.

  """)

// MARK: - The products, step by step

print("""
  THE PRODUCTS P_k = C₁ ⋯ C_k
  ---------------------------
  Column j of P_k is the input relevance you get by putting relevance 1 on unit j of layer k.
  Every new factor on the right mixes the old columns with non-negative weights, so the cone of columns
  can only shrink (Theorem 1). Watch the smallest cosine between columns and σ₂/σ₁:

       k    z⁺: min cos    σ₂/σ₁     τ(P_k)  │  gradient: min cos    σ₂/σ₁
  """)
var productZ = Matrix.identity(x.count)
var productG = Matrix.identity(x.count)
for k in 0..<weights.count {
  productZ = productZ * zplus[k]
  productG = productG * gradient[k]
  print(
    "    \(k + 1)    \(fmt(minColumnCosine(productZ), 10, 6))  \(fmt(sigmaRatio(productZ), 9, 5))  \(fmt(productZ.birkhoffContraction, 9, 5))  │  \(fmt(minColumnCosine(productG), 10, 6))  \(fmt(sigmaRatio(productG), 9, 5))"
  )
}
print("\nP₃ (z⁺, input × logits):")
show(productZ)
print("Gradient product (input × logits), i.e. the Jacobian transposed:")
show(productG)

// MARK: - What it means for the explanations

print("""

  ONE MAP FOR EVERY CLASS
  -----------------------
  Explaining class k starts from r₃ = f_k(x)·e_k, so the z⁺ map is f_k(x) times column k of P₃.
  The logits are f(x) = \(logits.map { Int($0) }).

  class   f_k(x)   z⁺ map r₀ = f_k·P₃e_k                 gradient map ∇f_k
  """)
for k in 0..<logits.count {
  let zMap = productZ.column(k).map { logits[k] * $0 + 0 }  // + 0 turns −0 into 0
  let gMap = productG.column(k)
  print(
    "    \(k + 1)   \(fmt(logits[k], 6, 0))   [\(zMap.map { fmt($0, 7, 2) }.joined(separator: " "))]   [\(gMap.map { fmt($0, 5, 0) }.joined(separator: " "))]"
  )
}
let zCos = productZ.columnCosineSimilarities()
let gCos = productG.columnCosineSimilarities()
print("""

  cosines between the class maps (|cos|: the sign of f_k is free):
    z⁺:        classes 1–2 \(fmt(abs(zCos[0, 1]), 8, 6)), 1–3 \(fmt(abs(zCos[0, 2]), 8, 6)), 2–3 \(fmt(abs(zCos[1, 2]), 8, 6))
    gradient:  classes 1–2 \(fmt(abs(gCos[0, 1]), 8, 6)), 1–3 \(fmt(abs(gCos[0, 2]), 8, 6)), 2–3 \(fmt(abs(gCos[1, 2]), 8, 6))

  After only three layers the z⁺ maps of all three classes point the same way. Explaining class 2 gives
  the class-1 picture scaled by f₂/f₁ (negative here, so the map is also sign-flipped). The
  gradient's maps stay different. Its local matrices have entries of both signs, the cone argument
  does not apply, and later layers still matter.
  The z⁺ columns each sum to 1 (conservation), so the common map is a fixed distribution ĉ and
  r₀ ≈ ĉ·f_k(x) (Proofs/conservation.md, corollary C3).
  """)
