/// What the launcher gives a session before it starts: the course, the learner's saved progress, the
/// sessions shared now, a line for the home screen, and whether to open on it. It reaches the state as
/// `Action.open`, through `update`, like every other change.
public struct Opening: Equatable, Sendable {
    /// The lessons of the course (nil: as they are).
    public var course: [Lesson]?
    /// The saved progress (nil: as it is); an open lesson takes its passed steps from it.
    public var progress: LessonProgress?
    /// The classroom sessions shared now (nil: as they are).
    public var sessions: [String]?
    /// A line for the home screen: a damaged progress file, why a followed session ended (nil: none new).
    public var notice: String?
    /// Open on the home screen, its cursor on what comes next in the course.
    public var home: Bool

    public init(course: [Lesson]? = nil, progress: LessonProgress? = nil, sessions: [String]? = nil, notice: String? = nil, home: Bool = false) {
        self.course = course
        self.progress = progress
        self.sessions = sessions
        self.notice = notice
        self.home = home
    }

    /// Lessons have no equality of their own; an opening names its course by the lessons' ids and files.
    public static func == (a: Opening, b: Opening) -> Bool {
        a.course?.map(\.id) == b.course?.map(\.id) && a.course?.map(\.file) == b.course?.map(\.file) && a.progress == b.progress
            && a.sessions == b.sessions && a.notice == b.notice && a.home == b.home
    }
}

extension ExplorerState {
    /// Takes what the launcher opens the session with (see `Opening`).
    mutating func open(_ opening: Opening) {
        if let course = opening.course { library = course }
        if let progress = opening.progress {
            self.progress = progress
            // A lesson opened where it was left keeps the steps passed then.
            if let id = lessonSession?.lesson.id, let passed = progress.lessons[id]?.passed, passed.count == lessonSession?.passed.count {
                lessonSession?.passed = passed
            }
        }
        if let sessions = opening.sessions { sharedSessions = sessions }
        if let notice = opening.notice { homeNotice = notice }
        if opening.home {
            screen = .home
            underlyingScreen = .home
            pointHomeCursorAtNextLesson()
        }
    }
}
