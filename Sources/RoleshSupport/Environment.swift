#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A snapshot of the process environment. Everything in RoleEngine reads variables through
/// this value, so tests can resolve profiles under any environment without touching the
/// process's own.
package struct Environment: Sendable {
  package var variables: [String: String]

  package init(_ variables: [String: String]) {
    self.variables = variables
  }

  /// The environment this process was started with.
  package static func current() -> Environment {
    var count = 0
    while environ[count] != nil { count += 1 }
    var variables: [String: String] = [:]
    variables.reserveCapacity(count)
    var pointer = environ
    while let entry = pointer.pointee {
      // Bytes, not Characters: splitting at the first `=` needs no grapheme breaking (this runs
      // on every warm `export` and every prompt hook).
      let length = strlen(entry)
      entry.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        let buffer = UnsafeBufferPointer(start: bytes, count: length)
        if let equals = buffer.firstIndex(of: UInt8(ascii: "=")) {
          let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<equals]), as: UTF8.self)
          // The first definition wins, as with getenv(3).
          if variables[name] == nil {
            variables[name] = String(decoding: UnsafeBufferPointer(rebasing: buffer[(equals + 1)...]), as: UTF8.self)
          }
        }
      }
      pointer += 1
    }
    return Environment(variables)
  }

  package subscript(name: String) -> String? { variables[name] }

  /// A variable that is set and not empty (the AWS SDKs treat empty as unset for most).
  package func nonEmpty(_ name: String) -> String? {
    guard let value = variables[name], !value.isEmpty else { return nil }
    return value
  }

  /// A boolean setting compared case-insensitively with `true`, as botocore does.
  package func isTrue(_ name: String) -> Bool {
    variables[name]?.lowercased() == "true"
  }

  /// `$HOME`, else the password database.
  package var homeDirectory: String {
    if let home = variables["HOME"] { return home }
    if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) }
    return "/"
  }

  /// The login name for default session names: `$USER`, `$LOGNAME`, else the password database.
  package var userName: String {
    if let user = nonEmpty("USER") ?? nonEmpty("LOGNAME") { return user }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "user"
  }

  /// `$PWD` when it is absolute (the path the user sees), else getcwd(3).
  package var workingDirectory: String {
    if let pwd = variables["PWD"], pwd.hasPrefix("/") { return pwd }
    var buffer = [CChar](repeating: 0, count: 4096)
    return getcwd(&buffer, buffer.count) != nil ? String(nulTerminated: buffer) : "/"
  }

  /// Python's `os.path.expandvars` then `os.path.expanduser`, the order botocore applies them
  /// to `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`.
  package func expandPath(_ path: String) -> String {
    expandUser(expandVariables(path))
  }

  /// `$name` and `${name}` with `name` of `[A-Za-z0-9_]+`; unknown variables stay as written.
  package func expandVariables(_ path: String) -> String {
    guard path.contains("$") else { return path }
    let scalars = Array(path.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    func isWord(_ s: Unicode.Scalar) -> Bool {
      (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
    }
    while index < scalars.count {
      let scalar = scalars[index]
      guard scalar == "$", index + 1 < scalars.count else {
        out.append(scalar)
        index += 1
        continue
      }
      var end = index + 1
      var name: String?
      if scalars[end] == "{" {
        if let close = scalars[(end + 1)...].firstIndex(of: "}") {
          name = PythonText.string(scalars[(end + 1)..<close])
          end = close + 1
        }
      } else {
        while end < scalars.count, isWord(scalars[end]) { end += 1 }
        if end > index + 1 { name = PythonText.string(scalars[(index + 1)..<end]) }
      }
      if let name, let value = variables[name] {
        out.append(contentsOf: value.unicodeScalars)
        index = end
      } else if name != nil {
        out.append(contentsOf: scalars[index..<end])
        index = end
      } else {
        out.append(scalar)
        index += 1
      }
    }
    return String(out)
  }

  /// `~` and `~user` at the start of a path.
  package func expandUser(_ path: String) -> String {
    guard path.hasPrefix("~") else { return path }
    let afterTilde = path.dropFirst()
    let slash = afterTilde.firstIndex(of: "/") ?? afterTilde.endIndex
    let user = String(afterTilde[..<slash])
    var home: String
    if user.isEmpty {
      home = homeDirectory
    } else {
      guard let entry = getpwnam(user), let dir = entry.pointee.pw_dir else { return path }
      home = String(cString: dir)
    }
    while home.hasSuffix("/") { home.removeLast() }
    // String + String: appending a Substring goes through the unspecialised generic append
    // (an associated-type lookup at run time on every warm `export`).
    let result = home + String(afterTilde[slash...])
    return result.isEmpty ? "/" : result
  }
}

extension String {
  /// The text of a NUL-terminated C buffer (up to its first NUL).
  package init(nulTerminated buffer: [CChar]) {
    let end = buffer.firstIndex(of: 0) ?? buffer.endIndex
    self = String(decoding: buffer[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
