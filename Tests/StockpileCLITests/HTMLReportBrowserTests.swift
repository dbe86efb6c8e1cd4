import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The HTML reports in a real browser: Debian's chromium, headless, renders each page to a
/// PNG screenshot, which must be the window's size and hold far more than an empty page's
/// screenshot does (a page that renders blank compresses to almost nothing, as the empty
/// page does). Skipped, saying why, where no chromium is installed.
@Suite(.serialized) struct HTMLReportBrowserTests {
    /// The browser, or nil (with the reason printed) when none is installed.
    static let browser: String? = {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        print("skipped: no chromium at /usr/bin/chromium (apt-get install chromium) to render the HTML reports")
        return nil
    }()

    static let width = 1200, height = 2000

    /// Renders `page` with the browser and returns the screenshot's bytes; the browser is
    /// killed after 60 s.
    static func screenshot(_ page: URL, browser: String, in folder: URL) throws -> Data {
        let png = folder.appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".png")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--user-data-dir=\(folder.path)/profile",
            "--screenshot=\(png.path)", "--window-size=\(width),\(height)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            Issue.record("chromium did not finish \(page.lastPathComponent) within 60 s")
        }
        return try Data(contentsOf: png)
    }

    /// Width and height from a PNG's IHDR chunk (bytes 16...23), nil if not a PNG.
    static func size(ofPNG data: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], bytes[12..<16] == [0x49, 0x48, 0x44, 0x52]
        else { return nil }
        func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (integer(16), integer(20))
    }

    /// The commands whose pages are rendered: a plan, a schedule, an explanation, a sweep
    /// and a comparison of the shipped models.
    static let reports: [(name: String, arguments: [String])] = [
        ("plan", ["plan", "Models/japan-critical-minerals.yaml"]),
        ("shortfall", ["plan", "Models/budget-shortfall.yaml"]),
        ("schedule", ["plan", "Models/japan-buildup.yaml"]),
        ("explain", ["explain", "Models/tutorial.yaml"]),
        ("sweep", ["sweep", "Models/japan-critical-minerals.yaml", "--cap", "CN=0.2...0.8:0.2", "--quiet"]),
        ("compare", ["compare", "Models/japan-critical-minerals.yaml", "Models/scenarios/budget-cut-20.yaml"]),
    ]

    @Test func everyPageRendersInChromium() throws {
        guard let browser = Self.browser else { return }
        let folder = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }

        let empty = folder.appendingPathComponent("empty.html")
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>empty</title></head><body></body></html>\n"
            .write(to: empty, atomically: false, encoding: .utf8)
        let blank = try Self.screenshot(empty, browser: browser, in: folder)
        let blankSize = try #require(Self.size(ofPNG: blank), "the empty page's screenshot is not a PNG")
        #expect(blankSize.width == Self.width && blankSize.height == Self.height)

        for report in Self.reports {
            let page = folder.appendingPathComponent("\(report.name).html")
            let run = try CLI.run(report.arguments + ["--format", "html", "--output", page.path])
            #expect(run.status == 0 || run.status == 3, "\(report.name): \(run.error)")
            let png = try Self.screenshot(page, browser: browser, in: folder)
            let size = try #require(Self.size(ofPNG: png), "\(report.name): the screenshot is not a PNG")
            #expect(size.width == Self.width && size.height == Self.height, "\(report.name): \(size)")
            // Text, tables and bars make a screenshot many times larger than a blank one.
            #expect(png.count > 8 * blank.count, "\(report.name): \(png.count) bytes against an empty page's \(blank.count)")
        }
    }
}
