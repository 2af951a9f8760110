import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cores this machine has online.
public var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

/// `work(0) … work(count − 1)` run side by side on the machine's cores, each result in its place; in turn on
/// this thread when `worthIt` is false (a piece too small to pay for handing it to another core).
public func parallelMap<T: Sendable>(_ count: Int, worthIt: Bool = true, _ work: @Sendable (Int) -> T) -> [T] {
    guard count > 1, worthIt else { return (0..<count).map(work) }
    let results = ResultSlots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { results.put(work($0), at: $0) }
    return results.values
}

/// `first()` and `second()` side by side when `worthIt` is, on this thread in turn otherwise.
public func inParallel<A: Sendable, B: Sendable>(worthIt: Bool = true, _ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
    guard worthIt else { return (first(), second()) }
    let a = ResultSlots<A>(1), b = ResultSlots<B>(1)
    DispatchQueue.concurrentPerform(iterations: 2) { index in
        if index == 0 { a.put(first(), at: 0) } else { b.put(second(), at: 0) }
    }
    return (a.values[0], b.values[0])
}

/// Work of this many multiply-adds is worth a second core: above about a millisecond, where handing it
/// over costs some tens of microseconds.
public let parallelThreshold = 1_000_000

/// One slot per piece of work, each written by one thread only before `concurrentPerform` returns.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func put(_ value: T, at index: Int) { slots.withUnsafeMutableBufferPointer { $0[index] = value } }
    var values: [T] { slots.map { $0! } }
}
