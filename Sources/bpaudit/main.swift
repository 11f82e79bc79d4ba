import BPCommandLine

#if canImport(Glibc)
  import Glibc
#endif

exit(BPCommandLine.run(Array(CommandLine.arguments.dropFirst())))
