// swift-tools-version:6.0
import PackageDescription

// MARK: - Build settings

/// The kernels are built for the machine that builds them: Unroll is always compiled from source, and
/// without a target CPU Swift emits baseline x86-64 code where SIMD fused multiply-adds become libm calls.
let nativeCPU: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

/// Test code is compiled without optimisation: what it calls is the optimised library, and optimising
/// thousands of assertions cost the test build most of its time.
let testCode: [SwiftSetting] = [.unsafeFlags(["-Onone"])]

// MARK: - Package

let package = Package(
    name: "Unroll",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "unroll", targets: ["unroll"]),
        .library(name: "UnrollCore", targets: ["UnrollCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    ],
    targets: [
        // Float kernels, cells, backpropagation through time, analysis, training, trace I/O.
        .target(
            name: "UnrollCore",
            dependencies: ["CLapack", "CProcessor", .product(name: "SwiftCSV", package: "SwiftCSV")],
            resources: [.copy("Datasets")],
            swiftSettings: nativeCPU,
            linkerSettings: [.linkedLibrary("m")]
        ),
        // What the processor's vector unit is, which the products' register blocking is chosen by.
        .target(name: "CProcessor"),
        // Singular values and eigenvalues from LAPACK: OpenBLAS's on Linux (scripts/setup installs
        // libopenblas-serial-dev), Accelerate's on macOS.
        .target(
            name: "CLapack",
            linkerSettings: [
                .linkedLibrary("openblas", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]
        ),
        // The explorer: State, Action, update, and the views that render into an in-memory Canvas.
        .target(
            name: "UnrollExplorer",
            dependencies: ["UnrollCore"]
        ),
        // The only ncurses code: a small C shim over the wide-character API, signals and hang-up.
        .target(
            name: "CNcurses",
            linkerSettings: [.linkedLibrary("ncursesw")]
        ),
        // The ncurses Canvas, key input, resize, signals, colour and ASCII fallbacks, the Terminal protocol
        // with its in-memory twin, and the runtimes (explorer, follower, replay, launcher) that drive one.
        .target(
            name: "UnrollTerminal",
            dependencies: ["UnrollExplorer", "UnrollCore", "UnrollSharing", "CNcurses", "CPlatform"]
        ),
        // Classroom sockets (the teacher's share, a follower's connection and its reader thread), the share
        // directory, and files written as a session goes (recordings): no terminal code.
        .target(
            name: "UnrollSharing",
            dependencies: ["UnrollExplorer", "UnrollCore", "CPlatform"]
        ),
        // C library calls the Swift overlay does not export or makes awkward (allocator tuning, Unix sockets).
        .target(name: "CPlatform"),
        // Timing of the kernels and of the explorer's keys: `unroll bench`. Kept apart so the core carries no
        // benchmark code.
        .target(
            name: "UnrollBench",
            dependencies: ["UnrollCore", "UnrollExplorer"],
            swiftSettings: nativeCPU
        ),
        // Command-line parsing and wiring.
        .executableTarget(
            name: "unroll",
            dependencies: [
                "UnrollCore",
                "UnrollExplorer",
                "UnrollTerminal",
                "UnrollSharing",
                "UnrollBench",
                "CPlatform",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: nativeCPU
        ),
        // For the tests: whole-screen assertions and snapshot files, canvas helpers, and (Processes/) the
        // runners of the built binary on pipes, a pseudo-terminal or posix_spawn.
        .target(
            name: "UnrollTestSupport",
            dependencies: ["UnrollExplorer", "UnrollCore"]
        ),
        // Fuzz targets: each reader of Unroll's input driven end to end on arbitrary bytes (Fuzz/TARGETS.md).
        .target(
            name: "UnrollFuzzTargets",
            dependencies: ["UnrollCore", "UnrollExplorer"]
        ),
        // `unroll-fuzz TARGET`: replays inputs through a target, or runs libFuzzer on it when built by scripts/fuzz.
        .executableTarget(
            name: "unroll-fuzz",
            dependencies: ["UnrollFuzzTargets"]
        ),
        .testTarget(
            name: "UnrollCoreTests",
            dependencies: ["UnrollCore"],
            resources: [.copy("Fixtures")],
            swiftSettings: testCode
        ),
        .testTarget(
            name: "UnrollExplorerTests",
            dependencies: ["UnrollExplorer", "UnrollCore", "UnrollTestSupport"],
            exclude: ["MalformedLessons", "__Snapshots__"],
            swiftSettings: testCode
        ),
        // Every committed fuzz input replayed, and the monkey: random keys and sizes on every screen.
        .testTarget(
            name: "UnrollFuzzTests",
            dependencies: ["UnrollFuzzTargets", "UnrollExplorer", "UnrollCore"],
            swiftSettings: testCode
        ),
        // The runtimes on a terminal in memory: the explorer, the classroom, replays and the kiosk, without tmux.
        .testTarget(
            name: "UnrollRuntimeTests",
            dependencies: ["UnrollTerminal", "UnrollSharing", "UnrollExplorer", "UnrollCore", "UnrollTestSupport"],
            exclude: ["__Snapshots__"],
            swiftSettings: testCode
        ),
        // Runs the built `unroll` binary as a user would: exit statuses, messages, files.
        .testTarget(
            name: "UnrollCommandTests",
            dependencies: ["unroll", "UnrollCore", "UnrollTestSupport"],
            swiftSettings: testCode
        ),
    ],
    swiftLanguageModes: [.v6]
)
