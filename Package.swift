// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Exhibit",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "exhibit", targets: ["exhibit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3" ..< "5.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
                      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .target(
            name: "Exhibit",
            dependencies: ["CSQLite", "CZlib", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdCore", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "Logging", package: "swift-log"), "ExhibitTOML",
                           .product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Exhibit"
        ),
        .target(
            name: "ExhibitTOML",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")],
            path: "Sources/ExhibitTOML"
        ),
        .executableTarget(
            name: "exhibit",
            dependencies: [
                "Exhibit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/exhibit"
        ),
        .executableTarget(
            name: "exhibit-bench",
            dependencies: [
                "Exhibit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/exhibit-bench"
        ),
        .testTarget(
            name: "ExhibitTests",
            dependencies: ["Exhibit", "exhibit", "exhibit-bench", "CLibXML2", "CSQLite"],
            path: "Tests/ExhibitTests",
            exclude: ["Fixtures"]
        ),
    ]
)
