import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer

/// The race on the training screen: every run's row named by its cell, Tab choosing the run the side
/// panels describe, and a speed that slows training for watching, which followers and recordings see too.
@Suite struct RaceScreenTests {
    static let spec = ExperimentSpec(cell: .lstm, hidden: 6, length: 8, task: .adding)

    /// A race after `updates` updates of every run, then `keys`.
    static func race(updates: Int = 60, keys: String = "") throws -> ExplorerState {
        let raced = KeyScript.run(try KeyScript.keys("R"), from: ExplorerState(spec: spec), trainingSteps: updates)
        return KeyScript.run(try KeyScript.keys(keys), from: raced)
    }

    /// The rows of the right column from `top` on.
    static func right(_ canvas: Canvas) -> [String] {
        let (_, right, _) = ExplorerLayout.parts(of: ExplorerLayout(width: canvas.width, height: canvas.height).body)
        return canvas.lines.map { String(Array($0).dropFirst(right.x).prefix(right.width)) }
    }

    @Test func tabChoosesTheRunAndShiftTabGoesBack() throws {
        var state = try Self.race(keys: "Tab Tab")
        #expect(state.training?.selectedRun == 2 && state.training?.selected?.config.spec.cell == .gru)
        state = KeyScript.run(try KeyScript.keys("BTab BTab BTab"), from: state)
        #expect(state.training?.selectedRun == 3, "Shift-Tab wraps round from the first run to the last")
        // A single run has nothing to choose: Tab is not bound there.
        let single = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: Self.spec), trainingSteps: 5)
        #expect(KeyBindings.action(for: .tab, in: single, randomSeed: 0) == nil)
        #expect(KeyBindings.keyBar(for: state).contains { $0.short == "run" } && !KeyBindings.keyBar(for: single).contains { $0.short == "run" })
    }

    /// Choosing a run changes what the side panels say and draw: the gradient-norm plot and the profile are
    /// that run's, named by its cell, and Enter inspects its weights.
    @Test func choosingARunChangesTheSidePanels() throws {
        var screens: [String] = []
        for chosen in 0..<4 {
            let state = try Self.race(keys: String(repeating: "Tab ", count: chosen))
            let run = try #require(state.training?.runs[chosen])
            let cell = run.config.spec.cell.rawValue, glyph = TrainingView.runGlyphs[chosen]
            let canvas = KeyScript.render(state, width: 100, height: 30, theme: .plainUnicode)
            #expect(canvas.text.contains("‖∂L/∂θ‖ log, \(glyph) \(cell), × clipped"), "\(canvas.text)")
            let profileStep = try #require(run.records.last { $0.gradientProfile != nil }?.step)
            #expect(canvas.text.contains("\(glyph) \(cell) ‖∂L/∂hₜ‖ at step \(profileStep), log"))
            // The chosen run's row carries the marker.
            let marked = Self.right(canvas).filter { $0.hasPrefix("▸") }
            #expect(marked.count == 1 && marked[0].hasPrefix("▸\(glyph) \(cell)"), "\(marked)")
            // Below the title rows the left plots differ from run to run: they draw each run's own norms.
            let layout = ExplorerLayout.parts(of: ExplorerLayout(width: 100, height: 30).body)
            screens.append(canvas.lines[(layout.first.y + 14)...].map { String(Array($0).prefix(layout.first.width)) }.joined(separator: "\n"))
            let inspected = KeyScript.run(try KeyScript.keys("Enter"), from: state)
            #expect(inspected.model.network == run.network && inspected.spec.cell == run.config.spec.cell)
        }
        #expect(Set(screens).count == 4, "the norm plots are the same for every chosen run")
    }

    /// Every run's row is named by its cell and carries that run's own numbers; the metric plot names the
    /// glyphs where its title has room.
    @Test func everyRunsStatisticsAreLabelledWithItsCell() throws {
        let state = try Self.race()
        let runs = try #require(state.training?.runs)
        for (width, height) in [(80, 24), (120, 40)] {
            let canvas = KeyScript.render(state, width: width, height: height, theme: .plainUnicode)
            let rows = Self.right(canvas)
            for (k, run) in runs.enumerated() {
                let cell = run.config.spec.cell.rawValue
                let row = try #require(rows.first { $0.dropFirst().hasPrefix("\(TrainingView.runGlyphs[k]) \(cell) ") }, "\(width)x\(height): \(cell)")
                let words = row.split(separator: " ").map(String.init)
                let metric = NumberFormat.compact(try #require(run.lastTestMetric))
                #expect(words.contains("60") && words.contains(metric), "\(row)")
                let best = NumberFormat.fixed(100 * (try #require(run.bestShareOfBaseline)), decimals: 0) + "%"
                #expect(words.contains(best), "\(row)")
                // Nothing is cut at the column's edge: the status ends the row.
                #expect(words.last == "0/s", "\(width)x\(height): \(row)")
            }
            let legend = "● rnn_tanh ■ lstm ▲ gru ◆ ssm"
            #expect(canvas.text.contains(legend) == (width >= 120), "\(width)x\(height)")
        }
    }

    /// < and > step through the waits after each update; the speed is state, so it holds for the next race,
    /// and it goes out as the effect the runtime's worker obeys.
    @Test func theSpeedSlowsTrainingAndIsState() throws {
        var state = try Self.race(updates: 5)
        #expect(state.training?.speedIndex == 0 && state.training?.speedText == "full speed")
        #expect(update(&state, KeyBindings.action(for: .character("<"), in: state, randomSeed: 0)!) == [.trainingDelay(milliseconds: 2)])
        for _ in 0..<20 { _ = update(&state, .trainingSlower) }
        #expect(state.training?.delayMilliseconds == 1000 && state.training?.speedText == "1000 ms an update")
        #expect(update(&state, KeyBindings.action(for: .character(">"), in: state, randomSeed: 0)!) == [.trainingDelay(milliseconds: 500)])
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("500 ms an update"))
        // A new race starts at the chosen speed.
        _ = update(&state, .trainingProgress(state.training!.runs.indices.map {
            TrainingProgress(run: $0, records: [], status: .finished, network: state.training!.runs[$0].network, stepsPerSecond: 0)
        }))
        let effects = update(&state, .startTraining(race: true))
        #expect(effects.count == 2 && effects.last == .trainingDelay(milliseconds: 500) && state.training?.speedIndex == 8)
        for _ in 0..<20 { _ = update(&state, .trainingFaster) }
        #expect(state.training?.delayMilliseconds == 0)
    }

    /// A follower and a replay get the speed and the chosen run through the stream and the snapshot.
    @Test func followersAndRecordingsSeeTheSpeedAndTheChosenRun() throws {
        for action in [Action.nextRun, .previousRun, .trainingSlower, .trainingFaster] {
            let text = action.json.serializedOnOneLine()
            #expect(try Action(json: try JSONParser.parse(text), field: "action") { _ in nil } == action, "\(text)")
        }
        let state = try Self.race(updates: 30, keys: "Tab Tab < < <")
        let copy = try ExplorerState(snapshot: try JSONParser.parse(state.snapshotJSON().serializedOnOneLine()), field: "state")
        #expect(copy.training?.selectedRun == 2 && copy.training?.speedIndex == 3)
        #expect(KeyScript.render(copy, width: 80, height: 24, theme: .plainUnicode).lines == KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode).lines)
        // A snapshot from before runs could be chosen reads as the first run at full speed.
        guard case var .object(members) = state.snapshotJSON(), let k = members.firstIndex(where: { $0.0 == "training" }),
              case var .object(training) = members[k].1 else { Issue.record("no training in the snapshot"); return }
        training.removeAll { $0.0 == "selected_run" || $0.0 == "speed_index" }
        members[k].1 = .object(training)
        let old = try ExplorerState(snapshot: .object(members), field: "state")
        #expect(old.training?.selectedRun == 0 && old.training?.speedIndex == 0)
    }

    /// A follower who watches the teacher choose a run and slow the race sees the same screen after every line.
    @Test func aFollowerSeesTheTeachersChoiceAndSpeed() throws {
        var teacher = ExplorerState(spec: Self.spec)
        var follower = SessionMirror()
        #expect(try follower.apply(line: String(SessionStream.startLine(teacher, title: "race").dropLast())) == .started)
        let raced = try Self.race(updates: 40)
        let progress = Action.trainingProgress(raced.training!.runs.enumerated().map { k, run in
            TrainingProgress(run: k, records: run.records, status: run.status, network: run.network, stepsPerSecond: 37)
        })
        var clock = 0
        for action in [Action.startTraining(race: true), progress, .nextRun, .nextRun, .trainingSlower, .trainingSlower, .previousRun] {
            _ = update(&teacher, action)
            clock += 40
            _ = try follower.apply(line: String(SessionStream.line(for: action, after: teacher, milliseconds: clock).dropLast()))
            let shown = try #require(follower.state)
            #expect(KeyScript.render(shown, width: 80, height: 24, theme: .plainUnicode).lines
                == KeyScript.render(teacher, width: 80, height: 24, theme: .plainUnicode).lines, "after \(action)")
        }
        #expect(follower.state?.training?.selectedRun == 1 && follower.state?.training?.delayMilliseconds == 5)
    }

    /// The schedule the training shells follow: slowed, one update of every running run a round, the delay
    /// after it, and a report once a slice has passed; at full speed pieces that grow towards a slice's worth.
    @Test func theTrainingScheduleWaitsTheDelayAfterEachRound() {
        var schedule = TrainingSchedule(runs: 2, delay: 10, now: 0)
        var reports: [TrainingReport] = []
        var now = 0
        for round in 1...5 {
            for run in [0, 1] {
                #expect(schedule.next(now: now) == .work(TrainingWork(run: run, updates: 1)), "round \(round)")
                reports += schedule.completed(TrainingWorkDone(run: run, records: [TrainingRecord(step: round, loss: 1, gradientNorm: 1,
                    clippedGradientNorm: 1, clipped: false)], status: .running), now: now)
            }
            #expect(schedule.next(now: now) == .wait(until: now + 10))
            now += 10
        }
        // Five rounds 10 ms apart: 40 ms have passed at the fifth, so each run reports once, with its five records.
        #expect(reports.map(\.run) == [0, 1] && reports.map(\.records.count) == [5, 5], "\(reports.map(\.records.count))")
        #expect(reports.allSatisfy { abs($0.stepsPerSecond - 125) < 1 }, "five updates in 40 ms")
        // Paused, nothing is asked for and the screen's loop blocks once it has shown what was made.
        schedule.pause(true, now: now)
        #expect(schedule.next(now: now) == .idle)
        #expect(schedule.timeout(now: now) >= 0, "a report is not shown yet")
        schedule.shown(now: now)
        #expect(schedule.timeout(now: now) == -1)
        // At full speed a piece doubles while it takes no time, then grows (at most doubling) to a slice's worth
        // when an update takes a millisecond.
        var fast = TrainingSchedule(runs: 1, now: 0)
        var sizes: [Int] = []
        var time = 0
        for k in 0..<8 {
            guard case let .work(work) = fast.next(now: time) else { Issue.record("no work"); return }
            sizes.append(work.updates)
            if k >= 3 { time += work.updates }
            _ = fast.completed(TrainingWorkDone(run: 0, records: [], status: .running), now: time)
        }
        #expect(sizes == [1, 2, 4, 8, 16, 32, 40, 40], "\(sizes)")
    }

    @Test func snapshots() throws {
        let cases: [(String, ExplorerState)] = [
            ("race-chosen-gru-slowed", try Self.race(updates: 120, keys: "Tab Tab < < < <")),
            ("race-full-speed", try Self.race(updates: 120)),
            ("single-run-slowed", KeyScript.run(try KeyScript.keys("t < <"), from: ExplorerState(spec: Self.spec), trainingSteps: 120)),
        ]
        for (name, state) in cases {
            for (width, height) in [(80, 24), (120, 40)] {
                for (themeName, theme) in [("utf8", Theme.plainUnicode), ("ascii", .plainASCII)] {
                    let canvas = KeyScript.render(state, width: width, height: height, theme: theme)
                    ScreenSnapshot.expect(canvas, matches: "\(name)-\(width)x\(height)-\(themeName)")
                }
            }
        }
    }
}
