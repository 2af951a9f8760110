import Foundation
import Testing
import UnrollFuzzTargets

#if canImport(Glibc)
import Glibc
#endif

/// Every committed fuzz input (`Fuzz/corpus/TARGET/`) replayed through its target on every `swift test`,
/// so whatever the fuzzers once found stays fixed. Inputs that still fail, each listed with its finding in
/// `Fuzz/known-failures.tsv`, run in a child process (a trap there cannot end the suite) as known issues,
/// until their fix lands and the line is removed.
@Suite struct CorpusReplayTests {
    /// A committed input that still breaks a promise: its path under `Fuzz/corpus`, the finding, and where.
    struct KnownFailure: Sendable, CustomTestStringConvertible {
        let path: String, finding: String, signature: String
        var testDescription: String { "\(path) (\(finding))" }
    }

    static let knownFailures: [KnownFailure] = {
        let file = FuzzCorpus.directory + "/../known-failures.tsv"
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            return fields.count >= 3 ? KnownFailure(path: fields[0], finding: fields[1], signature: fields[2]) : nil
        }
    }()

    static func relative(_ file: String) -> String { String(file.dropFirst(FuzzCorpus.directory.count + 1)) }

    @Test(arguments: FuzzTargets.all.map(\.name))
    func everyCommittedInputStillPasses(target name: String) throws {
        let target = try #require(FuzzTargets.named(name))
        let files = target.corpora.flatMap { FuzzCorpus.files(at: FuzzCorpus.directory + "/" + $0) }
        #expect(files.count >= 3, "Fuzz/corpus/\(target.corpora) hold \(files.count) inputs")
        let known = Set(Self.knownFailures.map(\.path))
        for file in files where !known.contains(Self.relative(file)) {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            do { try target.run(bytes) } catch { Issue.record("\(Self.relative(file)): \(error)") }
        }
    }

    @Test func everyKnownFailureIsACommittedInputOfAKnownTarget() {
        for failure in Self.knownFailures {
            let directory = failure.path.split(separator: "/").first.map(String.init) ?? ""
            #expect(FuzzTargets.reading(corpus: directory) != nil, "\(failure.path): no target reads Fuzz/corpus/\(directory)")
            #expect(FileManager.default.fileExists(atPath: FuzzCorpus.directory + "/" + failure.path), "\(failure.path) is not in the corpus")
            #expect(failure.finding.hasPrefix("F"), "\(failure.path): a finding is named F1, F2, …")
        }
    }

    /// Each input that still fails, in a child process with a minute and 4 GB: it must still fail, and the
    /// way the list says (a trap at its source line, or its broken promise); then it is a known issue. Once
    /// it passes, this fails: its fix has landed, and its line comes out of `Fuzz/known-failures.tsv`.
    @Test(arguments: knownFailures)
    func knownFailuresStillFailUntilFixed(_ failure: KnownFailure) async {
        let path = failure.path
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent],
                                   "\(path) passes now: remove its line from Fuzz/known-failures.tsv") { [path = path as String] in
            var limit = rlimit(rlim_cur: 4 << 30, rlim_max: 4 << 30)
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
            alarm(60)
            let target = FuzzTargets.reading(corpus: String(path.split(separator: "/")[0]))!
            let bytes = [UInt8](FileManager.default.contents(atPath: FuzzCorpus.directory + "/" + path) ?? Data())
            do throws(FuzzProblem) { try target.run(bytes) } catch {
                FileHandle.standardError.write(Data("\(path): \(error)\n".utf8))
                exit(1)
            }
        }
        guard let result else { return }
        let report = String(decoding: result.standardErrorContent, as: UTF8.self)
        // A trap is listed by its source line, which a release or debug backtrace may not print: a signal
        // is the trap; a broken promise prints its signature.
        let trap = failure.signature.contains(".swift:")
        if trap ? result.exitStatus != .exitCode(1) : report.contains(failure.signature) {
            withKnownIssue("\(failure.finding): \(failure.signature)") { Issue.record("\(path) still fails (\(result.exitStatus))") }
        } else {
            Issue.record("\(path) fails, but not as \(failure.finding) (\(failure.signature)) says: \(result.exitStatus), \(report.prefix(600))")
        }
    }
}
