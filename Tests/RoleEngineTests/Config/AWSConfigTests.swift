import Testing

@testable import RoleshConfig
@testable import RoleshSupport

/// Section-name rules (spec §1.4) and the merged view (spec §1.2).
@Suite struct AWSConfigTests {
  func config(_ configText: String, _ credentialsText: String = "") throws -> AWSConfig {
    AWSConfig(
      config: try INIParser.parse(bytes: Array(configText.utf8), path: "/c"),
      credentials: try INIParser.parse(bytes: Array(credentialsText.utf8), path: "/k"))
  }

  @Test(arguments: [
    ("profile foo", AWSConfig.SectionKind.profile("foo")),
    ("profile   foo  ", .profile("foo")),
    ("profile\tfoo", .profile("foo")),
    ("profile \"my prof\"", .profile("my prof")),
    ("profile 'b c'", .profile("b c")),
    ("profile default", .profile("default")),
    ("default", .profile("default")),
    ("profile a b", .other),
    ("profile", .other),
    ("profilefoo", .other),
    ("profile it's", .other),
    ("profile foo] [x", .other),
    // rolesh does not copy botocore's accident (the first word must be exactly `profile`)
    ("profiles foo", .other),
    ("profileX foo", .other),
    ("Profile Foo", .other),
    ("PROFILE x", .other),
    (" default ", .other),
    ("default ", .other),
    ("preview", .other),
    ("sso-session my-sso", .ssoSession("my-sso")),
    ("services local", .services("local")),
  ])
  func classify(header: String, kind: AWSConfig.SectionKind) {
    #expect(AWSConfig.classify(header) == kind)
    // The byte-level shortcuts the scans and indexes use agree with classify.
    var bytes = Array(header.utf8)
    bytes.withUnsafeMutableBufferPointer { buffer in
      let h = UnsafeBufferPointer(buffer)
      if case .profile(let name) = kind {
        #expect(AWSConfig.profileName(h) == name)
        #expect(AWSConfig.header(h, namesProfile: name))
      } else {
        #expect(AWSConfig.profileName(h) == nil)
      }
      #expect(!AWSConfig.header(h, namesProfile: "foo x"))
    }
  }

  @Test func laterDefaultSectionWinsEntirely() throws {
    let c = try config("[default]\naws_access_key_id = PLAIN\nregion = r\n[profile default]\naws_access_key_id = PREFIXED\n")
    #expect(c.profile("default")?["aws_access_key_id"] == .text("PREFIXED"))
    #expect(c.profile("default")?["region"] == nil)
  }

  @Test func credentialsFileWinsKeyByKey() throws {
    let c = try config("[profile p]\nregion = r\nrole_arn = cfg\n", "[p]\nrole_arn = cred\n")
    #expect(c.profile("p")?["role_arn"] == .text("cred"))
    #expect(c.profile("p")?["region"] == .text("r"))
    #expect(c.profile("p")?.location(of: "role_arn") == SourceLocation(file: "/k", line: 2))
  }

  @Test func credentialsFileSectionsAreLiteral() throws {
    let c = try config("", "[profile foo]\naws_access_key_id = A\n")
    #expect(c.profile("profile foo") != nil)
    #expect(c.profile("foo") == nil)
  }

  @Test func ssoAndServicesSectionsAreKept() throws {
    let c = try config("[sso-session s]\nsso_region = r\n[services local]\nsts =\n  endpoint_url = http://x\n")
    #expect(c.ssoSession("s")?["sso_region"] == .text("r"))
    #expect(c.services("local")?["sts"] == .nested(["endpoint_url": "http://x"]))
  }
}
