// swift-tools-version:6.0
import PackageDescription

// The target graph is the architecture (README, "Where things go"): each library target may
// import only the ones below it, and the compiler holds everyone to it.
//
//   rolesh (CLI) ─▶ RoleEngine ─▶ RoleshShell, RoleshLua, RoleshCurl, RoleshCredentials
//   RoleshLua ─▶ RoleshCredentials, CLua        RoleshCurl ─▶ RoleshAWS, CCurl
//   RoleshCredentials ─▶ RoleshAWS ─▶ RoleshConfig ─▶ RoleshSupport
//   RoleshShell ─▶ RoleshSupport
let package = Package(
  name: "rolesh",
  products: [
    .executable(name: "rolesh", targets: ["rolesh"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // The command line: one file per subcommand over the application layer.
    .executableTarget(
      name: "rolesh",
      dependencies: [
        "RoleEngine", "RoleshCredentials", "RoleshShell", "RoleshLua", "RoleshCurl", "RoleshAWS", "RoleshConfig",
        "RoleshSupport", "CBuildInfo", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The version and the commit `rolesh --version` prints (commit.h is written by make).
    .target(name: "CBuildInfo"),
    // The application layer: composes the layers below into what a command does.
    .target(name: "RoleEngine", dependencies: ["RoleshShell", "RoleshLua", "RoleshCurl", "RoleshCredentials"]),
    // Shells: quoting, transitions, integration scripts, `.awsrole` and trust.
    .target(
      name: "RoleshShell",
      dependencies: ["RoleshSupport"],
      // The integration scripts are compiled into the binary (`rolesh init`); shell/ at the
      // top level links to these files.
      resources: [
        .embedInCode("Scripts/rolesh.bash"),
        .embedInCode("Scripts/rolesh.zsh"),
        .embedInCode("Scripts/rolesh.fish"),
      ]
    ),
    // Lua plugins: the only importer of CLua; implements the credentials layer's PluginHost.
    .target(name: "RoleshLua", dependencies: ["RoleshCredentials", "CLua"]),
    // HTTP over libcurl: the only importer of CCurl; implements HTTPTransport.
    .target(name: "RoleshCurl", dependencies: ["RoleshAWS", "CCurl"]),
    // Credential sources, plans, the shared cache, MFA, the plugin protocol.
    .target(name: "RoleshCredentials", dependencies: ["RoleshAWS", "RoleshConfig"]),
    // AWS wire protocols: SigV4, the HTTPTransport protocol, STS.
    .target(name: "RoleshAWS", dependencies: ["RoleshConfig"]),
    // The shared config and credentials files, botocore's INI dialect.
    .target(name: "RoleshConfig", dependencies: ["RoleshSupport"]),
    // Foundation-free basics: environment, files, JSON, Python text rules, time, errors.
    .target(name: "RoleshSupport"),
    // libcurl is opened with dlopen on first use, so it is not a link dependency.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
    // liblua5.4 is opened with dlopen when a plugin is loaded; only its headers (vendored,
    // MIT-licensed, see vendor/lua5.4/LICENSE) are used here.
    .target(
      name: "CLua",
      exclude: ["vendor/lua5.4/LICENSE"],
      cSettings: [.headerSearchPath("vendor/lua5.4")],
      linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]
    ),
    .testTarget(
      name: "RoleEngineTests",
      dependencies: ["RoleEngine", "RoleshCredentials", "RoleshShell", "RoleshLua", "RoleshAWS", "RoleshConfig", "RoleshSupport"]
    ),
    .testTarget(
      name: "RoleshTests", dependencies: ["rolesh", "RoleEngine", "RoleshShell", "RoleshSupport"], exclude: ["Snapshots"]),
  ]
)
