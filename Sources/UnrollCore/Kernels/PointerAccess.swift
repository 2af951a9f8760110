// Runs a body with mutable pointers into several arrays at once, so a whole unrolled loop works on raw
// storage without copying. Zero-sized arrays get a valid one-element pointer.
//
// Each helper calls its body from one place: these nest five and ten deep around whole loops, and a body
// called from two branches (empty or not) is inlined into both, so ten levels made 2¹⁰ copies of the
// backward pass and doubled the core's release build.

@inline(__always)
func withPointers<R>(
    _ a: inout [Float], _ body: (UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    var spare: Float = 0
    return try withUnsafeMutablePointer(to: &spare) { spare in
        try a.withUnsafeMutableBufferPointer { try body($0.isEmpty ? spare : $0.baseAddress!) }
    }
}

@inline(__always)
func withPointers<R>(
    _ a: inout [Float], _ b: inout [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    try withPointers(&a) { pa in try withPointers(&b) { pb in try body(pa, pb) } }
}

@inline(__always)
func withPointers<R>(
    _ a: inout [Float], _ b: inout [Float], _ c: inout [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    try withPointers(&a, &b) { pa, pb in try withPointers(&c) { pc in try body(pa, pb, pc) } }
}

@inline(__always)
func withPointers<R>(
    _ a: inout [Float], _ b: inout [Float], _ c: inout [Float], _ d: inout [Float], _ e: inout [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
             UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    try withPointers(&a, &b, &c) { pa, pb, pc in
        try withPointers(&d, &e) { pd, pe in try body(pa, pb, pc, pd, pe) }
    }
}

@inline(__always)
func withReadPointer<R>(_ a: [Float], _ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
    var spare: Float = 0
    return try withUnsafeMutablePointer(to: &spare) { spare in
        try a.withUnsafeBufferPointer { try body($0.isEmpty ? UnsafePointer(spare) : $0.baseAddress!) }
    }
}

/// Read-only access to several trace arrays at once, as the mutable pointers the step structs carry: the
/// backward pass only reads them, and asking for mutable access would copy every shared array first.
@inline(__always)
func withTracePointers<R>(
    _ a: [Float], _ b: [Float], _ c: [Float], _ d: [Float], _ e: [Float],
    _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
             UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) throws -> R
) rethrows -> R {
    try withReadPointer(a) { pa in
        try withReadPointer(b) { pb in
            try withReadPointer(c) { pc in
                try withReadPointer(d) { pd in
                    try withReadPointer(e) { pe in
                        try body(UnsafeMutablePointer(mutating: pa), UnsafeMutablePointer(mutating: pb),
                                 UnsafeMutablePointer(mutating: pc), UnsafeMutablePointer(mutating: pd),
                                 UnsafeMutablePointer(mutating: pe))
                    }
                }
            }
        }
    }
}
