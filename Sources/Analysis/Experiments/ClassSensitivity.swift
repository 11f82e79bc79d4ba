import Networks
import Rules

/// How one method's maps relate to the two objects of two-object images (paper-digest §6.5).
///
/// A faithful method puts the top of the map for class `c` on the object of class `c`; a
/// class-insensitive method draws the same map for both classes, so its own-object and
/// other-object overlaps are equal and the two maps are similar.
public struct ClassSensitivityScores: Sendable, Equatable {
  /// The method's name.
  public var method: String
  /// Per image, the mean over its two objects of `|top-k(map_c) ∩ mask_c| / k`, with `k` the object's
  /// pixel count.
  public var ownOverlap: [Double]
  /// Per image, the mean over its two objects of `|top-k(map_c) ∩ mask_other| / k`.
  public var otherOverlap: [Double]
  /// Per image, the similarity of the two classes' maps.
  public var mapSimilarity: [Double]
}

/// The class-sensitivity check on two-object images.
public struct ClassSensitivity: Sendable {
  /// The classifier.
  public var network: Network
  /// The images, their two labels and object masks.
  public var images: TwoObjectImages

  /// Creates the check; the images must fit the network's input.
  public init(network: Network, images: TwoObjectImages) {
    precondition(
      images.inputs.count == images.labels.count * network.inputShape.reduce(1, *),
      "ClassSensitivity: images do not fit the network input \(network.inputShape)")
    self.network = network
    self.images = images
  }

  /// Scores every method. Pixels are ranked on the method's paper heatmap (channel sum or
  /// abs-max, `HeatmapReduction.paper`): the largest values are the most relevant. A method seeded
  /// with the logit value (`LogitSeed.logitValue`, the LRP family) starts from `f_c(x) · e_c`, so a
  /// negative logit negates its whole map; such maps are multiplied by `sign f_c(x)` before ranking,
  /// so the top-k pixels are the evidence *for* class `c` whatever the sign of its logit (without
  /// this, the top of a negated map is its least relevant pixels). The map similarity is unchanged
  /// (SSIM_flip ignores the sign for the same reason).
  /// - Parameter similarity: compares the two classes' maps of one image.
  public func scores(
    _ methods: [any RelevancePropagator], similarity: SimilarityMeasure
  ) throws -> [ClassSensitivityScores] {
    let n = images.labels.count
    let inputs = Tensor(shape: [n] + network.inputShape, scalars: images.inputs.scalars)
    let checks = SanityChecks(network: network, inputs: inputs, labels: images.labels.map { $0[0] })
    let first = try checks.maps(methods, on: network, classes: images.labels.map { $0[0] })
    let second = try checks.maps(methods, on: network, classes: images.labels.map { $0[1] })
    let logits = network.trace(inputs).output
    let width = logits.count / max(n, 1)
    return methods.indices.map { m in
      var own: [Double] = [], other: [Double] = [], similar: [Double] = []
      let byLogit = methods[m].seed == .logitValue
      for i in 0..<n {
        let maps = [first[m][i], second[m][i]].enumerated().map { object, map in
          let negative = byLogit && logits.scalars[i * width + images.labels[i][object]] < 0
          return heatmap(negative ? Tensor(shape: map.shape, scalars: map.scalars.map { -$0 }) : map, method: methods[m].name)
        }
        let masks = [images.mask(i, object: 0), images.mask(i, object: 1)]
        own.append((Self.topKOverlap(maps[0], masks[0], k: masks[0]) + Self.topKOverlap(maps[1], masks[1], k: masks[1])) / 2)
        other.append((Self.topKOverlap(maps[0], masks[1], k: masks[0]) + Self.topKOverlap(maps[1], masks[0], k: masks[1])) / 2)
        similar.append(similarity.score(method: methods[m].name, first[m][i], second[m][i], imageShape: checks.imageShape))
      }
      return ClassSensitivityScores(method: methods[m].name, ownOverlap: own, otherOverlap: other, mapSimilarity: similar)
    }
  }

  /// The fraction of images whose two largest logits are exactly their two classes: how well the
  /// network sees both objects (a map cannot be class-sensitive where the network is not).
  /// - Complexity: one forward pass of the images.
  public func topTwoAccuracy() -> Double {
    let n = images.labels.count
    guard n > 0 else { return .nan }
    let logits = network.trace(Tensor(shape: [n] + network.inputShape, scalars: images.inputs.scalars)).output
    let k = logits.count / n
    var hits = 0
    for i in 0..<n {
      let row = Array(logits.scalars[(i * k)..<((i + 1) * k)])
      let best = row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(2)
      if Set(best) == Set(images.labels[i]) { hits += 1 }
    }
    return Double(hits) / Double(n)
  }

  /// The overlap a map of random pixel order gets: the mean over images and objects of the
  /// object's pixel fraction `k / (H·W)` (compare with the own- and other-object overlaps).
  public func chanceOverlap() -> Double {
    let n = images.labels.count
    guard n > 0 else { return .nan }
    var total = 0.0
    for i in 0..<n {
      for object in 0...1 {
        let mask = images.mask(i, object: object).scalars
        total += Double(mask.filter { $0 > 0 }.count) / Double(mask.count)
      }
    }
    return total / Double(2 * n)
  }

  /// The paper heatmap of one input map as an `[H, W]` tensor.
  func heatmap(_ map: Tensor, method: String) -> Tensor {
    let shape = SimilarityMeasure.imageShape(forInput: network.inputShape)
    let matrix = HeatmapReduction.paper(forMethod: method).heatmaps(Tensor(shape: shape, scalars: map.scalars))[0]
    return Tensor(shape: [shape[1], shape[2]], scalars: matrix.scalars.map(Float.init))
  }

  /// `|top-k(map) ∩ mask| / k` with `k` the number of pixels set in `sizeMask`; ties in the map are
  /// broken by pixel index (row-major), so the result is deterministic.
  public static func topKOverlap(_ map: Tensor, _ mask: Tensor, k sizeMask: Tensor) -> Double {
    precondition(map.count == mask.count && mask.count == sizeMask.count, "topKOverlap: shapes differ")
    let k = sizeMask.scalars.filter { $0 > 0 }.count
    guard k > 0 else { return .nan }
    let order = map.scalars.indices.sorted { a, b in
      map.scalars[a] != map.scalars[b] ? map.scalars[a] > map.scalars[b] : a < b
    }
    return Double(order.prefix(k).filter { mask.scalars[$0] > 0 }.count) / Double(k)
  }
}
