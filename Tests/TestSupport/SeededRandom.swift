import Foundation

/// A repeatable random source for the fuzzers: SplitMix64 from a seed. The seed comes from
/// `ROLESH_FUZZ_SEED` when set (to replay a failure), else from the system; every fuzzer puts
/// it in its failure messages.
package struct SeededRandom: RandomNumberGenerator {
  package let seed: UInt64
  private var state: UInt64

  package init(seed: UInt64? = nil) {
    var system = SystemRandomNumberGenerator()
    let chosen = seed
      ?? (getenv("ROLESH_FUZZ_SEED").flatMap { UInt64(String(cString: $0)) })
      ?? system.next()
    self.seed = chosen
    state = chosen
  }

  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// How to replay a failing run.
  package var replay: String { "replay with ROLESH_FUZZ_SEED=\(seed)" }
}
