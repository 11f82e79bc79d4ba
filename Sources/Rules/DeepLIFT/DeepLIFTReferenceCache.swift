import Foundation
import Networks

/// The reference input's activations at every layer boundary, kept for the last network and
/// reference a `DeepLIFT` value saw, so repeated calls (batches of one image, a sanity-check
/// loop) do not run the reference through the network again.
///
/// A hit needs equal layers and an equal reference (`Equatable`, which compares array buffers by
/// identity first, so an unchanged network costs `O(layers)`). Thread-safe (one lock).
final class DeepLIFTReferenceCache: @unchecked Sendable {
  private struct Entry {
    let layers: [Layer]
    let reference: Tensor
    let activations: [Tensor]
  }

  private let lock = NSLock()
  private var entry: Entry?

  /// `[a_0(x⁰), a_1(x⁰), …, a_{top+1}(x⁰)]`: the reference batch `reference` and its activations
  /// after layers `0…top` of `network`.
  /// - Complexity: one forward pass of the reference through `top + 1` layers on a miss.
  func activations(network: Network, reference: Tensor, through top: Int) -> [Tensor] {
    lock.lock()
    let cached = entry
    lock.unlock()
    if let cached, cached.activations.count >= top + 2, cached.reference == reference, cached.layers == network.layers {
      return Array(cached.activations.prefix(top + 2))
    }
    var activations = [reference]
    activations.reserveCapacity(top + 2)
    for l in 0...top { activations.append(network.layers[l].forward(activations[l])) }
    lock.lock()
    entry = Entry(layers: network.layers, reference: reference, activations: activations)
    lock.unlock()
    return activations
  }
}
