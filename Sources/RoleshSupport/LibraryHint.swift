/// What to tell someone whose machine lacks a library rolesh opens at run time (libcurl for the
/// network, liblua for plugins): the package to install, and the variable that points rolesh at
/// a library elsewhere (other distributions, other sonames).
package enum LibraryHint {
  package static func curl(path: String?, reason: String) -> String {
    if let path { return "ROLESH_LIBCURL=\(path) could not be opened (\(reason))" }
    return "libcurl (libcurl.so.4) is not installed (\(reason)): install it — apt-get install libcurl4 on Debian and Ubuntu, dnf install libcurl on Fedora — or set ROLESH_LIBCURL to the library's path"
  }

  package static func lua(path: String?, reason: String) -> String {
    if let path { return "cannot load Lua: ROLESH_LIBLUA=\(path) could not be opened (\(reason))" }
    return "cannot load Lua: liblua 5.4 (liblua5.4.so.0) is not installed (\(reason)): install it — apt-get install liblua5.4-0 on Debian and Ubuntu, dnf install lua-libs on Fedora — or set ROLESH_LIBLUA to the library's path"
  }
}
