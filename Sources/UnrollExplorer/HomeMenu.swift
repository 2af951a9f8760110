/// One entry of the home screen's menu.
public enum HomeItem: Equatable, Sendable {
    /// A class session shared on this machine, by name.
    case follow(String)
    /// A lesson, by its index in the library.
    case lesson(Int)
    case freePlay, race, help
}

extension ExplorerState {
    /// The home screen's menu, made from the state's data: the class sessions to follow, the lessons in course
    /// order, free play, the race and help. `update` moves through it and opens its entries; `HomeView` draws it.
    public var homeMenu: [HomeItem] {
        sharedSessions.map { .follow($0) } + library.indices.map { .lesson($0) } + [.freePlay, .race, .help]
    }

    /// The first lesson not yet done, in course order.
    public var nextLesson: Int? {
        library.indices.first { progress.status(of: library[$0]) != "done" }
    }

    /// Puts the home screen's cursor on the first lesson not yet done.
    public mutating func pointHomeCursorAtNextLesson() {
        if let next = nextLesson { homeCursor = homeMenu.firstIndex(of: .lesson(next)) ?? 0 }
    }
}
