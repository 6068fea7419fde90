import RoleshCredentials
import RoleshSupport

/// Secrets in `pass`, the standard Unix password manager: one GPG-encrypted entry per profile,
/// `rolesh/PROFILE`, in `$PASSWORD_STORE_DIR` (default `~/.password-store`, often a git
/// repository). The secret goes to `pass insert` on standard input, never as an argument; every
/// run is bounded in time (gpg may wait for a passphrase).
package final class PassStore: SecretStore {
  package let name = "pass"
  private let environment: Environment
  private let timeout: Double

  package init(environment: Environment, timeout: Double) {
    self.environment = environment
    self.timeout = timeout
  }

  static func entry(_ item: SecretItem) -> String { "\(item.service)/\(item.profile)" }

  private func run(_ arguments: [String], input: [UInt8]?) throws -> Subprocess.Result {
    let store = environment.nonEmpty("PASSWORD_STORE_DIR") ?? environment.homeDirectory + "/.password-store"
    guard FileSystem.exists(store + "/.gpg-id") else {
      throw SecretStoreError(
        backend: name,
        problem: "there is no pass store at \(store) (no .gpg-id): create one with `pass init GPG-KEY-ID`, or use the Secret Service (unset ROLESH_KEYS_BACKEND)")
    }
    do {
      return try Subprocess.run(
        ["pass"] + arguments, input: input.map(Subprocess.Input.bytes) ?? .null, timeout: timeout, environment: environment.variables,
        outputLimit: 1 << 16)
    } catch let error as Subprocess.LaunchError {
      throw SecretStoreError(
        backend: name, problem: "cannot run pass (\(error)): install it (Debian/Ubuntu: apt install pass), or use the Secret Service")
    } catch {
      throw SecretStoreError(backend: name, problem: "pass did not finish within \(Int(timeout)) s (gpg waiting for a passphrase?): \(error)")
    }
  }

  private func failure(_ result: Subprocess.Result, _ doing: String) -> SecretStoreError {
    let text = TerminalText.sanitized(PythonText.strip(String(decoding: result.stderr.prefix(400), as: UTF8.self)), keepNewlines: false)
    return SecretStoreError(backend: name, problem: "\(doing) failed (pass exited \(result.status)): \(text)")
  }

  package func read(_ item: SecretItem) throws -> [UInt8]? {
    let result = try run(["show", Self.entry(item)], input: nil)
    if result.status != 0 {
      if String(decoding: result.stderr, as: UTF8.self).contains("is not in the password store") { return nil }
      throw failure(result, "reading \(Self.entry(item))")
    }
    var bytes = result.stdout
    if bytes.last == 0x0A { bytes.removeLast() }
    return bytes
  }

  package func write(_ item: SecretItem, secret: [UInt8], label: String) throws {
    guard !secret.contains(0x0A), !secret.contains(0) else {
      throw SecretStoreError(backend: name, problem: "a secret for pass is one line")
    }
    let result = try run(["insert", "--multiline", "--force", Self.entry(item)], input: secret + [0x0A])
    guard result.status == 0 else { throw failure(result, "storing \(Self.entry(item))") }
  }

  @discardableResult package func delete(_ item: SecretItem) throws -> Bool {
    let result = try run(["rm", "--force", Self.entry(item)], input: nil)
    if result.status != 0 {
      if String(decoding: result.stderr, as: UTF8.self).contains("is not in the password store") { return false }
      throw failure(result, "removing \(Self.entry(item))")
    }
    return true
  }
}
