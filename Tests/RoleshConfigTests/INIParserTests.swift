import Testing

@testable import RoleshConfig
@testable import RoleshSupport

/// Every rule of botocore's INI dialect (configparser as botocore reads config files), one test per rule or group.
@Suite struct INIParserTests {
  func parse(_ text: String, path: String = "/cfg") throws -> INIDocument {
    try INIParser.parse(bytes: Array(text.utf8), path: path)
  }

  func value(_ text: String, section: String = "s", key: String) throws -> INIValue? {
    try parse(text).sections.first(where: { $0.header == section })?[key]
  }

  func parseError(_ text: String) -> ConfigError? {
    do {
      _ = try parse(text)
      return nil
    } catch let error as ConfigError {
      return error
    } catch {
      return nil
    }
  }

  @Test func fullLineCommentsAreIgnored() throws {
    let doc = try parse("# c\n[s]\n  ; indented\n# x = 1\nk = v\n")
    #expect(doc.sections.first?.entries.keys.sorted() == ["k"])
  }

  @Test(arguments: [
    ("region = us-east-1 # x", "us-east-1 # x"),
    ("key = AK ;c", "AK ;c"),
    ("key = a;b", "a;b"),
    ("region = \"us-east-1\"", "\"us-east-1\""),
    ("x = a=b", "a=b"),
    ("role_arn: arn:aws:iam::1:role/x", "arn:aws:iam::1:role/x"),
    ("region\t=\tus-east-1\t", "us-east-1"),
    ("k = 100%", "100%"),
    ("k =", ""),
  ])
  func valuesAreTakenLiterally(line: String, expected: String) throws {
    let key = String(line.prefix(while: { $0 != "=" && $0 != ":" && $0 != " " && $0 != "\t" }))
    #expect(try value("[s]\n\(line)\n", key: key) == .text(expected))
  }

  @Test func keysAreLowercased() throws {
    #expect(try value("[s]\nAWS_ACCESS_KEY_ID = AK\n", key: "aws_access_key_id") == .text("AK"))
  }

  @Test func duplicateKeysFailTheFileEvenAcrossCase() {
    let error = parseError("[s]\nregion = a\nREGION = b\n")
    #expect(error?.code == .configParse)
    #expect(error?.location == SourceLocation(file: "/cfg", line: 3))
  }

  @Test func duplicateSectionsFailTheFile() {
    let error = parseError("[s]\na = 1\n[t]\n[s]\n")
    #expect(error?.location?.line == 4)
  }

  @Test func keyWithoutDelimiterFails() {
    #expect(parseError("[s]\nregion\n")?.location?.line == 2)
  }

  /// botocore fails on the key after it (a duplicate in the section above); the open
  /// header is the line to fix.
  @Test func unclosedHeaderIsReportedOnItsOwnLine() {
    let error = parseError("[profile a]\nregion = us-east-1\n[profile x\nregion = us-west-2\n")
    #expect(error?.location?.line == 3)
    #expect(error?.message.contains("`[profile x` has no closing `]`") == true)
    #expect(parseError("[profile x\nregion = x\n")?.location?.line == 1)
    #expect(parseError("[s]\n[]\n")?.message.contains("closing") == false)
    let long = parseError("[s]\n[" + String(repeating: "x", count: 100_000) + "\n")
    #expect(long?.location?.line == 2 && (long?.message.count ?? .max) < 300)
  }

  @Test func keyBeforeFirstSectionFails() {
    #expect(parseError("region = x\n[s]\n")?.location?.line == 1)
  }

  @Test func emptyKeyNameFails() {
    #expect(parseError("[s]\n= x\n")?.location?.line == 2)
  }

  @Test func continuationLinesJoinWithNewline() throws {
    #expect(try value("[s]\nrole_arn = a\n  b\n", key: "role_arn") == .text("a\nb"))
    #expect(try value("[s]\nk = a\n\n  b\n", key: "k") == .text("a\n\nb"))
    // trailing blank lines are dropped (rstrip)
    #expect(try value("[s]\nk = a\n\n\n", key: "k") == .text("a"))
  }

  @Test func indentedKeyAfterKeyIsAContinuation() throws {
    let doc = try parse("[s]\noutput = json\n  region = x\n")
    #expect(doc.sections[0]["output"] == .text("json\nregion = x"))
    #expect(doc.sections[0]["region"] == nil)
  }

  @Test func nestedSubSection() throws {
    let v = try value("[s]\ns3 =\n  max = 20\n  # c\n  max = 30\n  style = path\n", key: "s3")
    #expect(v == .nested(["max": "30", "style": "path"]))
  }

  @Test func nestedLineWithoutEqualsFails() {
    // `role_arn =` with the ARN on the next line is a parse error.
    let error = parseError("[s]\nrole_arn =\n  arn:aws:iam::1:role/x\n")
    #expect(error?.code == .configParse)
    #expect(error?.location?.line == 3)
  }

  @Test func crlfAndLoneCRAreLineEnds() throws {
    #expect(try value("[s]\r\nk = v\r\n", key: "k") == .text("v"))
    #expect(try value("[s]\rk = v\r", key: "k") == .text("v"))
  }

  @Test func defaultSectionIsInheritedByEverySection() throws {
    let doc = try parse("[DEFAULT]\nsource_profile = base\n[profile a]\nrole_arn = r\n[b]\nsource_profile = own\n")
    #expect(doc.sections.map(\.header) == ["profile a", "b"])
    #expect(doc.sections[0]["source_profile"] == .text("base"))
    #expect(doc.sections[1]["source_profile"] == .text("own"))
  }

  @Test(arguments: [
    ("[default] # c", "default"), ("[profile x] ; c", "profile x"), ("[default]]", "default]"),
    ("  [default]", "default"), ("[profile prød]", "profile prød"), ("[a]b]", "a]b"),
  ])
  func sectionHeaders(line: String, header: String) throws {
    #expect(try parse("\(line)\nk = v\n").sections.map(\.header) == [header])
  }

  @Test func emptyHeaderFails() {
    #expect(parseError("[]\n")?.code == .configParse)
  }

  @Test func byteOrderMarkFails() {
    let error = try? INIParser.parse(bytes: [0xEF, 0xBB, 0xBF] + Array("[default]\n".utf8), path: "/cfg")
    #expect(error == nil)
  }

  @Test func invalidUTF8FailsWithItsLine() {
    do {
      _ = try INIParser.parse(bytes: Array("[s]\nk = v\n".utf8) + [0xFF, 0x0A], path: "/cfg")
      Issue.record("expected a parse error")
    } catch let error as ConfigError {
      #expect(error.location == SourceLocation(file: "/cfg", line: 3))
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func unicodeWhitespaceIsStrippedLikePython() throws {
    #expect(try value("[s]\nk =\u{00A0}v\u{2003}\n", key: "k") == .text("v"))
  }
}
