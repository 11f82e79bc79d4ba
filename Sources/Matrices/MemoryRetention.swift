import CKernels

/// Keeps freed heap memory in the process for reuse, so that the large, short-lived buffers of
/// batched network passes (activations, gradients, GEMM pack buffers) do not pay for fresh pages.
///
/// glibc's defaults return freed memory above 128 KiB (dynamically raised up to 32 MiB) to the
/// kernel, and large blocks freed on worker threads are unmapped or trimmed from their arenas.
/// Every new buffer then costs a page fault and zero-filling per 4 KiB on first touch: on the
/// 2-core target VM that made a traced forward pass of the CIFAR-10 network at batch 32 cost
/// about twice an untraced one (128 k against 39 k page faults over `bench forward`). Setting
/// both thresholds explicitly (which also ends glibc's dynamic adjustment) keeps up to
/// `trimThreshold` free bytes per heap and serves blocks below `mmapThreshold` from the heap.
///
/// The settings are process-wide and change no result, only where memory comes from; the price
/// is that a process keeps up to `trimThreshold` of freed memory per malloc arena mapped.
public enum MemoryRetention {
  /// Free bytes a heap keeps before trimming (256 MiB).
  public static let trimThreshold = 1 << 28
  /// Blocks below this size come from the heap (32 MiB, glibc's upper limit on 64-bit).
  public static let mmapThreshold = 1 << 25

  /// Whether the allocator accepted the settings (always `false` off glibc).
  private static let applied: Bool = bp_retain_freed_memory(trimThreshold, mmapThreshold) == 1

  /// Applies the settings once per process; later calls only return the first call's outcome.
  /// Called by the network passes and `GEMM` before they allocate, so callers need not.
  /// - Returns: whether the allocator accepted them.
  /// - Complexity: O(1) (one `mallopt` pair on the first call).
  @discardableResult
  public static func enable() -> Bool { applied }
}
