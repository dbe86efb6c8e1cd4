/// Near-miss suggestions for misspelt keys, column names and references:
/// `capcity` -> "did you mean `capacity`?".
enum NameSuggestion {
    /// The candidate closest to `name`: Levenshtein distance at most 2 (and less than the
    /// name's length, so `xy` suggests nothing), or a prefix match of at least 3 characters;
    /// case is ignored. Ties go to the earlier candidate. Nil if none is close.
    static func best<Candidates: Sequence<String>>(for name: String, among candidates: Candidates) -> String? {
        let typed = Array(name.lowercased())
        guard !typed.isEmpty else { return nil }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let known = Array(candidate.lowercased())
            var distance = levenshtein(typed, known)
            let close = distance <= 2 && distance < typed.count
            let prefix = typed.count >= 3 && (known.starts(with: typed) || typed.starts(with: known))
            guard close || prefix else { continue }
            if !close { distance = 3 }  // a prefix match ranks after every close spelling
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// " (did you mean `capacity`?)"-style suffix, or "" when nothing is close.
    static func didYouMean<Candidates: Sequence<String>>(_ name: String, among candidates: Candidates) -> String {
        best(for: name, among: candidates).map { "; did you mean `\($0)`?" } ?? ""
    }

    /// Edit distance (insertions, deletions, substitutions) between two strings.
    static func levenshtein<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
