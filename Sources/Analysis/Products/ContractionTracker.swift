import Foundation
import Matrices
import Rules

/// Accumulates the Birkhoff bound of ``ContractionBound`` factor by factor, top down.
///
/// State: `closed`, the bound on the diameter of the product of all closed blocks (`nil` until
/// the top block has a finite diameter), and `open`, the rescaled product of the factors since
/// the last closed block. Adding a factor `F` (the next one below): `open ← F · open`; if no block
/// is closed yet and `Δ(open) < ∞`, close it with `closed = Δ(open)`; otherwise, if
/// `τ(open) < 1`, close it with `closed ← τ(open) · closed`. Non-negative factors never expand
/// Hilbert distances, so an open block contributes a factor ≤ 1 and is left out.
struct ContractionTracker {
  private(set) var active: Bool
  private(set) var closed: Double?
  private(set) var blocks = 0
  private var open: Matrix?

  /// A tracker that starts active (or never does, when `active` is false).
  init(active: Bool) { self.active = active }

  /// Takes the next factor down the chain; deactivates for operators or negative entries.
  mutating func add(_ map: LocalMap) {
    guard active else { return }
    guard let f = map.explicitMatrix, f.scalars.allSatisfy({ $0 >= 0 }) else {
      active = false
      open = nil
      return
    }
    var product = open.map { f * $0 } ?? f
    let scale = product.maxAbs
    if scale > 0 { product = product / scale }
    if let bound = closed {
      let tau = ProjectiveDiameter.contraction(product)
      if tau < 1 {
        closed = tau * bound
        blocks += 1
        open = nil
      } else {
        open = product
      }
    } else {
      let diameter = ProjectiveDiameter.of(product)
      if diameter.isFinite {
        closed = diameter
        open = nil
      } else {
        open = product
      }
    }
  }

  /// The bound at the current depth, compared with `measured` (worst `1 − cos`), or `nil` when inactive.
  func bound(measured: Double?) -> ContractionBound? {
    guard active else { return nil }
    let diameter = closed ?? .infinity
    let misalignment = Self.oneMinusSech(diameter / 2)
    var violated = false
    if let measured { violated = measured > misalignment * (1 + 1e-9) + 1e-14 }
    return ContractionBound(diameterBound: diameter, misalignmentBound: misalignment, blocks: blocks, violated: violated)
  }

  /// `1 − sech(x) = 2 sinh²(x/2) / cosh(x)` without cancellation (1 for `x = ∞`).
  static func oneMinusSech(_ x: Double) -> Double {
    if !x.isFinite { return 1 }
    let s = sinh(x / 2)
    return 2 * s * s / cosh(x)
  }
}
