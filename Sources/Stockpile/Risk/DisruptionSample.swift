import Foundation

/// Sampled disruption episodes for every material over a model's horizon: the Monte Carlo
/// trials of `docs/risk.md`, shared by `stockpile risk` (which measures a reserve against
/// them) and the risk-minimising plan (which buys against them).
///
/// Each trial simulates ``SupplyRisk/horizonYears`` years of 365 days. Every year, each
/// ``Disruption`` starts with its probability, on a day drawn uniformly within the year,
/// and lasts a triangular length, counted in full even past the horizon's end. While events are under way, a
/// material's daily gap is its daily use times the import shares of the countries stopped
/// (each country once). An ``Episode`` is a stretch in which the gap stays above zero; the
/// reserve meets it until it runs out, is not refilled during it, and is whole again when
/// the next begins.
///
/// Trial `k` draws from its own SplitMix64 generator seeded from the seed and `k`, and
/// every trial draws three numbers per disruption and year whether or not the event
/// happens, so a seed gives the same sample on any number of threads, and changing one
/// disruption's probability or length leaves the others' draws alone.
public struct DisruptionSample: Sendable {
    /// A stretch of an episode with a steady gap.
    public struct Segment: Sendable, Hashable {
        /// Length (days).
        public var days: Double
        /// Gap (units per day), above zero.
        public var rate: Double

        public init(days: Double, rate: Double) {
            self.days = days
            self.rate = rate
        }
    }

    /// A stretch of time in which a material's supply falls short of its use.
    public struct Episode: Sendable, Hashable {
        /// The trial it happened in, 0..<``DisruptionSample/trials``.
        public var trial: Int
        /// When it began (days from the horizon's start).
        public var start: Double
        /// Its stretches of steady gap, in time order.
        public var segments: [Segment]

        public init(trial: Int, start: Double, segments: [Segment]) {
            self.trial = trial
            self.start = start
            self.segments = segments
        }

        /// Total gap over the episode (units).
        public var gap: Double { segments.reduce(0) { $0 + $1.days * $1.rate } }

        /// Length (days).
        public var days: Double { segments.reduce(0) { $0 + $1.days } }

        /// Demand the reserve leaves unmet (units): `max(0, gap - reserve)`, taken as 0
        /// within a billionth of the gap (the days between events' start and end days carry
        /// round-off: a 100-day stop may measure 100.00000000001 days).
        public func unmet(reserve: Double) -> Double {
            let gap = gap
            let unmet = gap - max(0, reserve)
            return unmet > Self.tolerance * gap ? unmet : 0
        }

        /// Relative round-off below which a gap counts as met.
        static let tolerance = 1e-9

        /// Days after the reserve runs out until the episode ends.
        public func daysWithoutSupply(reserve: Double) -> Double {
            guard unmet(reserve: reserve) > 0 else { return 0 }
            var left = max(0, reserve)
            var days = 0.0
            for segment in segments {
                let need = segment.days * segment.rate
                if need <= left {
                    left -= need
                } else {
                    days += segment.days - left / segment.rate
                    left = 0
                }
            }
            return days
        }
    }

    /// Number of trials.
    public let trials: Int
    /// The seed the trials were drawn from.
    public let seed: UInt64
    /// Days in which events may start in each trial: 365 per horizon year (an event that
    /// starts within them counts in full).
    public let horizonDays: Double
    /// The model's material ids, in model order.
    public let materials: [String]
    /// Episodes by material (in ``materials`` order), in trial order and, within a trial, in time order.
    public let episodes: [[Episode]]

    /// Days in a simulated year.
    public static let daysPerYear = 365.0

