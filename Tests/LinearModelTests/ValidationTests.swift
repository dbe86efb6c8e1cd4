import LinearModel
import Testing

@Suite("Model validation")
struct ValidationTests {
    /// Runs validate() and returns the issues it reported ([] when it passed).
    func issues(_ model: Model) -> [ModelIssue] {
        do {
            try model.validate()
            return []
        } catch {
            return error.issues
        }
    }

    @Test("a sound model passes")
    func soundModel() {
        var model = Model(name: "fine")
        let x = model.addVariable(name: "x", lower: -.infinity, upper: .infinity, objective: 1)
        let n = model.addVariable(name: "n", lower: -3, upper: 8, kind: .integer)
        let b = model.addVariable(name: "b", kind: .binary)
        model.addConstraint(x + 2 * n - b <= 4, name: "row")
        model.addConstraint(.equal(x - n, 0), name: "é_unicode_ok")
        #expect(issues(model).isEmpty)
    }

    @Test("every issue is reported at once, in model order, naming the variable or row by name and index")
    func everyIssueAtOnce() throws {
        var big = Model()
        for _ in 0..<10 { big.addVariable() }
        let foreign = big.variables[9]  // index 9: out of range for the 7-variable model below

        var model = Model(name: "broken")
        let good = model.addVariable(name: "good")  // #0
        let infObj = model.addVariable(name: "inf_obj", objective: .infinity)  // #1
        model.addVariable(name: "crossed", lower: 5, upper: 1)  // #2
        model.addVariable(name: "lower_plus_inf", lower: .infinity, upper: .infinity)  // #3
        model.addVariable(name: "frac_int", lower: 0.5, upper: 3, kind: .integer)  // #4
        let longName = String(repeating: "a", count: 300)
        model.addVariable(name: longName)  // #5
        model.addVariable(name: "tab\there")  // #6
        model.addConstraint(Double.nan * good + infObj <= 1, name: "nan_row")  // r0
        model.addConstraint(good + foreign <= 1, name: "foreign_row")  // r1

        let found = issues(model)
        // 8 distinct problems; the order is variables (by index) then rows.
        try #require(found.count == 8, "\(found)")
        let expectedSubjects = [
            "variable 'inf_obj' (#1)",
            "variable 'crossed' (#2)",
            "variable 'lower_plus_inf' (#3)",
            "variable 'frac_int' (#4)",
            "variable '\(String(repeating: "a", count: 60))' (#5)",  // names are cut to 60 characters
            "variable 'tab\there' (#6)",
            "constraint 'nan_row' (#0)",
            "constraint 'foreign_row' (#1)",
        ]
        #expect(found.map(\.subject) == expectedSubjects)
        #expect(found[0].message.contains("objective coefficient"))
        #expect(found[1].message.contains("greater than"))
        #expect(found[2].message.contains("+infinity"))
        #expect(found[3].message.contains("whole numbers"))
        #expect(found[4].message.contains("300 bytes"))
        #expect(found[5].message.contains("control character"))
        #expect(found[6].message.contains("variable 'good' (#0)") && found[6].message.contains("nan"))
        #expect(found[7].message.contains("#9") && found[7].message.contains("7 variables"))
    }

    @Test(
        "variable bounds",
        arguments: [
            // (lower, upper, valid)
            (0.0, 1.0, true),
            (-Double.infinity, Double.infinity, true),
            (2.0, 2.0, true),
            (-5.0, -1.0, true),
            (2.0, 1.0, false),
            (Double.infinity, Double.infinity, false),
            (-Double.infinity, -Double.infinity, false),
            (Double.nan, 1.0, false),
            (0.0, Double.nan, false),
        ])
    func variableBounds(_ lower: Double, _ upper: Double, _ valid: Bool) {
        var model = Model()
        model.addVariable(name: "v", lower: lower, upper: upper)
        let found = issues(model)
        #expect(found.isEmpty == valid)
        if !valid {
            #expect(found.map(\.subject) == ["variable 'v' (#0)"])
        }
    }

    @Test(
        "row bounds",
        arguments: [
            (-Double.infinity, 3.0, true),
            (3.0, 3.0, true),
            (4.0, 3.0, false),
            (Double.nan, 3.0, false),
            (Double.infinity, Double.infinity, false),
        ])
    func rowBounds(_ lower: Double, _ upper: Double, _ valid: Bool) {
        var model = Model()
        let x = model.addVariable()
        model.addConstraint(LinearConstraint(LinearExpression(x), lower: lower, upper: upper), name: "r")
        let found = issues(model)
        #expect(found.isEmpty == valid)
        if !valid {
            #expect(found.map(\.subject) == ["constraint 'r' (#0)"])
        }
    }

    @Test(
        "integer bounds must be whole numbers (infinite is fine)",
        arguments: [
            (0.0, 10.0, true),
            (-Double.infinity, Double.infinity, true),
            (-3.0, Double.infinity, true),
            (0.0, 2.5, false),
            (-0.5, 2.0, false),
        ])
    func integerBounds(_ lower: Double, _ upper: Double, _ valid: Bool) {
        var model = Model()
        model.addVariable(name: "n", lower: lower, upper: upper, kind: .integer)
        #expect(issues(model).isEmpty == valid)
    }

    @Test("fractional bounds on a continuous variable are fine")
    func fractionalContinuous() {
        var model = Model()
        model.addVariable(lower: 0.25, upper: 2.5)
        #expect(issues(model).isEmpty)
    }

