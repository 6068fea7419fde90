#!/usr/bin/env bash
# Why rolesh hashes with its own SHA-1/SHA-256/HMAC (RoleshSupport/Digest.swift) instead of
# swift-crypto: start-up of three static binaries side by side — a minimal Swift program, one
# computing SHA-256 and HMAC with rolesh's Digest, one with swift-crypto 4 (FoundationEssentials).
# Builds a scratch package in a temporary folder (the first build takes a minute or two).
# Usage: bench/crypto_startup.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t rolesh-crypto.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources/WithCrypto" "$work/Sources/WithDigest" "$work/Sources/Hello"
cat >"$work/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(
  name: "cryptobench",
  dependencies: [.package(url: "https://github.com/apple/swift-crypto", from: "4.5.2")],
  targets: [
    .executableTarget(name: "WithCrypto", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
    .executableTarget(name: "WithDigest"),
    .executableTarget(name: "Hello"),
  ]
)
SWIFT
cat >"$work/Sources/WithCrypto/main.swift" <<'SWIFT'
import Crypto
let digest = SHA256.hash(data: Array("rolesh warm path".utf8))
let mac = HMAC<SHA256>.authenticationCode(for: Array("message".utf8), using: SymmetricKey(data: Array("key".utf8)))
print(Array(digest).count, Array(mac).count)
SWIFT
sed 's/^package //; s/  package /  /' "$ROOT/Sources/RoleshSupport/Digest.swift" >"$work/Sources/WithDigest/Digest.swift"
cat >"$work/Sources/WithDigest/main.swift" <<'SWIFT'
let digest = Digest.sha256(Array("rolesh warm path".utf8))
let mac = Digest.hmacSHA256(key: Array("key".utf8), message: Array("message".utf8))
print(digest.count, mac.count)
SWIFT
echo 'print("hello")' >"$work/Sources/Hello/main.swift"
(cd "$work" && swift build -c release --static-swift-stdlib >/dev/null)
cd "$work/.build/release"
ls -l Hello WithDigest WithCrypto | awk '{printf "%-12s %6.1f MB\n", $9, $5 / 1048576}'
hyperfine -N --warmup 10 --runs 300 ./Hello ./WithDigest ./WithCrypto 2>/dev/null | grep -E "Benchmark|Time"
