import UnrollCore

/// Where the runtime draws the seeds that `r` puts into `.reseed` actions: a seeded stream, so a recorded
/// or scripted session draws the same seeds again.
public struct SeedSource: Sendable {
    private var generator: SeededGenerator

    /// A stream fixed by `seed`.
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed ^ 0xC0FF_EE00_D15E_A5E5) }

    /// The next seed, kept small enough to read and type.
    public mutating func next() -> UInt64 { generator.next() % 100_000 }
}
