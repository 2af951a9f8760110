import Foundation
import UnrollCore
import UnrollExplorer

/// A one-line progress report on standard error, redrawn at most ten times a second.
struct ProgressBar {
    let label: String
    let total: Int
    let started = ContinuousClock.now
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private let enabled = isatty(2) == 1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    /// Seconds since the start.
    var elapsed: Double {
        (ContinuousClock.now - started).inSeconds
    }

    mutating func update(step: Int, loss: Float, force: Bool = false) {
        guard enabled, force || ContinuousClock.now - lastDraw >= .milliseconds(100) else { return }
        lastDraw = ContinuousClock.now
        let rate = elapsed > 0 ? Double(step) / elapsed : 0
        let eta = rate > 0 ? Double(total - step) / rate : 0
        let width = 24, filled = total > 0 ? min(width, width * step / total) : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r\(label) [\(bar)] \(step)/\(total)  \(format(rate, 1)) steps/s  loss \(NumberFormat.short(loss))  ETA \(format(eta, 0))s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
