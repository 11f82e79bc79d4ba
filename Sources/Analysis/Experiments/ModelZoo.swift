import Foundation
import Matrices
import Networks

/// The built-in networks every analysis can run on without downloads.
public enum ZooNetwork: String, Sendable, CaseIterable {
  /// A random He-initialised ReLU MLP on flattened 16×16 synthetic images (256-256-256-256-10).
  case randomMLP = "random-mlp"
  /// The paper's CIFAR-10 architecture with random He weights.
  case randomCNN = "random-cnn"
  /// `Network.smallCNN` trained on the 16×16 synthetic shapes.
  case trainedCNN = "trained-cnn"
  /// The paper's CIFAR-10 architecture trained on the 32×32 colour synthetic shapes.
  case trainedCIFARCNN = "trained-cifar-cnn"

  /// Whether the network is trained (and therefore cached on disk).
  public var isTrained: Bool { self == .trainedCNN || self == .trainedCIFARCNN }

  /// The synthetic image size the network reads.
  public var imageSize: SyntheticShapes.Size {
    switch self {
    case .randomMLP, .trainedCNN: .small
    case .randomCNN, .trainedCIFARCNN: .cifar
    }
  }
}

/// A zoo network with the data it is explained on.
public struct ZooModel: Sendable {
  /// Which built-in network this is.
  public var kind: ZooNetwork
  /// The network.
  public var network: Network
  /// Held-out images `[N, C, H, W]` (never trained on) and their labels.
  public var heldOut: LabeledImages
  /// Held-out accuracy of a trained network; `nil` for random ones.
  public var heldOutAccuracy: Double?
  /// The training recipe (samples, epochs, seed), for reports.
  public var recipe: ZooRecipe

  /// The held-out images in the network's input shape (`[N, 256]` for the MLP).
  public var inputs: Tensor {
    Tensor(shape: [heldOut.count] + network.inputShape, scalars: heldOut.inputs.scalars)
  }
}

/// How a zoo network is made: every number that determines it.
public struct ZooRecipe: Sendable, Equatable, Codable {
  /// Seed of the weights, the data and the shuffling.
  public var seed: UInt64
  /// Synthetic images generated (80 % train, 20 % held out); for random networks only the held-out
  /// images are used.
  public var samples: Int
  /// Training epochs (0 for random networks).
  public var epochs: Int
  /// Adam learning rate.
  public var learningRate: Float
  /// Mini-batch size.
  public var batchSize: Int

  /// The default recipe of each zoo network.
  public static func standard(for kind: ZooNetwork) -> ZooRecipe {
    switch kind {
    case .randomMLP, .randomCNN: ZooRecipe(seed: 1, samples: 1000, epochs: 0, learningRate: 0, batchSize: 32)
    case .trainedCNN: ZooRecipe(seed: 1, samples: 20000, epochs: 15, learningRate: 1e-3, batchSize: 32)
    case .trainedCIFARCNN: ZooRecipe(seed: 1, samples: 6000, epochs: 4, learningRate: 5e-4, batchSize: 32)
    }
  }
}

/// Builds zoo networks on demand and caches trained ones under a directory.
///
/// A cached network is reused only when its recorded recipe equals the requested one, so changing
/// a recipe retrains. Files: `<kind>.json` (architecture), `<kind>.safetensors` (weights),
/// `<kind>.recipe.json` (recipe and held-out accuracy), each written atomically.
public struct ModelZoo: Sendable {
  /// Where trained networks are cached; `nil` disables the cache.
  public var cacheDirectory: URL?

  /// Creates a zoo caching in `cacheDirectory` (default: `$BPAUDIT_CACHE` or `~/.cache/bpaudit`).
  public init(cacheDirectory: URL? = ModelZoo.defaultCacheDirectory) {
    self.cacheDirectory = cacheDirectory
  }

