/// An abstract sign: the set of signs (`−`, `0`, `+`) a quantity may take.
///
/// The empty set means "undefined" (e.g. the reciprocal of a value that is always zero). All
/// operations over-approximate: the true sign of the result is always in the returned set.
public struct SignSet: OptionSet, Sendable, Hashable, CustomStringConvertible {
  /// The raw bit mask.
  public let rawValue: UInt8
  /// Creates a set from its bit mask.
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  /// The value may be negative.
  public static let negative = SignSet(rawValue: 1)
  /// The value may be zero.
  public static let zero = SignSet(rawValue: 2)
  /// The value may be positive.
  public static let positive = SignSet(rawValue: 4)
  /// `≥ 0`.
  public static let nonNegative: SignSet = [.zero, .positive]
  /// `≤ 0`.
  public static let nonPositive: SignSet = [.negative, .zero]
  /// `≠ 0`.
  public static let nonZero: SignSet = [.negative, .positive]
  /// Any sign.
  public static let any: SignSet = [.negative, .zero, .positive]

  /// The sign of a number.
  public init(of x: Double) {
    self = x > 0 ? .positive : x < 0 ? .negative : .zero
  }

  /// `true` when every possible value is `≥ 0`.
  public var isNonNegative: Bool { isSubset(of: .nonNegative) }
  /// `true` when every possible value is `≤ 0`.
  public var isNonPositive: Bool { isSubset(of: .nonPositive) }

  /// `{−, 0, +}` notation.
  public var description: String {
    "{" + [(SignSet.negative, "−"), (.zero, "0"), (.positive, "+")].filter { contains($0.0) }.map(\.1).joined(separator: ",") + "}"
  }

  /// Signs of `−x`.
  public var negated: SignSet {
    var r: SignSet = intersection(.zero)
    if contains(.positive) { r.insert(.negative) }
    if contains(.negative) { r.insert(.positive) }
    return r
  }

  /// Signs of `x + y`.
  public static func + (x: SignSet, y: SignSet) -> SignSet {
    if x.isEmpty || y.isEmpty { return [] }
    if x == .zero { return y }
    if y == .zero { return x }
    var r: SignSet = []
    if x.contains(.zero) && y.contains(.zero) { r.insert(.zero) }
    if x.contains(.positive) || y.contains(.positive) { r.insert(.positive) }
    if x.contains(.negative) || y.contains(.negative) { r.insert(.negative) }
    // Opposite signs can cancel to zero.
    if (x.contains(.positive) && y.contains(.negative)) || (x.contains(.negative) && y.contains(.positive)) {
      r.insert(.zero)
    }
    return r
  }

  /// Signs of `x · y`.
  public static func * (x: SignSet, y: SignSet) -> SignSet {
    var r: SignSet = []
    for (a, sa) in [(SignSet.negative, -1), (.zero, 0), (.positive, 1)] where x.contains(a) {
      for (b, sb) in [(SignSet.negative, -1), (.zero, 0), (.positive, 1)] where y.contains(b) {
        r.insert(SignSet(of: Double(sa * sb)))
      }
    }
    return r
  }

  /// Signs of `1/x` where it is defined (zero removed).
  public var reciprocal: SignSet { subtracting(.zero) }

  /// Signs of `x^n`.
  public func power(_ n: Int) -> SignSet {
    var base = self
    if n < 0 { base = reciprocal }
    if n == 0 { return base.isEmpty ? [] : .positive }
    guard n % 2 == 0 else { return base }
    var r = base.intersection(.zero)
    if !base.intersection(.nonZero).isEmpty { r.insert(.positive) }
    return r
  }

  /// Signs of a sum of one or more terms, each with signs in `self`.
  public var summed: SignSet { self + self }

  /// Signs of `f(x)` (see `Function` for the conventions; `sign(0) = +1`, `stab(0) = δ > 0`,
  /// `sstab(0) = ε_Z > 0`).
  public func applying(_ f: Function) -> SignSet {
    var r: SignSet = []
    let pos = contains(.positive)
    let neg = contains(.negative)
    let zero = contains(.zero)
    switch f {
    case .pos, .relu:
      if pos { r.insert(.positive) }
      if neg || zero { r.insert(.zero) }
    case .neg:
      if neg { r.insert(.negative) }
      if pos || zero { r.insert(.zero) }
    case .step:
      if pos { r.insert(.positive) }
      if neg || zero { r.insert(.zero) }
    case .abs:
      if pos || neg { r.insert(.positive) }
      if zero { r.insert(.zero) }
    case .sign, .stab, .sstab, .pcount:
      if pos || zero { r.insert(.positive) }
      if neg { r.insert(.negative) }
    }
    return r
  }
}
