extension ColorMap {
  /// matplotlib's `seismic`: dark blue `(0, 0, 0.3)` → blue `(0, 0, 1)` → white at 0.5 → red
  /// `(1, 0, 0)` → dark red `(0.5, 0, 0)`, anchors evenly spaced at 0, ¼, ½, ¾, 1. Diverging.
  /// iNNvestigate's examples draw heatmaps with it.
  public static let seismic = ColorMap(name: "seismic", anchors: [
    Anchor(0, 0, 0, 0.3), Anchor(0.25, 0, 0, 1), Anchor(0.5, 1, 1, 1), Anchor(0.75, 1, 0, 0), Anchor(1, 0.5, 0, 0),
  ], isDiverging: true)

  /// matplotlib's `bwr`: blue `(0, 0, 1)` → white at 0.5 → red `(1, 0, 0)`. Diverging.
  public static let bwr = ColorMap(name: "bwr", anchors: [
    Anchor(0, 0, 0, 1), Anchor(0.5, 1, 1, 1), Anchor(1, 1, 0, 0),
  ], isDiverging: true)

  /// `coldnhot`, the LRP-toolbox map used by iNNvestigate-era LRP papers and Zennit: with
  /// `s = 2t − 1`, negative side `cold(−s) = (0, 2|s| − 1, 2|s|)` and positive side
  /// `hot(s) = (3s, 3s − 1, 3s − 2)`, each clamped to [0, 1]. Anchors: cyan `(0, 1, 1)` at 0,
  /// blue at ¼, black at ½, red at ⅔, yellow at ⅚, white at 1. Diverging, black at zero.
  public static let coldnhot = ColorMap(name: "coldnhot", anchors: [
    Anchor(0, 0, 1, 1), Anchor(0.25, 0, 0, 1), Anchor(0.5, 0, 0, 0),
    Anchor(4.0 / 6, 1, 0, 0), Anchor(5.0 / 6, 1, 1, 0), Anchor(1, 1, 1, 1),
  ], isDiverging: true)

  /// Gray: black at 0 → white at 1. Sequential.
  public static let gray = ColorMap(name: "gray", anchors: [Anchor(0, 0, 0, 0), Anchor(1, 1, 1, 1)], isDiverging: false)

  /// `hot` as in the LRP toolbox: `(3t, 3t − 1, 3t − 2)` clamped — black → red at ⅓ → yellow
  /// at ⅔ → white. Sequential; for non-negative maps (abs-max post-processing).
  public static let hot = ColorMap(name: "hot", anchors: [
    Anchor(0, 0, 0, 0), Anchor(1.0 / 3, 1, 0, 0), Anchor(2.0 / 3, 1, 1, 0), Anchor(1, 1, 1, 1),
  ], isDiverging: false)

  /// A viridis-like sequential map: matplotlib's viridis sampled at 0, ¼, ½, ¾, 1 — dark violet
  /// `(0.267, 0.005, 0.329)`, blue `(0.230, 0.322, 0.546)`, teal `(0.128, 0.567, 0.551)`, green
  /// `(0.369, 0.789, 0.383)`, yellow `(0.993, 0.906, 0.144)` — and interpolated linearly
  /// (perceptually close to, not identical with, viridis).
  public static let viridis = ColorMap(name: "viridis", anchors: [
    Anchor(0, 0.267004, 0.004874, 0.329415), Anchor(0.25, 0.229739, 0.322361, 0.545706),
    Anchor(0.5, 0.127568, 0.566949, 0.550556), Anchor(0.75, 0.369214, 0.788888, 0.382914),
    Anchor(1, 0.993248, 0.906157, 0.143936),
  ], isDiverging: false)

  /// Every built-in map, in the order above.
  public static let builtins: [ColorMap] = [.seismic, .bwr, .coldnhot, .gray, .hot, .viridis]

  /// The built-in map with this name, or `nil`.
  public static func named(_ name: String) -> ColorMap? { builtins.first { $0.name == name } }
}
