import Foundation
import UnrollCore

/// Series files read once per process: the model options build their spec several times over.
enum SeriesFiles {
    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var series: [String: ForecastSeries] = [:]
    }
    private static let cache = Cache()

    /// The series in `path`'s columns, or the file's problem.
    static func read(_ path: String, column: ColumnChoice, target: ColumnChoice?) throws(SeriesFileError) -> ForecastSeries {
        let key = [path, "\(column)", target.map { "\($0)" } ?? ""].joined(separator: "\u{0}")
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let known = cache.series[key] { return known }
        let series = try ForecastSeries.read(path: path, column: column, target: target)
        cache.series[key] = series
        return series
    }
}
