/// One row of the key table: which keys, what they do, and how the key bar and help describe them.
public struct KeyBinding: Sendable {
    /// The keys (the first is the one shown).
    public let keys: [Key]
    /// A word or two for the key bar.
    public let short: String
    /// A sentence for the help screen.
    public let help: String
    /// The screens where it works.
    public let screens: [Screen]
    /// Whether the key bar shows it on those screens.
    public let inKeyBar: Bool
    /// Whether it applies in this state beyond the screen (the lesson keys only during a lesson).
    let available: @Sendable (ExplorerState) -> Bool
    /// The action, given the state and a fresh random seed for the keys that need one.
    let action: @Sendable (ExplorerState, UInt64) -> Action?

    init(keys: [Key], short: String, help: String, screens: [Screen], inKeyBar: Bool,
         available: @escaping @Sendable (ExplorerState) -> Bool = { _ in true },
         action: @escaping @Sendable (ExplorerState, UInt64) -> Action?) {
        self.keys = keys
        self.short = short
        self.help = help
        self.screens = screens
        self.inKeyBar = inKeyBar
        self.available = available
        self.action = action
    }
}

/// The explorer's key table: the single source for input, the key bar and the help screen.
public enum KeyBindings {
    static let everyScreen: [Screen] = [.main, .sources, .unrolled, .scan, .stream, .help, .settings]
    static let timeScreens: [Screen] = [.main, .sources, .unrolled, .scan, .stream]

    static let inLesson: @Sendable (ExplorerState) -> Bool = { $0.lessonSession != nil }
    static let training: @Sendable (ExplorerState) -> Bool = { $0.training != nil }
    static let inRace: @Sendable (ExplorerState) -> Bool = { ($0.training?.runs.count ?? 0) > 1 }

