import Testing

@testable import Stockpile

/// Untrusted text in reports: control characters escaped for terminals and Markdown,
/// formulas guarded in CSV, numbers left as they are.
@Suite struct ReportTextTests {
    @Test func terminalTextEscapesEveryControlCharacterButTheLineFeed() {
        // ESC [2J clears the screen; ESC ] 0; ... BEL sets the window title; U+009B is the 8-bit CSI.
        #expect(
            ReportText.terminal("a\u{1B}[2J\u{1B}]0;t\u{07}\nb\u{9B}1m\u{7F}\u{0}") == #"a\u{1B}[2J\u{1B}]0;t\u{07}"# + "\n"
                + #"b\u{9B}1m\u{7F}\u{00}"#)
        #expect(ReportText.terminal("tab\there\r\n") == #"tab\there\r"# + "\n")
        // Text without control characters comes back as it was, other scalars included.
        #expect(ReportText.terminal("Gécamines — 鉱物\n") == "Gécamines — 鉱物\n")
        // U+00A0 (no-break space) is printable; U+0080 is a C1 control.
        #expect(ReportText.terminal("\u{A0}x\u{80}") == "\u{A0}x" + #"\u{80}"#)
    }

    @Test func inlineTextKeepsToOneLine() {
        #expect(ReportText.inline("name\nStatus: fake") == #"name\nStatus: fake"#)
        #expect(ReportText.inline("a\u{1B}b") == #"a\u{1B}b"#)
        #expect(ReportText.inline("plain") == "plain")
    }

    @Test func markdownCellsEscapePipesAndLineBreaks() {
        #expect(ReportText.markdownCell("a|b\nc") == #"a\|b\nc"#)
        let table = {
            var table = TextTable([("offer", .left), ("supplier", .left)])
            table.append(["x|y", "two\nlines\u{1B}[0m"])
            return table
        }()
        #expect(table.markdown() == "| offer | supplier |\n|---|---|\n" + #"| x\|y | two\nlines\u{1B}[0m |"#)
        #expect(table.terminal(indent: "") == "offer  supplier\n-----  " + String(repeating: "-", count: 19) + "\n" + #"x|y    two\nlines\u{1B}[0m"#)
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""), ("-", "'-"), ("+", "'+"), ("-1e", "'-1e"), ("-.", "'-."), ("-nan", "'-nan"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("-20", "-20"), ("-1.5e3", "-1.5e3"), ("+0.25", "+0.25"), ("-.5", "-.5"), ("-3.", "-3."), ("-2E-7", "-2E-7"),
        ("-inf", "-inf"), ("-20%", "-20%"), ("+12.5%", "+12.5%"), ("-%", "'-%"), ("-20%%", "'-20%%"), ("cobalt", "cobalt"), ("a=b", "a=b"), ("", ""),
    ])
    func csvFieldsGuardFormulasButNotNumbers(_ text: String, _ field: String) {
        #expect(ReportText.csvField(text) == field)
    }

    @Test func everyNumberTheReportsWriteIsANumber() {
        for value: Double in [-20, -1500, -0.000_001, -1e13, -123_456.789, -Double.infinity, 0.25] {
            #expect(ReportText.isNumber(Format.plain(value)), "\(Format.plain(value))")
            #expect(ReportText.csvField(Format.plain(value)) == Format.plain(value))
        }
    }
}
