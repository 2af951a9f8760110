/// One fuzz target: a reader of Unroll's input, driven end to end on arbitrary bytes, with the invariants
/// every reader promises (no trap, bounded time, errors as one short printable line) checked on the way.
public struct FuzzTarget: Sendable {
    /// The name on the command line.
    public let name: String
    /// Its corpus directories under `Fuzz/corpus`: the first holds the inputs fuzzing found (and grows), the
    /// others are read as seeds too. The name, but `lessons` for `lesson` (where the lesson tests keep their
    /// inputs), and `json-fuzz` then `json` for `json` (`json/` holds named documents that `JSONCorpusTests`
    /// expects each reader to take or refuse, so what fuzzing finds goes beside it).
    public let corpora: [String]
    /// What the target reads, for `unroll-fuzz --help`.
    public let summary: String
    /// Runs one input; a broken invariant is thrown, a trap is a trap.
    public let run: @Sendable ([UInt8]) throws(FuzzProblem) -> Void

    /// A target named `name` that runs `run`.
    public init(name: String, corpora: [String]? = nil, summary: String, run: @escaping @Sendable ([UInt8]) throws(FuzzProblem) -> Void) {
        self.name = name
        self.corpora = corpora ?? [name]
        self.summary = summary
        self.run = run
    }
}

/// A broken invariant: where, what kind, and the details, for the crash report and the test failure.
public struct FuzzProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The reader or step that broke it (`"decodeTraceInput"`, `"render"`).
    public let place: String
    /// What kind of promise broke, the same words every time (`"an error message with a control character"`).
    public let kind: String
    /// What this input made of it.
    public let detail: String

    /// A problem of `kind` at `place`.
    public init(_ place: String, _ kind: String, _ detail: String = "") {
        self.place = place
        self.kind = kind
        self.detail = detail
    }

    /// `place: kind`, the same for every input that breaks the same promise in the same place: what
    /// `Fuzz/known-failures.tsv` names and `scripts/fuzz` groups crashes by.
    public var signature: String { "\(place): \(kind)" }

    public var description: String { detail.isEmpty ? signature : "\(signature): \(detail)" }
}

/// Every fuzz target, by name.
public enum FuzzTargets {
    /// The targets in the order `scripts/fuzz` runs them.
    public static let all: [FuzzTarget] = [JSONFuzz.target, LessonFuzz.target, ConditionFuzz.target, StreamFuzz.target, KeysFuzz.target, SafeTensorsFuzz.target, StreamValuesFuzz.target, SeriesCSVFuzz.target]

    /// The target called `name`, or nil.
    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// The target that reads the corpus directory `directory`, or nil.
    public static func reading(corpus directory: String) -> FuzzTarget? { all.first { $0.corpora.contains(directory) } }
}
