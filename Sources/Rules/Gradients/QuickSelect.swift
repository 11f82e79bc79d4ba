/// Order statistics without a full sort.
enum QuickSelect {
  /// The `k`-th smallest (0-based) of `count` values, reordering them in place (quickselect with
  /// a median-of-three pivot and a three-way partition, iterative).
  ///
  /// NaNs are not supported (the values are products of finite activations and gradients).
  /// - Precondition: `0 ≤ k < count`.
  /// - Complexity: `O(count)` expected.
  static func kthSmallest(_ a: UnsafeMutablePointer<Float>, count: Int, k: Int) -> Float {
    precondition(k >= 0 && k < count, "kthSmallest: k \(k) out of 0..<\(count)")
    var lo = 0
    var hi = count - 1
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      let x = a[lo], y = a[mid], z = a[hi]
      let pivot = max(min(x, y), min(max(x, y), z))
      // Three-way partition of a[lo...hi]: < pivot | == pivot | > pivot.
      var lt = lo
      var i = lo
      var gt = hi
      while i <= gt {
        let v = a[i]
        if v < pivot {
          a.swapAt(lt, i)
          lt += 1
          i += 1
        } else if v > pivot {
          a.swapAt(i, gt)
          gt -= 1
        } else {
          i += 1
        }
      }
      if k < lt {
        hi = lt - 1
      } else if k > gt {
        lo = gt + 1
      } else {
        return pivot
      }
    }
    return a[lo]
  }
}

extension UnsafeMutablePointer where Pointee == Float {
  /// Exchanges elements `i` and `j`.
  @inline(__always) fileprivate func swapAt(_ i: Int, _ j: Int) {
    let t = self[i]
    self[i] = self[j]
    self[j] = t
  }
}
