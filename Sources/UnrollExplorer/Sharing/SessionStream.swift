import UnrollCore

/// The format tag of a session stream: what `--record` writes and what a classroom share sends.
public let sessionFormatTag = "unroll-session/1"

/// The lines of a session stream, one JSON object per line: a `start` with the whole state (and the
/// home screen's lessons), then each action as it happened (`action`), and an `end`. Times are
/// milliseconds from the start.
public enum SessionStream {
    /// The latest time a stream may give, in milliseconds (about 35 years): later ones are refused, so no
    /// time read from a stream or a recording overflows when a replay adds to it or scales it.
    public static let latestMilliseconds = 1 << 40

    /// The first line.
    public static func startLine(_ state: ExplorerState, title: String) -> String {
        line([("format", .string(sessionFormatTag)), ("kind", .string("start")), ("title", .string(title)),
              ("state", state.snapshotJSON())])
    }

    /// The line for `action` taken at `milliseconds`, leaving `after`: the action as a follower can replay it.
    public static func line(for action: Action, after: ExplorerState, milliseconds: Int) -> String {
        line([("t", .int(milliseconds)), ("kind", .string("action")), ("action", action.forStream(after: after).json)])
    }

    /// The last line: why the session ended.
    public static func endLine(reason: String, milliseconds: Int) -> String {
        line([("t", .int(milliseconds)), ("kind", .string("end")), ("reason", .string(reason))])
    }

    private static func line(_ members: [(String, JSONValue)]) -> String { JSONValue.object(members).serializedOnOneLine() + "\n" }
}

/// What a line did to a `SessionMirror`.
public enum MirrorChange: Equatable, Sendable {
    case started
    case changed
    case ended(reason: String)
}

/// A follower's or a replay's copy of the teacher's state, kept in step by the lines of a session stream.
/// Effects of replayed actions are ignored: the teacher's side does the work and reports it in the stream.
public struct SessionMirror: Sendable {
    /// The state, once the start line has arrived.
    public private(set) var state: ExplorerState?
    /// The session's title (the share name or the recording's).
    public private(set) var title = ""
    /// Milliseconds from the start of the last line that had a time.
    public private(set) var milliseconds = 0

    public init() {}

    /// Applies one line (without its newline).
    public mutating func apply(line text: String) throws(TraceFormatError) -> MirrorChange {
        let json: JSONValue
        do { json = try JSONParser.parse(text, limits: .sessionLine) } catch { throw TraceFormatError(field: "", "not JSON: \(error.description)") }
        let r = JSONReader(field: "")
        let kind = try r.child("kind").string(json["kind"])
        if let t = json["t"] {
            guard case let .number(text) = t, let ms = Int(text), (0...SessionStream.latestMilliseconds).contains(ms) else {
                throw TraceFormatError(field: "t", "expected whole milliseconds from 0 to \(SessionStream.latestMilliseconds)")
            }
            milliseconds = ms
        }
        switch kind {
        case "start":
            let format = try r.child("format").string(json["format"])
            guard format == sessionFormatTag else {
                throw TraceFormatError(field: "format", "this stream is \(InputText.excerpt(format)); this unroll reads \(sessionFormatTag) (a different version of unroll wrote it)")
            }
            guard let snapshot = json["state"] else { throw TraceFormatError(field: "state", "missing field") }
            state = try ExplorerState(snapshot: snapshot, field: "state")
            if case let .string(t)? = json["title"] { title = t }
            milliseconds = 0
            return .started
        case "action":
            guard var current = state else { throw TraceFormatError(field: "kind", "an action before the start line") }
            guard let actionJSON = json["action"] else { throw TraceFormatError(field: "action", "missing field") }
            let runs = current.training?.runs ?? []
            let action = try Action(json: actionJSON, field: "action") { run in
                runs.indices.contains(run) ? (runs[run].network, runs[run].config.steps) : nil
            }
            _ = update(&current, action)
            state = current
            return .changed
        case "end":
            return .ended(reason: (try? r.child("reason").string(json["reason"])) ?? "")
        default:
            throw TraceFormatError(field: "kind", "unknown kind \"\(InputText.excerpt(kind))\"")
        }
    }
}

extension ExperimentSpec {
    /// Whether a follower can hold this model: whether it is within the explorer's `SizeLimits`.
    public var followable: Bool { sizeProblem(for: .explorer) == nil }

    /// A spec read from a stream: another user's input like any other, so none larger than the explorer
    /// takes, refused before anything is computed for it.
    init(streamed json: JSONValue, field: String) throws(TraceFormatError) {
        do { try self.init(json: json, field: field, for: .explorer) } catch {
            throw TraceFormatError(field: error.field, "the session's model is too large to follow or not one: \(error.message)")
        }
    }
}

extension JSONLimits {
    /// One line of a session stream. The largest is a `start` line: given weights for the explorer's
    /// largest network with a sequence as long as it takes, four training runs of the explorer's length
    /// with a record per update and a gradient profile per evaluation, and the lessons' Markdown.
    public static let sessionLine: JSONLimits = {
        let spec = ExperimentSpec(hidden: SizeLimits.hidden(.explorer).upperBound, length: SizeLimits.length(.explorer).upperBound)
        let sequence = SizeLimits.length(.explorer).upperBound * (SizeLimits.inputSize.upperBound + SizeLimits.outputSize.upperBound)
        let records = 4 * TrainingRecord.values(spec.explorerTraining)
        let values = 2 * SizeLimits.parameters(.explorer) + sequence + records + 2 * ForecastSeries.jsonValues + (1 << 16)
        return JSONLimits(kind: "a session line", bytes: 64 << 20, values: values, stringBytes: lessonSourceBytes)
    }()

    /// A recording: its lines, each within `sessionLine`.
    public static let recordingFile = JSONLimits(kind: "a recording", bytes: 1 << 30, values: sessionLine.values,
                                                 stringBytes: lessonSourceBytes)

    /// The longest lesson source a stream carries: the longest lesson there is.
    static let lessonSourceBytes = LessonParser.maximumBytes
}
