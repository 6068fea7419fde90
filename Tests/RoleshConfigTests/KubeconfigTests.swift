import Testing

@testable import RoleshConfig

/// kubeconfig entries set by line edits: the entry of that name replaced, else appended to its
/// list; every other line kept; flow style refused.
@Suite struct KubeconfigTests {
  static let existing = """
    apiVersion: v1
    clusters:
    - cluster:
        server: https://a
      name: a
    # a comment about b
    - name: b
      cluster:
        server: https://b
    contexts: []
    current-context: a
    kind: Config
    users:
      - name: a
        user:
          token: t

    """

  @Test func replacesByNameAndAppendsOtherwise() throws {
    var file = Kubeconfig(Array(Self.existing.utf8), path: "k")
    try file.setEntry(in: "clusters", name: "b", body: ["cluster:", "  server: https://new-b"])
    try file.setEntry(in: "clusters", name: "c", body: ["cluster:", "  server: https://c"])
    try file.setEntry(in: "contexts", name: "c", body: ["context:", "  cluster: c"])
    try file.setEntry(in: "users", name: "c", body: ["user:", "  token: u"])
    file.setCurrentContext("c")
    let text = String(decoding: file.bytes, as: UTF8.self)
    #expect(text == """
      apiVersion: v1
      clusters:
      - cluster:
          server: https://a
        name: a
      # a comment about b
      - name: b
        cluster:
          server: https://new-b
      - name: c
        cluster:
          server: https://c
      contexts:
      - name: c
        context:
          cluster: c
      current-context: c
      kind: Config
      users:
        - name: a
          user:
            token: t
        - name: c
          user:
            token: u

      """)
  }

  @Test func aMissingFileBecomesAKubeconfig() throws {
    var file = Kubeconfig([], path: "k")
    try file.setEntry(in: "users", name: "arn:aws:eks:us-east-1:1:cluster/x", body: ["user:", "  token: u"])
    let text = String(decoding: file.bytes, as: UTF8.self)
    #expect(text.hasPrefix("apiVersion: v1\nclusters: []\ncontexts: []\n"))
    #expect(text.contains("users:\n- name: arn:aws:eks:us-east-1:1:cluster/x\n  user:\n    token: u\n"))
  }

  @Test func flowStyleIsRefused() {
    var file = Kubeconfig(Array("clusters: [{name: x}]\n".utf8), path: "k")
    #expect(throws: Kubeconfig.Unsupported.self) { try file.setEntry(in: "clusters", name: "x", body: []) }
  }

  @Test(arguments: [("plain-name", "plain-name"), ("arn:aws:eks:eu-west-1:123:cluster/dev", "arn:aws:eks:eu-west-1:123:cluster/dev"),
    ("with space", "\"with space\""), ("true", "\"true\""), ("123", "\"123\""), ("a: b", "\"a: b\""), ("q\"", "\"q\\\"\"")])
  func scalarsAreQuotedWhenPlainStyleWouldMisread(value: String, written: String) {
    #expect(Kubeconfig.scalar(value) == written)
  }
}
