#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// More thin libm wrappers (see Libm.swift), so numeric files need no platform imports.
@inline(__always) func _tanh(_ x: Double) -> Double { tanh(x) }
@inline(__always) func _log10(_ x: Double) -> Double { log10(x) }
@inline(__always) func _pow10(_ e: Int) -> Double { pow(10, Double(e)) }
