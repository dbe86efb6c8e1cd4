import LinearModel

/// Command-line settings, parsed by hand (no dependencies).
struct Config {
    var size = InstanceSize()
    var repeats = 5
    var glpsolRepeats = 3
    var slowThreshold = 60.0
    var json = false
    var jsonFile: String?
    var skipSlowGlpsol = false
    var skipGlpsol = false
    var skipVariants = false
    var onlyDefault = false
    var skipInterior = false
    /// Which methods to time, ours and glpsol's counterpart; the default options always run.
    var methods = Set(SolveMethod.allCases)
    var keepFiles = false
    var glpsol = "/usr/bin/glpsol"
    var temporaryRoot = "/tmp"

    static let usage = """
        usage: stockpile-bench [options]

        Builds a procurement-shaped LP (materials x offers over countries) with LinearModel,
        solves it with GLPK through GLPKSolver, and compares with glpsol on the same model.

          --materials N        materials (default 50)
          --offers N           offers per material (default 2000)
          --countries N        countries (default 60)
          --seed N             PRNG seed (default 20240601)
          --share-cap X        per-country share cap, 0 < X <= 1 (default 0.35)
          --repeat N           repeats per measurement; medians are reported (default 5)
          --glpsol-repeat N    repeats per glpsol option (default 3; glpsol defaults run once)
          --slow-threshold S   a solve slower than S seconds is not repeated (default 60)
          --skip-slow-glpsol   do not run glpsol with its defaults (primal simplex, ~100 s here)
          --no-glpsol          do not run glpsol at all
          --no-variants        skip the scaling variants of the default method
          --only-default       time the default options only (no other methods, no glpsol)
          --skip-interior      skip the interior-point method (ours and glpsol's; ~500 s here)
          --methods LIST       comma-separated methods to time, ours and glpsol's counterpart
                               (primal = glpsol defaults, dual = --dual, dual-long-step = --dual
                               --flip, interior-point = --interior); default all
          --glpsol PATH        glpsol executable (default /usr/bin/glpsol)
          --tmp DIR            where the temporary folder is made (default /tmp)
          --keep-files         keep the exported MPS file and glpsol's outputs
          --json               print the report as JSON instead of a table
          --json-file PATH     also write the JSON report to PATH
          -h, --help           this text
        """

    static func parse(_ arguments: [String]) -> Config {
        var config = Config()
        var rest = arguments.dropFirst()[...]
        func fail(_ message: String) -> Never {
            standardError("stockpile-bench: \(message)\n\n\(usage)")
            exit(2)
        }
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
            return next
        }
        func positive(_ flag: String) -> Int {
            let text = value(flag)
            guard let number = Int(text), number > 0 else { fail("\(flag) wants a positive whole number, not '\(text)'") }
            return number
        }
        func positiveReal(_ flag: String) -> Double {
            let text = value(flag)
            guard let number = Double(text), number.isFinite, number > 0 else { fail("\(flag) wants a positive number, not '\(text)'") }
            return number
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--materials": config.size.materials = positive(flag)
            case "--offers": config.size.offers = positive(flag)
            case "--countries": config.size.countries = positive(flag)
            case "--seed":
                let text = value(flag)
                guard let seed = UInt64(text) else { fail("--seed wants a whole number >= 0, not '\(text)'") }
                config.size.seed = seed
            case "--share-cap":
                let cap = positiveReal(flag)
                guard cap <= 1 else { fail("--share-cap wants a fraction in (0, 1], not \(cap)") }
                config.size.shareCap = cap
            case "--repeat": config.repeats = positive(flag)
            case "--glpsol-repeat": config.glpsolRepeats = positive(flag)
            case "--slow-threshold": config.slowThreshold = positiveReal(flag)
            case "--skip-slow-glpsol": config.skipSlowGlpsol = true
            case "--no-glpsol": config.skipGlpsol = true
            case "--no-variants": config.skipVariants = true
            case "--only-default":
                config.onlyDefault = true
                config.skipGlpsol = true
            case "--skip-interior": config.skipInterior = true
            case "--methods":
                let text = value(flag)
                var chosen = Set<SolveMethod>()
                for name in text.split(separator: ",") {
                    guard let method = SolveMethod(rawValue: String(name)) else {
                        fail("--methods: unknown method '\(name)'; use \(SolveMethod.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    chosen.insert(method)
                }
                config.methods = chosen
            case "--glpsol": config.glpsol = value(flag)
            case "--tmp": config.temporaryRoot = value(flag)
            case "--keep-files": config.keepFiles = true
            case "--json": config.json = true
            case "--json-file": config.jsonFile = value(flag)
            case "-h", "--help":
                print(usage)
                exit(0)
            default: fail("unknown option '\(flag)'")
            }
        }
        return config
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
