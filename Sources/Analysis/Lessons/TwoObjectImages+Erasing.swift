import Networks

extension TwoObjectImages {
  /// The images with object `object` (0 or 1) painted over by the background: every pixel of its
  /// mask gets, per channel, the mean of the pixels outside both masks (the uniform background
  /// colour plus zero-mean noise). Labels and masks are kept; the erased object's mask now marks
  /// background.
  /// - Complexity: O(N·C·H·W).
  public func erasing(object: Int) -> TwoObjectImages {
    precondition(object == 0 || object == 1, "erasing: object must be 0 or 1")
    var result = self
    let (n, c) = (inputs.shape[0], inputs.shape[1])
    let plane = masks.shape[2] * masks.shape[3]
    for i in 0..<n {
      let erased = mask(i, object: object).scalars, kept = mask(i, object: 1 - object).scalars
      for ch in 0..<c {
        let base = (i * c + ch) * plane
        var sum = 0.0, count = 0
        for p in 0..<plane where erased[p] == 0 && kept[p] == 0 {
          sum += Double(inputs.scalars[base + p])
          count += 1
        }
        let background = Float(count > 0 ? sum / Double(count) : 0)
        for p in 0..<plane where erased[p] > 0 { result.inputs.scalars[base + p] = background }
      }
    }
    return result
  }
}
