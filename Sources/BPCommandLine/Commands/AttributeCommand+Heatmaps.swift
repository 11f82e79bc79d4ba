import BackpropAudit
import Foundation

extension AttributeCommand {
  /// The colour maps `--colormap` accepts (diverging, symmetric around 0).
  static let heatmapColorMaps: [ColorMap] = [.seismic, .bwr]

  /// The renderer of `--png`: the paper's post-processing for `method` (channel sum, or abs-max
  /// for the gradient family — `HeatmapReduction.paper(forMethod:)`), colour limit at the 99.5th
  /// percentile of |map| (100 for RectGrad, as the paper's `normalize_sanity`), `--colormap`.
  /// - Throws: `UsageError` for an unknown colour map.
  static func heatmapRenderer(_ arguments: ParsedArguments, method: String) throws -> HeatmapRenderer {
    let name = try arguments.choice("colormap", heatmapColorMaps.map(\.name), default: ColorMap.seismic.name)
    let map = heatmapColorMaps.first { $0.name == name } ?? .seismic
    return HeatmapRenderer(
      reduction: HeatmapReduction.paper(forMethod: method), clipPercentile: method == "rectgrad" ? 100 : 99.5, colorMap: map)
  }

  /// Checks `--png DIR` before any work: the written relevance must be an image batch
  /// `[N, C, H, W]`, and `DIR` must be a directory or creatable as one.
  /// - Parameter shape: the shape of the relevance that will be written.
  /// - Throws: `UsageError` naming the option and what was expected.
  static func preparePNGDirectory(_ arguments: ParsedArguments, shape: [Int]) throws -> URL? {
    guard let path = arguments.string("png") else { return nil }
    guard shape.count == 4 else {
      throw UsageError(
        command: "attribute", message: "--png \(path): heatmaps need an image relevance [N, C, H, W], this one is \(shape)")
    }
    let url = URL(fileURLWithPath: path, isDirectory: true)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw UsageError(command: "attribute", message: "--png \(path): expected a directory, found a file")
      }
    } else {
      do {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
      } catch {
        throw UsageError(command: "attribute", message: "--png \(path): cannot create the directory (\(error.localizedDescription))")
      }
    }
    return url
  }

  /// The file of row `row` in `directory`: `<name>-<row>.png`, the row zero-padded to the width
  /// of the last row index.
  static func heatmapURL(_ directory: URL, name: String, row: Int, rows: Int) -> URL {
    let width = String(max(rows - 1, 0)).count
    let index = String(row)
    let padded = String(repeating: "0", count: max(0, width - index.count)) + index
    return directory.appendingPathComponent("\(name)-\(padded).png")
  }

  /// Writes one PNG per row of `relevance` (`[N, C, H, W]`) into `directory`. Every image is
  /// encoded before the first file is written, each file is written atomically (`AtomicFile`),
  /// and when a write fails the files this call already wrote are removed: all or nothing.
  /// - Returns: the written files, in row order.
  /// - Throws: `ModelFileError.unwritable` naming the file that could not be written.
  /// - Complexity: O(N·C·H·W) plus the PNG encoding.
  static func writeHeatmaps(
    _ relevance: Tensor, renderer: HeatmapRenderer, name: String, to directory: URL
  ) throws -> [URL] {
    let n = relevance.shape[0]
    let files = (0..<n).map { row in
      (heatmapURL(directory, name: name, row: row, rows: n), renderer.png(relevance.rows(row..<(row + 1))))
    }
    var written: [URL] = []
    do {
      for (url, data) in files {
        try AtomicFile.write(data, to: url)
        written.append(url)
      }
    } catch {
      for url in written { try? FileManager.default.removeItem(at: url) }
      throw error
    }
    return written
  }
}
