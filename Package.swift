// swift-tools-version:6.0
import PackageDescription

// The target graph is the architecture (README, "Where things go"): each target imports only
// the targets it names here, all below it. Builds check imports against the graph
// (`--explicit-target-dependency-import-check error`, Makefile); Tests/integration/
// test_architecture.py checks each import against the target's own list.
//
//   rolesh (CLI) ─▶ RoleEngine (and RoleshSupport) ─▶ RoleshShell, RoleshLua, RoleshCurl, RoleshCredentials
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
        "RoleEngine", "RoleshSupport", "CBuildInfo", "CLibcCompat", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The version and the commit `rolesh --version` prints (commit.h is written by make).
    .target(name: "CBuildInfo"),
    // glibc functions newer than the oldest glibc the release binary promises (arc4random, which
    // the linked-in C++ runtime calls), so it loads on glibc 2.35.
    .target(name: "CLibcCompat"),
    // The application layer: composes the layers below into what a command does.
    .target(
      name: "RoleEngine",
      dependencies: [
        "RoleshShell", "RoleshLua", "RoleshCurl", "RoleshKeyring", "RoleshCredentials", "RoleshAWS", "RoleshConfig",
        "RoleshSupport",
      ]),
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
    // Key stores for long-term keys: the Secret Service through libsecret (the only importer of
    // CSecret) and pass; implement the credentials layer's SecretStore.
    .target(name: "RoleshKeyring", dependencies: ["RoleshCredentials", "RoleshSupport", "CSecret"]),
    // Lua plugins: the only importer of CLua; implements the credentials layer's PluginHost.
    .target(name: "RoleshLua", dependencies: ["RoleshCredentials", "RoleshAWS", "RoleshSupport", "CLua"]),
    // HTTP over libcurl: the only importer of CCurl; implements HTTPTransport.
    .target(name: "RoleshCurl", dependencies: ["RoleshAWS", "RoleshSupport", "CCurl"]),
    // Credential sources, plans, the shared cache, MFA, the plugin protocol.
    .target(name: "RoleshCredentials", dependencies: ["RoleshAWS", "RoleshConfig", "RoleshSupport"]),
    // AWS wire protocols: SigV4, the HTTPTransport protocol, STS, IAM Identity Center, the
    // federation endpoint, the loopback listener and the container credential server.
    .target(name: "RoleshAWS", dependencies: ["RoleshConfig", "RoleshSupport"]),
    // The shared config and credentials files, botocore's INI dialect.
    .target(name: "RoleshConfig", dependencies: ["RoleshSupport"]),
    // Foundation-free basics: environment, files, JSON, Python text rules, time, errors.
    .target(name: "RoleshSupport"),
    // libsecret is opened with dlopen when a key store is used; no header of it is needed.
    .target(name: "CSecret", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
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
    // Tests, one target per library, each beside the layer it tests; shared doubles (a
    // scripted transport, a seeded random source, STS answers) in RoleshTestSupport.
    .target(
      name: "RoleshTestSupport", dependencies: ["RoleshCredentials", "RoleshAWS", "RoleshSupport"], path: "Tests/TestSupport"),
    .testTarget(name: "RoleshSupportTests", dependencies: ["RoleshSupport", "RoleshTestSupport"]),
    .testTarget(name: "RoleshConfigTests", dependencies: ["RoleshConfig", "RoleshSupport"]),
    .testTarget(name: "RoleshAWSTests", dependencies: ["RoleshAWS", "RoleshConfig", "RoleshSupport"]),
    .testTarget(
      name: "RoleshCredentialsTests",
      dependencies: ["RoleshCredentials", "RoleshAWS", "RoleshConfig", "RoleshSupport", "RoleshTestSupport"]),
    .testTarget(name: "RoleshShellTests", dependencies: ["RoleshShell", "RoleshSupport", "RoleshTestSupport"]),
    .testTarget(
      name: "RoleEngineTests",
      dependencies: [
        "RoleEngine", "RoleshCredentials", "RoleshShell", "RoleshAWS", "RoleshConfig", "RoleshSupport", "RoleshTestSupport",
      ]),
    // The built binary end to end.
    .testTarget(
      name: "RoleshTests", dependencies: ["rolesh", "RoleEngine", "RoleshShell", "RoleshSupport", "RoleshTestSupport"],
      exclude: ["Snapshots"]),
  ]
)
