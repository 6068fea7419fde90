import Testing

@testable import RoleshConfig

/// Line edits to the shared files keep every other byte: comments, other sections, other keys,
/// CRLF line ends, invalid UTF-8.
@Suite struct SectionEditorTests {
  func edited(_ text: [UInt8], _ change: (inout SectionEditor) throws -> Void) rethrows -> String {
    var editor = SectionEditor(text)
    try change(&editor)
    return String(decoding: editor.bytes, as: UTF8.self)
  }

  struct Conflict: Error {}

  @Test func setInsertsAfterTheHeaderAndReplacesOnlyWhatItMay() throws {
    let text = Array("# top\n[profile a]\nregion = x\n\n[profile b]\noutput = json\n".utf8)
    let inserted = try edited(text) {
      try $0.set("credential_process", to: "rolesh keys credential-process a", inSection: ["profile a"], header: "profile a",
        replaceable: { _ in false }, conflict: { _ in Conflict() })
    }
    #expect(inserted == "# top\n[profile a]\ncredential_process = rolesh keys credential-process a\nregion = x\n\n[profile b]\noutput = json\n")
    #expect(throws: Conflict.self) {
      _ = try edited(Array(inserted.utf8)) {
        try $0.set("credential_process", to: "other", inSection: ["profile a"], header: "profile a", replaceable: { _ in false },
          conflict: { _ in Conflict() })
      }
    }
    let appended = try edited(Array("[profile b]\nregion = y".utf8)) {
      try $0.set("k", to: "v", inSection: ["profile a"], header: "profile a", replaceable: { _ in true }, conflict: { _ in Conflict() })
    }
    #expect(appended == "[profile b]\nregion = y\n\n[profile a]\nk = v\n")
  }

  @Test func removeTakesTheKeyAndItsContinuationLinesOnly() {
    let text: [UInt8] = Array("[a]\r\naws_access_key_id = AKID\r\naws_secret_access_key = s\r\n  more\r\nregion = r\r\n[b]\r\naws_access_key_id = B\r\n".utf8) + [0xFF, 0x0A]
    var editor = SectionEditor(text)
    let removed = editor.remove(["aws_access_key_id", "aws_secret_access_key"], inSection: ["a"])
    #expect(removed == ["aws_access_key_id", "aws_secret_access_key"])
    #expect(editor.bytes == Array("[a]\r\nregion = r\r\n[b]\r\naws_access_key_id = B\r\n".utf8) + [0xFF, 0x0A])
  }

  @Test func headersAreMatchedAsBotocoreNormalisesThem() {
    let editor = SectionEditor(Array("[profile   spaced]\ncredential_process = x\n".utf8))
    #expect(editor.value(of: "credential_process", inSection: ["profile spaced"]) == "x")
  }
}
