import Foundation
import UnrollCore

extension StreamForecaster {
    /// What a stream ends with: the values read, the one-step-ahead error beside repeating the last value, the
    /// bytes of state held and the time a step took. `skipped` lines were not values; `stoppedAt` is the line
    /// the stream stopped on, if it did.
    public func summary(skipped: Int = 0, stoppedAt line: Int? = nil) -> String {
        func format(_ x: Float) -> String { String(format: "%.4g", Double(x)) }
        var parts = ["\(count) \(count == 1 ? "value" : "values")" + (skipped > 0 ? ", \(skipped) \(skipped == 1 ? "line" : "lines") skipped" : "")
            + (line.map { ", stopped at line \($0)" } ?? "")]
        if forecastsItsInput, let error = rootMeanSquareError, let baseline = baselineRootMeanSquareError {
            parts.append("one-step-ahead RMSE \(format(error)) (repeating the last value: \(format(baseline)))"
                + (nonFiniteErrors > 0 ? " over \(scoredErrors) steps, \(nonFiniteErrors) left out for nan or inf" : ""))
        }
        parts.append("\(config.cell.isRecurrent ? "state" : "key/value cache") held \(heldBytes) bytes")
        if let time = stepMicroseconds {
            parts.append("a step \(format(Float(time.median))) µs median, \(format(Float(time.p99))) µs p99 over the last \(min(count, Self.window))")
        }
        return parts.joined(separator: "; ")
    }
}
