import Foundation

/// Why a headless-browser screenshot failed; one line naming the page or browser and the cause.
public enum ScreenshotError: Error, CustomStringConvertible, Equatable {
  /// No Chromium/Chrome executable on `PATH`.
  case browserNotFound
  /// The browser could not be started.
  case launch(browser: String, reason: String)
  /// The browser did not finish within the time limit and was terminated.
  case timedOut(page: String, seconds: Double)
  /// The browser exited with a non-zero status.
  case failed(page: String, status: Int32)
  /// The browser exited normally but wrote no image.
  case noImage(path: String)

  /// One line: what failed and why.
  public var description: String {
    switch self {
    case .browserNotFound: "screenshot: no chromium, chromium-browser, google-chrome or google-chrome-stable on PATH"
    case .launch(let b, let r): "\(b): cannot start the browser (\(r))"
    case .timedOut(let p, let s): "\(p): the browser did not finish the screenshot within \(s) s"
    case .failed(let p, let s): "\(p): the browser exited with status \(s)"
    case .noImage(let p): "\(p): the browser wrote no screenshot"
    }
  }
}

/// Takes a PNG screenshot of a local page with a headless Chromium, to check that a report opens
/// and renders in a real browser. Used by tests when a browser is installed.
public enum BrowserScreenshot {
  /// Executable names tried, in order, on every `PATH` directory.
  public static let candidateNames = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

  /// The first executable from ``candidateNames`` found on `PATH`, or `nil`.
  public static func findBrowser(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
    for name in candidateNames {
      for dir in dirs {
        let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
      }
    }
    return nil
  }

  /// Renders `page` (a local file) at `width × height` CSS pixels and writes the PNG to `output`.
  ///
  /// Runs `browser --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=W,H
  /// --screenshot=output file://page` with a private, temporary profile directory; output and
  /// errors of the browser are discarded. Only the viewport is captured, so pass a height that
  /// covers the content of interest.
  /// - Parameters:
  ///   - page: the HTML or SVG file to open.
  ///   - output: where the PNG goes (overwritten).
  ///   - width: viewport width in CSS pixels.
  ///   - height: viewport height in CSS pixels.
  ///   - scale: device pixel ratio (2 gives a sharper image at twice the size).
  ///   - timeout: seconds before the browser is terminated.
  ///   - browser: the executable; ``findBrowser(environment:)`` when `nil`.
  /// - Throws: ``ScreenshotError``.
  public static func capture(page: URL, to output: URL, width: Int = 1100, height: Int = 1400, scale: Double = 1,
                             timeout: Double = 60, browser: URL? = nil) throws(ScreenshotError) {
    guard let executable = browser ?? findBrowser() else { throw .browserNotFound }
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("bp-browser-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    try? FileManager.default.removeItem(at: output)
    let process = Process()
    process.executableURL = executable
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)",
      "--force-device-scale-factor=\(scale)", "--screenshot=\(output.path)", page.absoluteURL.absoluteString,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw .launch(browser: executable.path, reason: error.localizedDescription)
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
      throw .timedOut(page: page.path, seconds: timeout)
    }
    guard process.terminationStatus == 0 else { throw .failed(page: page.path, status: process.terminationStatus) }
    guard FileManager.default.fileExists(atPath: output.path) else { throw .noImage(path: output.path) }
  }
}
