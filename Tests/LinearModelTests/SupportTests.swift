import LinearModel
import Testing

/// Relative + absolute comparison of floating-point results: |a - b| <= tol * (1 + max(|a|, |b|)).
/// A nil `a` (no value) never compares close.
func close(_ a: Double?, _ b: Double, tol: Double = 1e-6) -> Bool {
    guard let a else { return false }
    if a.isInfinite || b.isInfinite { return a == b }
    return abs(a - b) <= tol * (1 + max(abs(a), abs(b)))
}

@Suite("Test support")
struct SupportTests {
    @Test("close() accepts rounding noise and rejects real differences")
    func closeHelper() {
        #expect(close(1.0 + 1e-9, 1.0))
        #expect(close(1e9 + 1, 1e9))  // relative: 1 part in 1e9
        #expect(!close(1.001, 1.0))
        #expect(!close(nil, 0))
        #expect(close(.infinity, .infinity))
        #expect(!close(.infinity, 1e300))
        #expect(!close(.nan, .nan))
    }
}
