/// Jittered exponential backoff ("full jitter"): a random delay up to 0.2 s × 2^(attempt-1),
/// capped at 5 s.
package enum RetryPolicy {
  package static func delay(attempt: Int) -> Double {
    let ceiling = min(5.0, 0.2 * Double(1 << min(attempt - 1, 10)))
    return Double.random(in: (ceiling / 2)...ceiling)
  }
}
