import Glibc

/// Runs two pieces of work at once: `second` on a new thread, `first` on this one.
///
/// For work that is worth a thread only when it is large (`list`'s rows at tens of thousands
/// of profiles); small inputs stay on one thread, since a thread costs tens of microseconds. No Dispatch, no Foundation: one pthread,
/// joined before returning, which also orders `second`'s writes before the caller's reads.
/// When no thread can be made, `second` runs here after `first`.
package enum TwoThreads {
  /// Items (profiles, table rows) from which splitting work in two pays for the thread.
  package static let worthwhileCount = 4096

  package static func run<First, Second>(
    _ first: () -> First, _ second: @escaping () -> Second
  ) -> (First, Second) {
    let job = Job<Second>(second)
    var thread = pthread_t()
    let started = pthread_create(
      &thread, nil,
      { raw in
        Unmanaged<Runnable>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
      }, Unmanaged.passRetained(job as Runnable).toOpaque())
    guard started == 0 else {
      // Not started: the retained reference was never taken back.
      Unmanaged.passUnretained(job as Runnable).release()
      let firstResult = first()
      job.run()
      return (firstResult, job.result!)
    }
    let firstResult = first()
    pthread_join(thread, nil)
    return (firstResult, job.result!)
  }

  private class Runnable: @unchecked Sendable {
    func run() {}
  }

  /// `second` and where its result goes; read only after the thread is joined.
  private final class Job<Result>: Runnable, @unchecked Sendable {
    let body: () -> Result
    var result: Result?

    init(_ body: @escaping () -> Result) { self.body = body }

    override func run() { result = body() }
  }
}
