import Testing

@testable import RoleshConfig
@testable import RoleshSupport

/// Section-name rules and the merged view.
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

  @Test func headerTableLookupsAgreeWithClassifyingEveryHeader() throws {
    // Regular `[profile NAME]` headers are found by their hash; one irregular header anywhere
    // (here `[profiles zz]`, which defines nothing) sends every lookup through classify. Both
    // must see the same profiles, in the same order, with the same values.
    var config = "[default]\nregion = d0\n"
    var credentials = ""
    for i in 0..<300 {
      config += "[profile p\(i)]\nregion = r\(i)\n"
      if i % 7 == 0 { credentials += "[p\(i)]\naws_access_key_id = K\(i)\naws_secret_access_key = s\n" }
      if i % 11 == 0 { credentials += "[c\(i)]\naws_access_key_id = C\(i)\naws_secret_access_key = s\n" }
      if i == 150 { config += "[profile default]\nregion = d1\n[sso-session s]\nsso_region = x\n" }
    }
    let regular = try self.config(config, credentials)
    let irregular = try self.config(config + "[profiles zz]\nregion = z\n", credentials)
    #expect(!regular.config.hasIrregularProfileHeaders && irregular.config.hasIrregularProfileHeaders)
    #expect(regular.profileOrder == irregular.profileOrder)
    #expect(regular.profileOrder.filter { $0 == "default" }.count == 1)
    for name in regular.profileOrder + ["missing", "p1 ", "profile p1", "zz", "s", ""] {
      #expect(regular.profile(name) == irregular.profile(name), "\(name)")
    }
    #expect(regular.profile("default")?["region"] == .text("d1"))
    #expect(regular.profile("p7")?["aws_access_key_id"] == .text("K7") && regular.profile("p7")?["region"] == .text("r7"))
    regular.indexAllProfiles()
    irregular.indexAllProfiles()
    #expect(regular.profileOrder == irregular.profileOrder)
  }

  @Test func aLaterBareDefaultWinsOverProfileDefault() throws {
    let c = try config("[profile default]\nregion = prefixed\n[default]\nregion = bare\n")
    #expect(!c.config.hasIrregularProfileHeaders)
    #expect(c.profile("default")?["region"] == .text("bare"))
  }

  @Test(arguments: ["profile  a", "profile\ta", "profile a ", "profile 'a'", "profile \"a\"", "profile a\\", "profile", "profiles a"])
  func irregularProfileHeaders(header: String) throws {
    let c = try config("[\(header)]\nregion = r\n")
    #expect(c.config.hasIrregularProfileHeaders)
    #expect(c.profile("a")?["region"] == (AWSConfig.classify(header) == .profile("a") ? .text("r") : nil))
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

  /// The byte scan `explain` uses to find the roles sharing an MFA session: a superset in
  /// profile order, every profile when `[DEFAULT]` could give the key.
  @Test func profilesThatMaySetAValue() throws {
    let text = """
      [profile late]
      region = x
      [profile a]
      SOURCE_PROFILE = alice
      [profile b]
      source_profile = alicia
      [sso-session s]
      source_profile = alice
      [profile c]
      source_profile = alice
      [profile d]
      source_profile = al
        ice
      """
    let plain = try config(text)
    #expect(plain.profiles(mayHave: "source_profile", equalTo: "alice") == ["a", "c", "d"])
    #expect(plain.profiles(mayHave: "source_profile", equalTo: "nobody") == ["d"])
    // The credentials file's section belongs to a profile the config file places first.
    let merged = try config(text, "[late]\nsource_profile = alice\n[only]\nsource_profile = alice\n")
    #expect(merged.profiles(mayHave: "source_profile", equalTo: "alice") == ["late", "a", "c", "d", "only"])
    #expect(try config("[DEFAULT]\nsource_profile = alice\n" + text).profiles(mayHave: "source_profile", equalTo: "x") == nil)
  }

  /// `list` finds every profile's sections in one pass: the same profiles, in the same order,
  /// each the same merged profile as a lookup by name gives.
  @Test(arguments: [
    (
      "[default]\nregion = a\n[profile x]\nregion = b\n[profile default]\nregion = c\n[sso-session s]\nk = v\n[profile y]\n",
      "[y]\naws_access_key_id = K\n[default]\noutput = json\n[only-here]\naws_access_key_id = K2\n[profile x]\nk = v\n"
    ),
    ("[profile x]\nregion = b\n[profile \"x\"]\nregion = q\n[profile  z]\n[default]\n", "[x]\nk = v\n[z]\nk = w\n[w]\n"),
    ("", "[a]\nk = 1\n[b]\n"),
    ("[DEFAULT]\nregion = d\n[profile a]\n[other]\n", "[a]\nregion = e\n"),
  ])
  func allProfileSectionsAgreeWithLookups(_ configText: String, _ credentialsText: String) throws {
    let listed = try config(configText, credentialsText)
    let looked = try config(configText, credentialsText)
    let sections = listed.allProfileSections()
    #expect(sections.map(\.name) == looked.profileOrder)
    for entry in sections { #expect(listed.profile(entry) == looked.profile(entry.name), "\(entry.name)") }
  }
}
