// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stockpile",
    products: [
        // MARK: - Public API
        .library(name: "LinearModel", targets: ["LinearModel"]),
        .library(name: "GLPKSolver", targets: ["GLPKSolver"]),
        .library(name: "Stockpile", targets: ["Stockpile"]),
        .executable(name: "stockpile", targets: ["StockpileCLI"]),
        .executable(name: "stockpile-bench", targets: ["StockpileBenchmark"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // MARK: - Public API

        /// Solver-neutral linear and mixed-integer model builder. Pure Swift, no GLPK.
        .target(name: "LinearModel"),

        /// The only Swift code that calls GLPK.
        .target(name: "GLPKSolver", dependencies: ["LinearModel", "CGLPK"]),

        /// The planning domain: materials, offers, caps, budgets, model files, the two-stage
        /// purchase plan and its reports. Sees `LinearModel` only, never GLPK.
        .target(
            name: "Stockpile",
            dependencies: [
                "LinearModel", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),

        /// The `stockpile` command: parses, calls the domain, prints. No optimisation logic.
        .executableTarget(
            name: "StockpileCLI",
            dependencies: ["Stockpile", "GLPKSolver", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: - Implementation details

        /// GLPK from Debian's `libglpk-dev` (no pkg-config file: linked by name), plus the
        /// small C shim that runs every coarse GLPK step under `setjmp`.
        .target(name: "CGLPK", linkerSettings: [.linkedLibrary("glpk")]),

        /// Benchmark executable (release mode): `swift run -c release stockpile-bench`.
        .executableTarget(name: "StockpileBenchmark", dependencies: ["LinearModel", "GLPKSolver"]),

        // MARK: - Examples
        .executableTarget(name: "plan-in-code", dependencies: ["Stockpile", "GLPKSolver"], path: "Examples/plan-in-code"),

        // MARK: - Tests
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel"]),
        .testTarget(name: "GLPKSolverTests", dependencies: ["LinearModel", "GLPKSolver"]),
        .testTarget(
            name: "StockpileTests",
            dependencies: ["Stockpile", "GLPKSolver", "LinearModel", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "StockpileCLITests", dependencies: ["StockpileCLI"]),
    ],
    swiftLanguageModes: [.v6]
)
