import Networks
import Testing

@Suite struct SyntheticShapesTests {
  @Test func deterministicPerSeed() {
    for seed: UInt64 in [0, 1, 42] {
      let a = SyntheticShapes.make(count: 20, size: .small, seed: seed)
      let b = SyntheticShapes.make(count: 20, size: .small, seed: seed)
      #expect(a.inputs.scalars.map(\.bitPattern) == b.inputs.scalars.map(\.bitPattern), "seed \(seed)")
      #expect(a.labels == b.labels, "seed \(seed)")
      // Image i depends only on (seed, i): a shorter run is a prefix of a longer one.
      let c = SyntheticShapes.make(count: 7, size: .small, seed: seed)
      #expect(c == a.subset(Array(0..<7)), "seed \(seed)")
      let other = SyntheticShapes.make(count: 20, size: .small, seed: seed + 1000)
      #expect(other.inputs != a.inputs, "seed \(seed)")
    }
    let p = SyntheticShapes.makeTwoObjects(count: 5, size: .cifar, seed: 3)
    #expect(p == SyntheticShapes.makeTwoObjects(count: 5, size: .cifar, seed: 3))
    #expect(p != SyntheticShapes.makeTwoObjects(count: 5, size: .cifar, seed: 4))
  }

  @Test func shapesRangeAndBalance() {
    let cifar = SyntheticShapes.make(count: 100, size: .cifar, seed: 7)
    #expect(cifar.inputs.shape == [100, 3, 32, 32])
    #expect(cifar.inputs.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect((0..<10).map { c in cifar.labels.filter { $0 == c }.count } == Array(repeating: 10, count: 10))
    let small = SyntheticShapes.make(count: 95, size: .small, seed: 8)
    #expect(small.inputs.shape == [95, 1, 16, 16])
    #expect(small.inputs.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
    let counts = (0..<10).map { c in small.labels.filter { $0 == c }.count }
    #expect(counts.allSatisfy { $0 == 9 || $0 == 10 } && counts.reduce(0, +) == 95, "\(counts)")
  }

  /// With noise 0, every pixel outside both masks has one background colour and every pixel inside
  /// a mask differs from it (mean over channels ≥ 0.35/2); the masks are disjoint, non-empty and
  /// lie in opposite halves.
  @Test(arguments: [SyntheticShapes.Size.cifar, .small])
  func masksCoverTheirObjects(size: SyntheticShapes.Size) {
    let d = SyntheticShapes.makeTwoObjects(count: 40, size: size, seed: 11, noise: 0)
    let (c, h, w) = (size.channels, size.height, size.width)
    #expect(d.masks.shape == [40, 2, h, w])
    for n in 0..<40 {
      #expect(d.labels[n][0] != d.labels[n][1], "image \(n)")
      let m0 = d.mask(n, object: 0).scalars
      let m1 = d.mask(n, object: 1).scalars
      #expect(m0.contains(1) && m1.contains(1), "image \(n)")
      #expect(!zip(m0, m1).contains { $0 == 1 && $1 == 1 }, "image \(n)")
      func colour(_ p: Int) -> [Float] { (0..<c).map { d.inputs.scalars[((n * c) + $0) * h * w + p] } }
      let outside = (0..<(h * w)).filter { m0[$0] == 0 && m1[$0] == 0 }
      let background = colour(outside[0])
      #expect(outside.allSatisfy { colour($0) == background }, "image \(n)")
      for p in 0..<(h * w) where m0[p] == 1 || m1[p] == 1 {
        let diff = zip(colour(p), background).map { abs($0 - $1) }.reduce(0, +) / Float(c)
        #expect(diff >= 0.17, "image \(n) pixel \(p)")
      }
      // Opposite halves: the bounding boxes do not overlap.
      func box(_ m: [Float]) -> (Int, Int, Int, Int) {
        let on = (0..<(h * w)).filter { m[$0] == 1 }
        return (
          on.map { $0 / w }.min() ?? 0, on.map { $0 / w }.max() ?? 0, on.map { $0 % w }.min() ?? 0,
          on.map { $0 % w }.max() ?? 0
        )
      }
      let (a, b) = (box(m0), box(m1))
      #expect(a.1 < b.0 || b.1 < a.0 || a.3 < b.2 || b.3 < a.2, "image \(n)")
    }
  }

  /// The class is not readable from the mean colour: a nearest-centroid classifier on per-channel
  /// means stays near chance (0.1).
  @Test func meanColourDoesNotGiveTheClassAway() {
    let train = SyntheticShapes.make(count: 400, size: .cifar, seed: 21)
    let test = SyntheticShapes.make(count: 200, size: .cifar, seed: 22)
    func means(_ d: LabeledImages, _ n: Int) -> [Float] {
      (0..<3).map { ch in
        let start = (n * 3 + ch) * 1024
        return d.inputs.scalars[start..<(start + 1024)].reduce(0, +) / 1024
      }
    }
    var centroids = [[Float]](repeating: [0, 0, 0], count: 10)
    for n in 0..<train.count {
      let m = means(train, n)
      for ch in 0..<3 { centroids[train.labels[n]][ch] += m[ch] / 40 }
    }
    var correct = 0
    for n in 0..<test.count {
      let m = means(test, n)
      let distances = centroids.map { c in zip(c, m).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
      if distances.firstIndex(of: distances.min() ?? 0) == test.labels[n] { correct += 1 }
    }
    #expect(Double(correct) / Double(test.count) < 0.25, "accuracy \(correct)/\(test.count)")
  }

  @Test func stratifiedSplit() {
    let d = SyntheticShapes.make(count: 100, size: .small, seed: 5)
    let (train, heldOut) = d.split(heldOutFraction: 0.2, seed: 9)
    #expect(train.count == 80 && heldOut.count == 20)
    #expect((0..<10).allSatisfy { c in heldOut.labels.filter { $0 == c }.count == 2 })
    let again = d.split(heldOutFraction: 0.2, seed: 9)
    #expect(again.heldOut == heldOut && again.train == train)
    #expect(d.split(heldOutFraction: 0.2, seed: 10).heldOut != heldOut)
    // Every image lands in exactly one part: compare multisets of per-image sums.
    let stride = 256
    func sums(_ x: LabeledImages) -> [Float] {
      (0..<x.count).map { n in x.inputs.scalars[(n * stride)..<((n + 1) * stride)].reduce(0, +) }
    }
    #expect((sums(train) + sums(heldOut)).sorted() == sums(d).sorted())
  }
}
