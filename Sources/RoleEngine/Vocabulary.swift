import RoleshCredentials
import RoleshShell

/// The words of the lower layers that the CLI speaks, named here so that the CLI imports only
/// this layer (the compiler checks it: `--explicit-target-dependency-import-check error`).

/// How a shell holds an identity: keys (the credentials) or profile (`AWS_PROFILE`).
package typealias ShellMode = RoleshShell.ShellMode

/// An IAM user's access key, checked for its shape.
package typealias StoredKey = RoleshCredentials.StoredKey

/// A role named on the command line (`--role-arn`) instead of in the config.
package typealias OneOffRole = RoleshCredentials.OneOffRole
