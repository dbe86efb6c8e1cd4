// Yams's own copy of libyaml (its `CYaml` target): the very parser `Yams.compose` runs, so
// marks, scalar text and styles are the same; this reads its events directly.
import CYaml
import Yams

extension ModelDocument {
    /// The document of UTF-8 YAML or JSON text: read by ``ModelTextScanner`` when the text
    /// is within what it reads, else from libyaml's event stream (``events(_:)``); nil when
    /// both decline it, which leaves it to `Yams.compose`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ModelDocument? {
        ModelTextScanner.document(of: bytes) ?? events(bytes)
    }

    /// The document of UTF-8 YAML or JSON text, read from libyaml's event stream with the
    /// tags resolved as Yams's default resolver would; nil when the text needs what only
    /// `Yams.compose` does exactly (a syntax error and its message, an anchor, an alias,
    /// an explicit tag, a possible duplicate key, a scalar starting with a byte order mark,
    /// not exactly one document).
    static func events(_ bytes: UnsafeBufferPointer<UInt8>) -> ModelDocument? {
        guard let base = bytes.baseAddress else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, base, bytes.count)

        var builder = Builder(sourceBytes: bytes.count)
        var documents = 0
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return documents == 1 ? builder.document : nil
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { return nil }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                guard scalar.anchor == nil, scalar.tag == nil,
                    let style = Node.Scalar.Style(rawValue: numericCast(scalar.style.rawValue))
                else { return nil }
                let value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
                // Yams decodes a scalar with Foundation's `String(bytes:encoding:)`, which drops
                // a leading byte order mark: such text is left to it.
                if value.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
                let tag = scalar.quoted_implicit == 1 ? ScalarTag.str : resolvedTag(of: value)
                builder.scalar(value, tag: tag, style: style, line: line, column: column)
            case YAML_SEQUENCE_START_EVENT:
                let start = event.data.sequence_start
                guard start.anchor == nil, start.implicit != 0 || start.tag == nil else { return nil }
                builder.begin(.sequence, line: line, column: column)
            case YAML_MAPPING_START_EVENT:
                let start = event.data.mapping_start
                guard start.anchor == nil, start.implicit != 0 || start.tag == nil else { return nil }
                builder.begin(.mapping, line: line, column: column)
            case YAML_SEQUENCE_END_EVENT:
                builder.end()
            case YAML_MAPPING_END_EVENT:
                guard !builder.openKeysMayRepeat() else { return nil }
                builder.end()
            case YAML_ALIAS_EVENT:
                return nil
            default:
                break  // stream start, document end
            }
        }
    }
}

extension ModelDocument.Builder {
    /// Whether the open mapping has a key that is not a scalar, or two keys with the same
    /// text: Yams then reports duplicates (or not) by its own rules, so the caller defers
    /// to it.
    func openKeysMayRepeat() -> Bool {
        typealias NodeID = ModelDocument.NodeID
        guard let (node, children) = openMapping else { return false }
        let records = document.records
        let pairs = children / 2
        if pairs <= 16 {
            // Keys one by one against those before them, without gathering them first.
            func next(_ key: NodeID) -> NodeID { ModelDocument.end(ModelDocument.end(key, in: records), in: records) }
            var key = node + 1
            for index in 0..<pairs {
                guard records[key].kind == .scalar else { return true }
                var earlier = node + 1
                for _ in 0..<index {
                    if document.sameText(earlier, key) { return true }
                    earlier = next(earlier)
                }
                key = next(key)
            }
            return false
        }
        let keys = openKeys
        if keys.contains(where: { document.kind($0) != .scalar }) { return true }
        var seen = Set<String>()
        for key in keys where !seen.insert(document.string(key)).inserted { return true }
        return false
    }
}

extension ModelDocument {
    /// Whether two scalars' texts are equal as Swift strings (canonical equivalence, as
    /// Yams compares keys): bytes first, strings when either is not ASCII.
    fileprivate func sameText(_ a: NodeID, _ b: NodeID) -> Bool {
        let (x, y) = (records[a], records[b])
        let equalBytes = text.withUnsafeBufferPointer { buffer in
            x.count == y.count && buffer[Int(x.start)..<Int(x.start + x.count)].elementsEqual(buffer[Int(y.start)..<Int(y.start + y.count)])
        }
        if equalBytes { return true }
        let ascii = text.withUnsafeBufferPointer { buffer in
            !buffer[Int(x.start)..<Int(x.start + x.count)].contains { $0 >= 0x80 }
                && !buffer[Int(y.start)..<Int(y.start + y.count)].contains { $0 >= 0x80 }
        }
        return ascii ? false : string(a) == string(b)
    }
}
