internal import CSecret
import RoleshCredentials
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Secrets in the freedesktop Secret Service (GNOME Keyring, KeePassXC, KWallet's bridge),
/// through libsecret opened on first use. Items go into the default collection with the
/// attributes `service = rolesh` and `profile = NAME`, and a label people recognise in Seahorse
/// or KeePassXC. Every call is bounded in time (`ROLESH_KEYS_TIMEOUT`, default 10 s): a locked
/// collection that cannot be unlocked here (no display for the prompt) is a clear error, never a
/// wait.
package final class SecretServiceStore: SecretStore {
  package let name = "secret-service"
  private let environment: Environment
  private let timeout: Double

  package init(environment: Environment, timeout: Double) {
    self.environment = environment
    self.timeout = timeout
  }

  private func prepare() throws {
    // Without a session bus, libsecret tries to start one for a display there is not.
    let runtimeBus = environment.nonEmpty("XDG_RUNTIME_DIR").map { $0 + "/bus" }
    if environment.nonEmpty("DBUS_SESSION_BUS_ADDRESS") == nil, runtimeBus.map(FileSystem.exists) != true {
      throw SecretStoreError(
        backend: name,
        problem:
          "there is no D-Bus session here (DBUS_SESSION_BUS_ADDRESS is unset), so no Secret Service can be reached: start one (a desktop session, or `dbus-run-session` with gnome-keyring-daemon), or keep the keys in pass (ROLESH_KEYS_BACKEND=pass)")
    }
    var message = [CChar](repeating: 0, count: 512)
    guard rolesh_secret_load(environment.nonEmpty("ROLESH_LIBSECRET"), &message, message.count) == 0 else {
      throw SecretStoreError(
        backend: name,
        problem:
          "libsecret cannot be loaded (\(String(nulTerminated: message))): install it (Debian/Ubuntu: apt install libsecret-1-0; Fedora: dnf install libsecret), or keep the keys in pass (ROLESH_KEYS_BACKEND=pass)")
    }
  }

  private func check(_ result: Int32, _ message: [CChar], _ doing: String) throws {
    switch result {
    case 0, 1: return
    case -2:
      throw SecretStoreError(
        backend: name,
        problem:
          "the Secret Service did not answer within \(Int(timeout)) s while \(doing) (a locked keyring waiting for a password prompt?): unlock it, or keep the keys in pass (ROLESH_KEYS_BACKEND=pass)")
    default:
      let text = TerminalText.sanitized(String(nulTerminated: message), keepNewlines: false)
      let locked = text.lowercased().contains("lock") || text.lowercased().contains("prompt") || text.lowercased().contains("display")
      throw SecretStoreError(
        backend: name,
        problem: "\(doing) failed: \(text)" + (locked ? " (the keyring is locked and cannot be unlocked here: unlock it in your session, or keep the keys in pass with ROLESH_KEYS_BACKEND=pass)" : ""))
    }
  }

  package func read(_ item: SecretItem) throws -> [UInt8]? {
    try prepare()
    var message = [CChar](repeating: 0, count: 512)
    var found: UnsafeMutablePointer<CChar>?
    let result = rolesh_secret_lookup(item.service, item.profile, &found, timeout, &message, message.count)
    defer { rolesh_secret_free(found) }
    try check(result, message, "reading the item for profile \(item.profile)")
    guard result == 0, let found else { return nil }
    return Array(UnsafeBufferPointer(start: UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self), count: strlen(found)))
  }

  package func write(_ item: SecretItem, secret: [UInt8], label: String) throws {
    try prepare()
    guard !secret.contains(0) else { throw SecretStoreError(backend: name, problem: "a secret cannot hold a NUL byte") }
    var message = [CChar](repeating: 0, count: 512)
    var text = secret.map { CChar(bitPattern: $0) } + [0]
    defer { for index in text.indices { text[index] = 0 } }
    let result = rolesh_secret_store(item.service, item.profile, label, &text, timeout, &message, message.count)
    try check(result, message, "storing the item for profile \(item.profile)")
  }

  @discardableResult package func delete(_ item: SecretItem) throws -> Bool {
    try prepare()
    var message = [CChar](repeating: 0, count: 512)
    let result = rolesh_secret_clear(item.service, item.profile, timeout, &message, message.count)
    try check(result, message, "removing the item for profile \(item.profile)")
    return result == 0
  }
}
