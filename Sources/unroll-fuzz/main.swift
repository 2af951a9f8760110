// `unroll-fuzz TARGET [FILE|DIRECTORY...]`: built normally, replays the inputs through TARGET and exits
// non-zero when any breaks a promise (regression mode). Built for fuzzing (`scripts/fuzz`: -sanitize=fuzzer
// -DUNROLL_FUZZ), hands TARGET's callback to libFuzzer with the remaining arguments as libFuzzer's.
import Foundation
import UnrollFuzzTargets

#if canImport(Glibc)
import Glibc
#endif

func usage() -> Never {
    let names = FuzzTargets.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
    FileHandle.standardError.write(Data("usage: unroll-fuzz TARGET [FILE|DIRECTORY...]\ntargets:\n\(names)\n".utf8))
    exit(2)
}

// libFuzzer's fork mode starts this program again with libFuzzer's arguments alone: the target then comes
// from the environment, which scripts/fuzz sets.
let fromEnvironment = ProcessInfo.processInfo.environment["UNROLL_FUZZ_TARGET"]
var arguments = CommandLine.arguments
if arguments.count < 2 || arguments[1].hasPrefix("-") || FuzzTargets.named(arguments[1]) == nil, let name = fromEnvironment {
    arguments.insert(name, at: 1)
}
let targetGiven = arguments.count > CommandLine.arguments.count ? 0 : 1
guard arguments.count >= 2, !arguments[1].hasPrefix("-") else { usage() }
guard let chosen = FuzzTargets.named(arguments[1]) else {
    FileHandle.standardError.write(Data("unroll-fuzz: no target named '\(arguments[1])'\n".utf8))
    usage()
}

/// The target libFuzzer's callback runs: set once, before the first call.
nonisolated(unsafe) var selected: FuzzTarget = chosen
/// Signatures of problems already known (`Fuzz/known-failures.tsv`, passed by scripts/fuzz one per line in
/// UNROLL_FUZZ_KNOWN): an input that breaks only those does not stop the fuzzer, which looks for new ones.
let knownSignatures = Set((ProcessInfo.processInfo.environment["UNROLL_FUZZ_KNOWN"] ?? "").split(separator: "\n").map(String.init))

#if UNROLL_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

// libFuzzer reads its own options from argv: drop TARGET from it.
var argc = CommandLine.argc - Int32(targetGiven)
let original = CommandLine.unsafeArgv
let shifted = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: Int(argc) + 1)
shifted[0] = original[0]
for k in 1..<Int(argc) { shifted[k] = original[k + targetGiven] }
shifted[Int(argc)] = nil
var argv = shifted
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    do throws(FuzzProblem) { try selected.run(bytes) } catch {
        if knownSignatures.contains(error.signature) { return 0 }
        // libFuzzer saves the input that makes the process die.
        FileHandle.standardError.write(Data("unroll-fuzz \(selected.name): \(error)\nunroll-fuzz signature: \(error.signature)\n".utf8))
        abort()
    }
    return 0
})
#else
let report = Regression.replay(selected, paths: Array(arguments.dropFirst(2)))
exit(report ? 0 : 1)
#endif
