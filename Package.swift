// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stockpile",
    products: [
        // MARK: - Public API
        .library(name: "LinearModel", targets: ["LinearModel"]),
        .library(name: "GLPKSolver", targets: ["GLPKSolver"]),
        .executable(name: "stockpile-bench", targets: ["StockpileBenchmark"]),
    ],
    dependencies: [],
    targets: [
        // MARK: - Public API

        /// Solver-neutral linear and mixed-integer model builder. Pure Swift, no GLPK.
        .target(name: "LinearModel"),

        /// The only Swift code that calls GLPK.
        .target(name: "GLPKSolver", dependencies: ["LinearModel", "CGLPK"]),

        // MARK: - Implementation details

        /// GLPK from Debian's `libglpk-dev` (no pkg-config file: linked by name), plus the
        /// small C shim that runs every coarse GLPK step under `setjmp`.
        .target(name: "CGLPK", linkerSettings: [.linkedLibrary("glpk")]),

        /// Benchmark executable (release mode): `swift run -c release stockpile-bench`.
        .executableTarget(name: "StockpileBenchmark", dependencies: ["LinearModel", "GLPKSolver"]),

        // MARK: - Tests
        .testTarget(name: "LinearModelTests", dependencies: ["LinearModel"]),
        .testTarget(name: "GLPKSolverTests", dependencies: ["LinearModel", "GLPKSolver"]),
    ],
    swiftLanguageModes: [.v6]
)