    @Test("unnamed subjects are named by index only")
    func unnamedSubjects() {
        var model = Model()
        model.addVariable()
        model.addVariable(lower: 1, upper: 0)
        model.addConstraint(LinearConstraint(LinearExpression(constant: 0), lower: 2, upper: 1))
        #expect(issues(model).map(\.subject) == ["variable #1", "constraint #0"])
    }

    @Test("names: 255 bytes pass, 256 fail; multi-byte characters count in bytes")
    func nameLength() {
        var model = Model()
        model.addVariable(name: String(repeating: "b", count: 255))  // exactly the limit
        model.addVariable(name: String(repeating: "é", count: 128))  // 256 UTF-8 bytes, 128 characters
        let found = issues(model)
        #expect(found.count == 1)
        #expect(found.first?.subject.hasSuffix("(#1)") == true)
        #expect(found.first?.message.contains("256 bytes") == true)
    }

    @Test("control characters in row and model names", arguments: ["new\nline", "nul\u{0}", "del\u{7F}", "bell\u{07}"])
    func controlCharacters(_ name: String) {
        var model = Model(name: name)
        let x = model.addVariable()
        model.addConstraint(x <= 1, name: name)
        let subjects = issues(model).map(\.subject)
        #expect(subjects.count == 2)
        #expect(subjects.first == "model name")
        #expect(subjects.last?.hasSuffix("(#0)") == true)
        #expect(subjects.last?.hasPrefix("constraint") == true)
    }

    @Test("objective: infinite constant and NaN coefficient")
    func objectiveIssues() {
        var model = Model()
        let x = model.addVariable(name: "x")
        model.setObjective(Double.nan * x + 1, sense: .minimize)
        model.objectiveConstant = -.infinity
        let found = issues(model)
        #expect(found.map(\.subject) == ["objective", "variable 'x' (#0)"])
    }

    @Test("a row with a negative variable index is reported")
    func negativeIndex() {
        var model = Model()
        model.addVariable()
        model.addConstraint(LinearExpression([Term(1, Variable(index: -1))], constant: 0) <= 1)
        let found = issues(model)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("#-1") == true)
    }

    @Test("the error's description lists every issue")
    func description() {
        var model = Model()
        model.addVariable(name: "p", lower: 3, upper: 2)
        model.addVariable(name: "q", objective: .nan)
        do {
            try model.validate()
            Issue.record("validate() should have thrown")
        } catch {
            #expect(error.description.hasPrefix("invalid model (2 issues):"))
            #expect(error.description.contains("variable 'p' (#0)"))
            #expect(error.description.contains("variable 'q' (#1)"))
        }
    }

    /// One defect each, placed last in an otherwise sound model of 1,000 variables and 100
    /// rows: validate() must reach the end of every array and report that one issue.
    enum Defect: String, CaseIterable, CustomTestStringConvertible {
        case nanLower, minusInfinityUpper, crossedBounds, hugeBound, infiniteObjective, hugeObjective
        case fractionalIntegerBound, longName, c1ControlInName, rowLowerPlusInfinity, hugeRowBound
        case nanCoefficient, hugeCoefficient, unknownVariable, controlInRowName, controlInModelName
        var testDescription: String { rawValue }
    }

    @Test("a single defect at the end of a large model is reported", arguments: Defect.allCases)
    func singleDefect(_ defect: Defect) {
        var model = Model(name: "large")
        var variables: [Variable] = []
        for index in 0..<1_000 {
            variables.append(model.addVariable(name: "x\(index)", lower: 0, upper: 10, objective: 1))
        }
        var rows: [Constraint] = []
        for row in 0..<100 {
            let terms = (0..<10).map { Term(1, variables[row * 10 + $0]) }
            rows.append(model.addConstraint(LinearExpression(terms, constant: 0) <= 5, name: "r\(row)"))
        }
        #expect(issues(model).isEmpty)
        let x = variables[999]
        let r = rows[99]
        switch defect {
        case .nanLower: model.setBounds(x, lower: .nan, upper: 1)
        case .minusInfinityUpper: model.setBounds(x, lower: -.infinity, upper: -.infinity)
        case .crossedBounds: model.setBounds(x, lower: 2, upper: 1)
        case .hugeBound: model.setBounds(x, lower: 0, upper: 1e21)
        case .infiniteObjective: model.setObjectiveCoefficient(x, .infinity)
        case .hugeObjective: model.setObjectiveCoefficient(x, -1e21)
        case .fractionalIntegerBound:
            model.setKind(x, .integer)
            model.setBounds(x, lower: 0, upper: 2.5)
        case .longName: model.addVariable(name: String(repeating: "n", count: 256))
        case .c1ControlInName: model.addVariable(name: "next\u{85}line")
        case .rowLowerPlusInfinity: model.setBounds(r, lower: .infinity, upper: .infinity)
        case .hugeRowBound: model.setBounds(r, lower: -1e21, upper: 5)
        case .nanCoefficient: model.setTerms(of: r, [Term(.nan, x)])
        case .hugeCoefficient: model.setTerms(of: r, [Term(1e21, x)])
        case .unknownVariable: model.setTerms(of: r, [Term(1, Variable(index: 1_000))])
        case .controlInRowName: model.addConstraint(LinearExpression(x) <= 1, name: "tab\there")
        case .controlInModelName: model.name = "large\u{7F}"
        }
        #expect(issues(model).count == 1)
    }
}
