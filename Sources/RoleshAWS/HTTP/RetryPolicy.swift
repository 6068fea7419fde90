/// A failure that may go away when the call is made again: throttling, a 5xx, a dropped or
/// refused connection, a timeout.
package protocol RetryableFailure: Error {
  var isRetryable: Bool { get }
}

/// botocore's standard retry mode, shared by every service client: up to `maxAttempts` tries,
/// with a jittered exponential delay between them.
package enum RetryPolicy {
  /// The delay before try `attempt + 1`: random in the upper half of 0.2 s × 2^(attempt-1),
  /// capped at 5 s.
  package static func delay(attempt: Int) -> Double {
    let ceiling = min(5.0, 0.2 * Double(1 << min(attempt - 1, 10)))
    return Double.random(in: (ceiling / 2)...ceiling)
  }

  /// Runs `body` until it returns, throws a final error, or has failed `maxAttempts` times.
  package static func run<T>(maxAttempts: Int, sleep: (Double) -> Void, _ body: () throws -> T) throws -> T {
    var attempt = 0
    while true {
      attempt += 1
      do {
        return try body()
      } catch let error as RetryableFailure where error.isRetryable && attempt < maxAttempts {
        sleep(delay(attempt: attempt))
      }
    }
  }
}