    /// Draws `trials` trials of `model`'s disruptions (none when the model has no
    /// ``ProcurementModel/risk``), on up to `threads` threads. `progress` is told the
    /// number of trials finished so far, from any thread, now and then. The model must be
    /// valid (``ProcurementModel/validate(locations:offersComplete:)``).
    public init(
        model: ProcurementModel, trials: Int, seed: UInt64, threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
        progress: (@Sendable (Int) -> Void)? = nil
    ) {
        let trials = max(0, trials)
        let risk = model.risk ?? SupplyRisk()
        let plan = Simulation(model: model, risk: risk)
        self.trials = trials
        self.seed = seed
        self.horizonDays = Double(risk.horizonYears) * Self.daysPerYear
        self.materials = model.materials.map(\.id)

        // Chunks of trials, each filled by one thread; their order, not the threads', sets the result.
        let chunkSize = 512
        let chunkCount = (trials + chunkSize - 1) / chunkSize
        let results = ChunkResults(count: chunkCount)
        let work = ParallelPlanning.ranges(count: chunkCount, chunks: threads)
        ParallelPlanning.run(work, stackSize: 1 << 20) { chunks in
            for chunk in chunks {
                let range = (chunk * chunkSize)..<min(trials, (chunk + 1) * chunkSize)
                var found = Array(repeating: [Episode](), count: plan.materialCount)
                for trial in range { plan.simulate(trial: trial, seed: seed, into: &found) }
                results.set(chunk, found, finished: range.count, progress: progress)
            }
        }
        var episodes = Array(repeating: [Episode](), count: plan.materialCount)
        for chunk in results.take() {
            for m in episodes.indices { episodes[m].append(contentsOf: chunk[m]) }
        }
        self.episodes = episodes
    }

    /// Episodes a sample of `trials` trials of `model` holds at most on average: per trial
    /// and year, each disruption's probability times the materials it stops (those whose
    /// imports from its countries are above zero), as the simulation finds them; events that
    /// overlap merge into fewer. Memory and the risk plan's program grow with it.
    public static func expectedEpisodes(of model: ProcurementModel, trials: Int) -> Double {
        guard let risk = model.risk else { return 0 }
        let simulation = Simulation(model: model, risk: risk)
        let perYear = simulation.events.reduce(0.0) { sum, event in
            sum + max(0, min(1, event.probability)) * Double(event.stops.filter { !$0.isEmpty }.count)
        }
        return Double(max(0, trials)) * Double(risk.horizonYears) * perYear
    }

    /// Most episodes a `stockpile risk` sample may be expected to hold (about 100 bytes each).
    public static let episodeLimit = 10_000_000

    /// Unmet demand of material `m` in each trial (units) with `reserve` units held.
    public func unmet(material m: Int, reserve: Double) -> [Double] {
        var totals = Array(repeating: 0.0, count: trials)
        for episode in episodes[m] { totals[episode.trial] += episode.unmet(reserve: reserve) }
        return totals
    }

    /// Days without supply of material `m` in each trial with `reserve` units held.
    public func daysWithoutSupply(material m: Int, reserve: Double) -> [Double] {
        var totals = Array(repeating: 0.0, count: trials)
        for episode in episodes[m] { totals[episode.trial] += episode.daysWithoutSupply(reserve: reserve) }
        return totals
    }
}

extension DisruptionSample {
    /// What one trial needs from the model, worked out once.
    struct Simulation: Sendable {
        /// One disruption: its chance per year, its length, and for each material the
        /// import shares it stops (indices into `shares[m]`; empty when it stops none).
        struct Event: Sendable {
            var probability: Double
            var days: Disruption.Days
            var stops: [[Int]]
        }

        var materialCount: Int
        var years: Int
        var events: [Event]
        /// Daily gap (units per day) of each import share of each material when its country stops.
        var shares: [[Double]]

        init(model: ProcurementModel, risk: SupplyRisk) {
            materialCount = model.materials.count
            years = risk.horizonYears
            let shares = model.materials.map { material in
                let use = material.dailyUse ?? 0
                return risk.shares(of: material.id).map { use * $0.share }
            }
            self.shares = shares
            let countries = model.materials.map { material in risk.shares(of: material.id).map(\.country) }
            events = risk.disruptions.map { disruption in
                let stopped = model.countries(in: disruption.country)
                let stops = model.materials.indices.map { m -> [Int] in
                    guard disruption.stops(model.materials[m].id) else { return [] }
                    return countries[m].indices.filter { stopped.contains(countries[m][$0]) && shares[m][$0] > 0 }
                }
                return Event(probability: disruption.probability, days: disruption.days, stops: stops)
            }
        }

