import ArgumentParser

/// `--no-mouse`, for every command that opens the screen (play, the kiosk, lesson, follow, replay).
struct MouseOption: ParsableArguments {
    @Flag(name: .customLong("no-mouse"),
          help: "Leave the mouse to the terminal (to select text as usual): clicks and the wheel do nothing here.")
    var noMouse = false

    /// Whether to ask the terminal for mouse reports.
    var enabled: Bool { !noMouse }
}