  /// `$BPAUDIT_CACHE`, else `~/.cache/bpaudit/zoo`.
  public static var defaultCacheDirectory: URL {
    if let path = ProcessInfo.processInfo.environment["BPAUDIT_CACHE"], !path.isEmpty {
      return URL(fileURLWithPath: path, isDirectory: true)
    }
    return FileManager.default.homeDirectoryForCurrentUser
      .appendingPathComponent(".cache/bpaudit/zoo", isDirectory: true)
  }

  /// The network `kind` built with `recipe`, trained (or loaded from the cache) when needed.
  /// - Parameter onEpoch: progress of training, when training happens.
  /// - Throws: file errors of the cache (a corrupt cache entry is rebuilt, not trusted).
  public func model(
    _ kind: ZooNetwork, recipe: ZooRecipe? = nil, onEpoch: (EpochReport) -> Void = { _ in }
  ) throws -> ZooModel {
    let recipe = recipe ?? .standard(for: kind)
    let data = SyntheticShapes.make(count: recipe.samples, size: kind.imageSize, seed: recipe.seed)
    let (train, heldOut) = data.split(heldOutFraction: 0.2, seed: recipe.seed)
    let initial = Self.architecture(kind, seed: recipe.seed)
    guard kind.isTrained else {
      return ZooModel(kind: kind, network: initial, heldOut: heldOut, heldOutAccuracy: nil, recipe: recipe)
    }
    if let cached = try? loadCached(kind, recipe: recipe) {
      return ZooModel(kind: kind, network: cached.network, heldOut: heldOut, heldOutAccuracy: cached.accuracy, recipe: recipe)
    }
    let trainer = Trainer(epochs: recipe.epochs, batchSize: recipe.batchSize, seed: recipe.seed)
    let network = try trainer.train(
      initial, inputs: train.inputs, labels: train.labels,
      optimizer: Adam(learningRate: recipe.learningRate), onEpoch: onEpoch)
    let accuracy = try Trainer.accuracy(of: network, on: heldOut.inputs, labels: heldOut.labels)
    try store(network, kind: kind, recipe: recipe, accuracy: accuracy)
    return ZooModel(kind: kind, network: network, heldOut: heldOut, heldOutAccuracy: accuracy, recipe: recipe)
  }

  /// The untrained architecture of `kind`, seeded.
  public static func architecture(_ kind: ZooNetwork, seed: UInt64) -> Network {
    switch kind {
    case .randomMLP:
      Network.mlp(inputCount: 256, hidden: [256, 256, 256, 256], classes: SyntheticShapes.classCount, seed: seed)
    case .randomCNN, .trainedCIFARCNN:
      Network.cifarCNN(seed: seed)
    case .trainedCNN:
      Network.smallCNN(inputShape: SyntheticShapes.Size.small.shape, classes: SyntheticShapes.classCount, seed: seed)
    }
  }

  private struct CacheRecord: Codable {
    var recipe: ZooRecipe
    var heldOutAccuracy: Double
  }

  private func paths(_ kind: ZooNetwork) -> (architecture: URL, weights: URL, record: URL)? {
    guard let dir = cacheDirectory else { return nil }
    return (
      dir.appendingPathComponent("\(kind.rawValue).json"),
      dir.appendingPathComponent("\(kind.rawValue).safetensors"),
      dir.appendingPathComponent("\(kind.rawValue).recipe.json")
    )
  }

  private func loadCached(_ kind: ZooNetwork, recipe: ZooRecipe) throws -> (network: Network, accuracy: Double)? {
    guard let p = paths(kind) else { return nil }
    let record = try JSONDecoder().decode(CacheRecord.self, from: Data(contentsOf: p.record))
    guard record.recipe == recipe else { return nil }
    return (try Network.load(architecture: p.architecture, weights: p.weights), record.heldOutAccuracy)
  }

  private func store(_ network: Network, kind: ZooNetwork, recipe: ZooRecipe, accuracy: Double) throws {
    guard let dir = cacheDirectory, let p = paths(kind) else { return }
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try network.save(architecture: p.architecture, weights: p.weights)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    try AtomicFile.write(encoder.encode(CacheRecord(recipe: recipe, heldOutAccuracy: accuracy)), to: p.record)
  }
}