        /// Appends trial `trial`'s episodes to `episodes` (by material).
        func simulate(trial: Int, seed: UInt64, into episodes: inout [[Episode]]) {
            var random = SplitMix64(seed: seed, stream: UInt64(trial))
            var happened: [(event: Int, start: Double, end: Double)] = []
            for year in 0..<years {
                for (e, event) in events.enumerated() {
                    let (chance, when, length) = (random.uniform(), random.uniform(), random.uniform())
                    guard chance < event.probability else { continue }
                    let start = (Double(year) + when) * DisruptionSample.daysPerYear
                    let end = start + Self.triangular(event.days, length)
                    if end > start { happened.append((e, start, end)) }
                }
            }
            guard !happened.isEmpty else { return }
            for m in 0..<materialCount {
                let relevant = happened.filter { !events[$0.event].stops[m].isEmpty }
                guard !relevant.isEmpty else { continue }
                appendEpisodes(of: m, from: relevant, trial: trial, to: &episodes[m])
            }
        }

        /// Sweeps the events' start and end days in time order, turning each stretch
        /// between two of them into a segment at the gap of the shares stopped then.
        private func appendEpisodes(
            of m: Int, from happened: [(event: Int, start: Double, end: Double)], trial: Int, to episodes: inout [Episode]
        ) {
            var times = happened.flatMap { [$0.start, $0.end] }
            times.sort()
            var current: Episode?
            var stopped = Array(repeating: false, count: shares[m].count)
            for (from, to) in zip(times, times.dropFirst()) where to > from {
                for index in stopped.indices { stopped[index] = false }
                for event in happened where event.start <= from && event.end >= to {
                    for index in events[event.event].stops[m] { stopped[index] = true }
                }
                var rate = 0.0
                for index in stopped.indices where stopped[index] { rate += shares[m][index] }
                if rate > 0 {
                    if current == nil { current = Episode(trial: trial, start: from, segments: []) }
                    if let last = current!.segments.last, last.rate == rate {
                        current!.segments[current!.segments.count - 1].days += to - from
                    } else {
                        current!.segments.append(Segment(days: to - from, rate: rate))
                    }
                } else if let done = current {
                    episodes.append(done)
                    current = nil
                }
            }
            if let done = current { episodes.append(done) }
        }

        /// The length at quantile `u` of the triangular distribution `days`.
        static func triangular(_ days: Disruption.Days, _ u: Double) -> Double {
            let (low, mode, high) = (days.min, days.likely, days.max)
            guard high > low else { return low }
            let split = (mode - low) / (high - low)
            return u < split ? low + (u * (high - low) * (mode - low)).squareRoot() : high - ((1 - u) * (high - low) * (high - mode)).squareRoot()
        }
    }

    /// Each chunk's episodes, filled from several threads.
    final class ChunkResults: @unchecked Sendable {
        private let lock = NSLock()
        private var chunks: [[[Episode]]]
        private var finished = 0

        init(count: Int) { chunks = Array(repeating: [], count: count) }

        func set(_ chunk: Int, _ episodes: [[Episode]], finished count: Int, progress: (@Sendable (Int) -> Void)?) {
            lock.lock()
            chunks[chunk] = episodes
            finished += count
            let done = finished
            lock.unlock()
            progress?(done)
        }

        func take() -> [[[Episode]]] {
            lock.lock()
            defer { lock.unlock() }
            return chunks
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, platform-independent generator.
/// Streams seeded from a seed and a stream number are independent enough for Monte Carlo
/// trials; tests use it for seeded random cases.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator whose state starts at `seed`.
    public init(seed: UInt64) { state = seed }

    /// Stream `stream` of `seed`: the seed mixed once, then set apart by the stream number.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed)
        state = mixer.next() ^ (stream &* 0xD1B5_4A32_D192_ED03)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw from [0, 1), 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }
}
