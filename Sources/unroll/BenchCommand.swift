import ArgumentParser

/// `unroll bench`: placeholder until the benchmark target lands.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Time the kernels.")
    func run() throws {}
}