    public static let all: [KeyBinding] = [
        KeyBinding(keys: [.up], short: "", help: "Home: the item above.", screens: [.home], inKeyBar: false) { _, _ in .homeUp },
        KeyBinding(keys: [.down], short: "", help: "Home: the item below.", screens: [.home], inKeyBar: false) { _, _ in .homeDown },
        KeyBinding(keys: [.enter, .right], short: "open", help: "Home: open the lesson or item under the cursor.",
                   screens: [.home], inKeyBar: true) { _, _ in .homeOpen },
        KeyBinding(keys: [.character("n")], short: "next", help: "Lesson: go on to the next step once this one has passed.",
                   screens: timeScreens + [.training], inKeyBar: true, available: inLesson) { _, _ in .lessonNext },
        KeyBinding(keys: [.character("p")], short: "", help: "Lesson: back to the previous step.",
                   screens: timeScreens + [.training], inKeyBar: false, available: inLesson) { _, _ in .lessonPrevious },
        KeyBinding(keys: [.character("h")], short: "hint", help: "Lesson: show the next hint.",
                   screens: timeScreens + [.training], inKeyBar: true, available: inLesson) { _, _ in .lessonHint },
        KeyBinding(keys: [.pageDown], short: "", help: "Lesson: the next page of a step's text, when it has more.",
                   screens: timeScreens + [.training, .settings], inKeyBar: false, available: inLesson) { _, _ in .lessonPageDown },
        KeyBinding(keys: [.pageUp], short: "", help: "Lesson: the previous page of a step's text.",
                   screens: timeScreens + [.training, .settings], inKeyBar: false, available: inLesson) { _, _ in .lessonPageUp },
        KeyBinding(keys: [.character("1"), .character("2"), .character("3"), .character("4")], short: "",
                   help: "Lesson: answer the question with choice 1 to 4.", screens: timeScreens + [.training], inKeyBar: false,
                   available: inLesson) { _, _ in nil },
        KeyBinding(keys: [.right], short: "step", help: "Step one timestep forward (in the backward pass: back towards t = T).",
                   screens: timeScreens, inKeyBar: true) { _, _ in .stepForward },
        KeyBinding(keys: [.left], short: "", help: "Step one timestep back (in the backward pass: on towards t = 1).",
                   screens: timeScreens, inKeyBar: false) { _, _ in .stepBack },
        KeyBinding(keys: [.home], short: "", help: "Jump to the start of the current pass.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .toStart },
        KeyBinding(keys: [.end], short: "", help: "Jump to the end of the current pass.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .toEnd },
        KeyBinding(keys: [.character(" ")], short: "play", help: "Play or pause; < and > change the speed.",
                   screens: timeScreens, inKeyBar: true) { _, _ in .togglePlay },
        KeyBinding(keys: [.character("<")], short: "", help: "Play slower.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .slower },
        KeyBinding(keys: [.character(">")], short: "", help: "Play faster.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .faster },
        KeyBinding(keys: [.character("b")], short: "backward", help: "Run the backward pass from T back to 1 (again: back to the forward pass).",
                   screens: timeScreens, inKeyBar: true) { _, _ in .toggleBackward },
        KeyBinding(keys: [.character("+"), .character("=")], short: "", help: "Scale the recurrent weights up by 10%; everything recomputes.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .scaleRecurrentUp },
        KeyBinding(keys: [.character("-")], short: "", help: "Scale the recurrent weights down by 10%.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .scaleRecurrentDown },
        KeyBinding(keys: [.character("c")], short: "cell", help: "Next cell type (rnn_tanh, rnn_relu, lstm, gru, ssm, mingru, selective) on the same seed and inputs.",
                   screens: timeScreens, inKeyBar: true) { _, _ in .cycleCell },
        KeyBinding(keys: [.character("k")], short: "clip", help: "Gradient clipping by global norm on or off (threshold in settings).",
                   screens: timeScreens, inKeyBar: true) { _, _ in .toggleClipping },
        KeyBinding(keys: [.character("r")], short: "seed", help: "Draw a new seed: new weights and a new sequence (not in a lesson, whose text is true of its own seed).",
                   screens: timeScreens, inKeyBar: true, available: { $0.lessonSession == nil }) { _, seed in .reseed(seed) },
        KeyBinding(keys: [.character("U")], short: "", help: "Restore the model: the one this session opened with, or in a lesson the lesson's model at this step.",
                   screens: timeScreens + [.training], inKeyBar: false) { _, _ in .restoreModel },
        KeyBinding(keys: [.character("u")], short: "undo", help: "Undo the last change to the model (+, −, c, r, a setting, U), up to 32 back.",
                   screens: timeScreens, inKeyBar: false) { state, _ in state.modelHistory.last.map { .returnToModel($0) } },
        KeyBinding(keys: [.character("v")], short: "view", help: "The heatmap shows h, then for the LSTM the cell state c and the forget gate f, for the GRU the update gate z, for minGRU 1 − z, for selective Δ and its decay e^ΔA.",
                   screens: timeScreens, inKeyBar: false) { _, _ in .cycleHeatmap },
        KeyBinding(keys: [.character("a")], short: "axis", help: "Fix the gradient plot's axis where it is, so the next model is drawn on the same decades (again: rescale to fit).",
                   screens: timeScreens, inKeyBar: false) { _, _ in .toggleGradientAxis },
        KeyBinding(keys: [.tab, .down], short: "unit", help: "Select the next unit (↓ too).",
                   screens: timeScreens, inKeyBar: true) { _, _ in .nextUnit },
        KeyBinding(keys: [.backTab, .up], short: "", help: "Select the previous unit (↑ too).",
                   screens: timeScreens, inKeyBar: false) { _, _ in .previousUnit },
        KeyBinding(keys: [.character("g")], short: "sources", help: "Where the gradient comes from: ‖∂hₜ/∂hₖ‖ and the BPTT sum split by step (again: back).",
                   screens: timeScreens, inKeyBar: true) { state, _ in .show(state.screen == .sources ? .main : .sources) },
        KeyBinding(keys: [.character("d")], short: "diagram", help: "The net unrolled over the visible steps: a box per step, h (and c) passed from box to box, the gradient on the arrows in the backward pass (again: back).",
                   screens: timeScreens, inKeyBar: true) { state, _ in .show(state.screen == .unrolled ? .main : .unrolled) },
        KeyBinding(keys: [.escape], short: "back", help: "Diagram: back to the main screen.",
                   screens: [.unrolled], inKeyBar: true) { _, _ in .show(.main) },
        KeyBinding(keys: [.character("S")], short: "scan", help: "The parallel scan of a linear recurrence (ssm, mingru, selective) beside the loop: → and ← step its rounds (again: back).",
                   screens: timeScreens, inKeyBar: false) { state, _ in .show(state.screen == .scan ? .main : .scan) },
        KeyBinding(keys: [.escape], short: "back", help: "Scan: back to the main screen.",
                   screens: [.scan], inKeyBar: true) { _, _ in .show(.main) },
        KeyBinding(keys: [.character("f")], short: "stream", help: "The model as a stream, one value a step up to the cursor: the series and its forecasts, the one-step-ahead error beside repeating the last value, the bytes it holds and the µs a step took (again: back).",
                   screens: timeScreens, inKeyBar: false) { state, _ in .show(state.screen == .stream ? .main : .stream) },
        KeyBinding(keys: [.escape], short: "back", help: "Stream: back to the main screen.",
                   screens: [.stream], inKeyBar: true) { _, _ in .show(.main) },
        KeyBinding(keys: [.character("t")], short: "train", help: "Train this model live on its task (the training screen; again: back).",
                   screens: [.main, .sources, .training], inKeyBar: true) { state, _ in
            // On the training screen t goes back, unless the model has changed since the run started.
            let current = state.training?.runs.first?.config.spec
            return state.screen == .training && current != nil && current == state.spec ? .show(.main) : .startTraining(race: false)
        },
        KeyBinding(keys: [.character("R")], short: "", help: "Race rnn_tanh, lstm, gru and ssm on this task (on selective_copy: ssm, selective, mingru and lstm), same data and seed.",
                   screens: [.main, .sources, .training], inKeyBar: false) { _, _ in .startTraining(race: true) },
        KeyBinding(keys: [.character(" ")], short: "pause", help: "Training: pause or resume.",
                   screens: [.training], inKeyBar: true) { _, _ in .toggleTrainingPause },
        KeyBinding(keys: [.enter], short: "inspect", help: "Training: step through a test example with the chosen run's current weights.",
                   screens: [.training], inKeyBar: true) { _, _ in .inspectTrainedModel },
        KeyBinding(keys: [.tab], short: "run", help: "Training: in a race, the next run for the side panels to describe (its gradient norms and profile).",
                   screens: [.training], inKeyBar: true, available: inRace) { _, _ in .nextRun },
        KeyBinding(keys: [.backTab], short: "", help: "Training: in a race, the previous run.",
                   screens: [.training], inKeyBar: false, available: inRace) { _, _ in .previousRun },
        KeyBinding(keys: [.character("<")], short: "slower", help: "Training: wait longer after each update, up to a second, to watch it (> is faster, up to full speed).",
                   screens: [.training], inKeyBar: true, available: training) { _, _ in .trainingSlower },
        KeyBinding(keys: [.character(">")], short: "", help: "Training: wait less after each update.",
                   screens: [.training], inKeyBar: false, available: training) { _, _ in .trainingFaster },
        KeyBinding(keys: [.escape], short: "back", help: "Training: back to the explorer (training goes on).",
                   screens: [.training], inKeyBar: true) { _, _ in .show(.main) },
        KeyBinding(keys: [.character("s")], short: "settings", help: "Open the settings: every model option, applied at once.",
                   screens: timeScreens, inKeyBar: true) { _, _ in .show(.settings) },
        KeyBinding(keys: [.character("?"), .function(1)], short: "help", help: "This help.",
                   screens: [.main, .sources, .unrolled, .settings, .training, .home], inKeyBar: true) { _, _ in .show(.help) },
        KeyBinding(keys: [.up], short: "", help: "Settings: the option above.",
                   screens: [.settings], inKeyBar: false) { _, _ in .settingsUp },
        KeyBinding(keys: [.down], short: "", help: "Settings: the option below.",
                   screens: [.settings], inKeyBar: false) { _, _ in .settingsDown },
        KeyBinding(keys: [.right, .character("+")], short: "more", help: "Settings: the next value of the option.",
                   screens: [.settings], inKeyBar: true) { _, _ in .settingsIncrease },
        KeyBinding(keys: [.left, .character("-")], short: "less", help: "Settings: the previous value.",
                   screens: [.settings], inKeyBar: true) { _, _ in .settingsDecrease },
        KeyBinding(keys: [.pageDown, .down], short: "", help: "Help: the next page.",
                   screens: [.help], inKeyBar: false) { _, _ in .helpPageDown },
        KeyBinding(keys: [.pageUp, .up], short: "", help: "Help: the previous page.",
                   screens: [.help], inKeyBar: false) { _, _ in .helpPageUp },
        KeyBinding(keys: [.escape, .enter, .character("s"), .character("?")], short: "close", help: "Close help or settings.",
                   screens: [.help, .settings], inKeyBar: true) { _, _ in .closeOverlay },
        KeyBinding(keys: [.character("q"), .control("c")], short: "quit", help: "Quit (on help or settings: close it).",
                   screens: everyScreen + [.home, .training], inKeyBar: true) { state, _ in
            state.screen == .help || state.screen == .settings ? .closeOverlay : .quit
        },
    ]

    /// The action a key stands for on the current screen, or nil when it means nothing there.
    public static func action(for key: Key, in state: ExplorerState, randomSeed: UInt64) -> Action? {
        // Ctrl-C always quits, even from an overlay.
        if key == .control("c") { return .quit }
        if case let .character(c) = key, let digit = c.wholeNumberValue, (1...4).contains(digit), state.lessonSession != nil,
           timeScreens.contains(state.screen) || state.screen == .training {
            return .lessonAnswer(digit - 1)
        }
        for binding in all where binding.screens.contains(state.screen) && binding.keys.contains(key) && binding.available(state) {
            return binding.action(state, randomSeed)
        }
        return nil
    }

    /// The key bar's order, most useful first: where the bar is too short, the last go (help stays).
    static let keyBarOrder = ["next", "hint", "open", "more", "less", "close", "step", "backward", "play", "pause", "inspect", "run",
                              "back", "slower", "cell", "train", "settings", "sources", "diagram", "clip", "seed", "unit", "quit", "help"]

    /// The bindings the key bar shows on the current screen, most useful first.
    public static func keyBar(for state: ExplorerState) -> [KeyBinding] {
        all.filter { $0.inKeyBar && $0.screens.contains(state.screen) && $0.available(state) }
            .sorted { (keyBarOrder.firstIndex(of: $0.short) ?? keyBarOrder.count) < (keyBarOrder.firstIndex(of: $1.short) ?? keyBarOrder.count) }
    }
}
