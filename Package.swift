// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "rolesh",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "rolesh", targets: ["rolesh"]),
    .library(name: "RoleEngine", targets: ["RoleEngine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
  ],
  targets: [
    .executableTarget(
      name: "rolesh",
      dependencies: [
        "RoleEngine",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .target(
      name: "RoleEngine",
      dependencies: ["CCurl", "CLua"],
      // The shell integration scripts are compiled into the binary (`rolesh init`).
      // shell/ at the top level links to these files.
      resources: [
        .embedInCode("Shell/Scripts/rolesh.bash"),
        .embedInCode("Shell/Scripts/rolesh.zsh"),
        .embedInCode("Shell/Scripts/rolesh.fish"),
      ]
    ),
    // libcurl is opened with dlopen on first use, so it is not a link dependency.
    .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
    // liblua5.4 is opened with dlopen when a plugin is loaded; only its headers are used here.
    .target(
      name: "CLua",
      cSettings: [.unsafeFlags(["-I/usr/include/lua5.4"])],
      linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]
    ),
    .testTarget(name: "RoleEngineTests", dependencies: ["RoleEngine"]),
    .testTarget(name: "RoleshTests", dependencies: ["RoleEngine"]),
  ],
  swiftLanguageModes: [.v5]
)
