import Foundation
import UnrollFuzzTargets

#if canImport(Glibc)
import Glibc
#endif

/// The file being replayed, as a C string a crash handler may write without allocating.
nonisolated(unsafe) private var currentFile = [CChar](repeating: 0, count: 4096)

/// The signals a trap or a crash raises, and the handlers that were there before.
private let crashSignals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]
nonisolated(unsafe) private var previousActions = [Glibc.sigaction](repeating: Glibc.sigaction(), count: 6)

/// Regression mode: each input replayed once through a target.
enum Regression {
    /// Replays every file at `paths` (directories recursively, without READMEs and hidden files); prints
    /// each problem as `FILE: problem` and returns whether there was none. A trap names its file first.
    static func replay(_ target: FuzzTarget, paths: [String]) -> Bool {
        installCrashReport()
        var failures = 0, count = 0
        for file in paths.flatMap(FuzzCorpus.files(at:)) {
            guard let data = FileManager.default.contents(atPath: file) else {
                standardError("\(file): cannot be read")
                failures += 1
                continue
            }
            setCurrent(file)
            count += 1
            do { try target.run([UInt8](data)) } catch {
                standardError("\(file): \(error)")
                failures += 1
            }
        }
        print("unroll-fuzz \(target.name): \(count) inputs, \(failures) with a problem")
        return failures == 0
    }

    static func standardError(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    static func setCurrent(_ file: String) {
        let bytes = Array(file.utf8.prefix(currentFile.count - 1))
        for (k, b) in bytes.enumerated() { currentFile[k] = CChar(bitPattern: b) }
        currentFile[bytes.count] = 0
    }

    /// On a trap, say which input it was, then hand the signal to the handler before ours (the Swift
    /// runtime's backtrace).
    static func installCrashReport() {
        for number in crashSignals {
            var action = Glibc.sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let prefix = "unroll-fuzz: crashed on "
                _ = prefix.withCString { write(2, $0, strlen($0)) }
                currentFile.withUnsafeBufferPointer { _ = write(2, $0.baseAddress!, strlen($0.baseAddress!)) }
                _ = write(2, "\n", 1)
                if let k = crashSignals.firstIndex(of: number) { sigaction(number, &previousActions[k], nil) }
                raise(number)
            }
            sigaction(number, &action, &previousActions[crashSignals.firstIndex(of: number)!])
        }
    }
}
