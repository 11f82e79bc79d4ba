/// Runs the `bpaudit` command line and returns the process exit code.
public enum BPCommandLine {
  /// Runs `arguments` (without the program name) and returns the exit code (0, 1 or 2).
  public static func run(_ arguments: [String]) -> Int32 {
    print("bpaudit: no commands yet")
    return 0
  }
}
