import Glibc
import Testing

@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// The one place rolesh uses a second thread (`list` at thousands of profiles).
@Suite struct TwoThreadsTests {
  @Test func bothResultsComeBackAndTheSecondRunsOnItsOwnThread() {
    let caller = pthread_self()
    let (first, second) = TwoThreads.run(
      { (pthread_equal(pthread_self(), caller) != 0, (0..<100_000).reduce(0, &+)) },
      { (pthread_equal(pthread_self(), caller) != 0, (0..<50_000).map { "\($0)" }.count) })
    #expect(first.0 && first.1 == 4_999_950_000)
    #expect(!second.0 && second.1 == 50_000)
  }

  @Test func aLargeListingIsTheSameAsOneBuiltProfileByProfile() throws {
    // From TwoThreads.worthwhileCount the rows are built in two halves on two threads.
    let count = TwoThreads.worthwhileCount + 501
    var text = ""
    for i in 0..<count {
      text += i % 2 == 0
        ? "[profile p\(i)]\nrole_arn = arn:aws:iam::\(100_000_000_000 + i):role/R\(i)\nsource_profile = p\(i + 1)\n"
        : "[profile p\(i)]\nregion = r\(i)\n"
    }
    let config = AWSConfig(
      config: try INIParser.parse(bytes: Array(text.utf8), path: "/c"), credentials: .empty(path: "/k"))
    let resolver = ProfileResolver(config: config, environment: Environment([:]))
    let listed = ProfileListing.summaries(config: config, resolver: resolver, cacheDirectory: "/nonexistent", now: .now())
    #expect(listed.map(\.name) == (0..<count).map { "p\($0)" })
    for (i, summary) in listed.enumerated() {
      #expect(summary.roleArn == (i % 2 == 0 ? "arn:aws:iam::\(100_000_000_000 + i):role/R\(i)" : nil))
      #expect(summary.region == (i % 2 == 0 ? nil : "r\(i)"))
      #expect(summary.account == (i % 2 == 0 ? "\(100_000_000_000 + i)" : nil))
    }
  }
}
