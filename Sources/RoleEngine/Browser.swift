#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshSupport

/// Opens URLs the way people configure it: `$BROWSER` (a command, split into words, given the
/// URL as its last argument — or in place of a `%s`), else `xdg-open`, else `open`.
///
/// Only URLs a browser can do nothing dangerous with are opened: `https:`, or `http:` to this
/// machine's loopback address (the sign-in callback, test stand-ins). A URL from a server (the
/// device-code flow's `verificationUriComplete`) could otherwise be `file:`, `javascript:`, or
/// start with `-` and become an option of the browser (`--gpu-launcher=…` runs code in
/// Chromium-family browsers); every accepted URL starts with its scheme, so it never can.
package struct Browser {
  package var environment: Environment

  package init(environment: Environment) { self.environment = environment }

  /// Whether `url` may be opened: `https:`, or `http:` to 127.0.0.1, ::1 or localhost; no
  /// space, control character or non-ASCII byte anywhere.
  package static func isOpenable(_ url: String) -> Bool {
    guard url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), let parsed = ParsedURL(url), url.lowercased().hasPrefix(parsed.scheme + "://")
    else { return false }
    switch parsed.scheme {
    case "https": return true
    case "http": return ["127.0.0.1", "::1", "localhost"].contains(parsed.host.lowercased())
    default: return false
    }
  }

  /// The command line that opens `url`.
  package func command(for url: String) -> [String] {
    if let browser = environment.nonEmpty("BROWSER"), let words = PythonText.shlexSplit(browser), !words.isEmpty {
      if words.contains("%s") { return words.map { $0 == "%s" ? url : $0 } }
      return words + [url]
    }
    for candidate in ["xdg-open", "open"] where Self.onPath(candidate, environment) { return [candidate, url] }
    return ["xdg-open", url]
  }

  /// Starts the browser on `url` without waiting for it; refuses a URL `isOpenable` refuses.
  package func start(_ url: String) throws -> pid_t {
    guard Self.isOpenable(url) else { throw Self.refusal(url) }
    return try Subprocess.start(command(for: url))
  }

  /// The error for a URL rolesh will not open (the URL itself is not repeated: it may be hostile).
  package static func refusal(_ url: String) -> GeneralError {
    GeneralError(
      "refusing to open a URL that is not https (or http to this machine): it starts \(SSOPopulate.shown(String(url.prefix(12))))",
      status: .permission)
  }

  static func onPath(_ program: String, _ environment: Environment) -> Bool {
    for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where FileSystem.isRegularFile("\(folder)/\(program)") {
      return true
    }
    return false
  }
}

/// A URL that is itself a secret (the console's sign-in URL: a bearer token for 15 minutes),
/// handed to a browser without putting it in the browser's command line, where every local user
/// can read it (`/proc/PID/cmdline`): a page in a private folder (0700, the file 0600) that
/// sends the browser on to the URL, opened as `file://…`. The page is removed a minute later,
/// by a small process that outlives rolesh (the browser may read it only after rolesh exits).
package struct RedirectPage {
  /// The page's path.
  package let path: String

  /// Writes the page for `url` (which must be openable) into `$XDG_RUNTIME_DIR/rolesh`, or
  /// rolesh's state folder when there is no runtime folder.
  package init(to url: String, environment: Environment) throws {
    guard Browser.isOpenable(url) else { throw Browser.refusal(url) }
    let folder =
      environment.nonEmpty("XDG_RUNTIME_DIR").map { $0 + "/rolesh" }
      ?? ((environment.nonEmpty("XDG_STATE_HOME") ?? environment.homeDirectory + "/.local/state") + "/rolesh")
    try FileSystem.makeDirectories(folder, mode: 0o700)
    var info = stat()
    guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else {
      throw GeneralError("\(folder) is not a folder of yours; refusing to put a sign-in page there", status: .permission)
    }
    if info.st_mode & 0o077 != 0 { chmod(folder, 0o700) }
    var generator = SystemRandomNumberGenerator()
    let name = "signin-" + Base64URL.encode((0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }) + ".html"
    path = folder + "/" + name
    let escaped = Self.htmlAttribute(url)
    let page = """
      <!doctype html>
      <html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
      <meta http-equiv="refresh" content="0;url=\(escaped)"><title>rolesh: opening the AWS console</title></head>
      <body><p>Opening the AWS console… <a href="\(escaped)">continue</a></p>
      <script>location.replace(document.querySelector('a').href)</script></body></html>

      """
    try FileSystem.writeAtomically(Array(page.utf8), to: path, mode: 0o600)
  }

  /// `file://` and the page's path, percent-encoded where a URL needs it.
  package var url: String { "file://" + SigV4Signer.percentEncode(path, keeping: "/") }

  /// Removes the page after `seconds`, from a process of its own (rolesh may have exited by
  /// then). Its command line holds only the page's path.
  package func removeLater(after seconds: Int = 60) {
    _ = try? Subprocess.start(["/bin/sh", "-c", "sleep \(seconds); rm -f -- \"$1\"", "rolesh-signin-cleanup", path])
  }

  /// Removes the page now.
  package func remove() { unlink(path) }

  static func htmlAttribute(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(character)
      }
    }
    return out
  }
}
