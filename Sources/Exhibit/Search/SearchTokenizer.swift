import Foundation

/// The search normaliser and tokenizer. `Templates/assets/search.js` implements the very same
/// rules (reading the ranges and folds below from `search/index.json`), so the search page and
/// `exhibit search` find the same tokens in the same text.
///
/// Normalisation of a text:
/// 1. Unicode NFKD (compatibility decomposition: `ﬁ` → `fi`, `½` → `1⁄2`, `é` → `e` + U+0301);
/// 2. lowercase, code point by code point (Unicode default full mapping, no locale);
/// 3. drop the combining diacritical marks of ``stripRanges`` (so `Café` → `cafe`,
///    `İ` → `i`), and apply the small ``folds`` table (`ß` → `ss`, `æ` → `ae`, `ς` → `σ`, …);
/// 4. if the result still holds a combining mark or a Hangul jamo, recompose it with NFC (Hangul
///    syllables, kana with voicing marks, Indic vowel signs).
///
/// Tokenisation: a *word character* is Alphabetic, a number (`N*`) or a mark (`M*`); everything
/// else separates words. A run of word characters from the scripts written without spaces
/// (``cjkRanges``: Han, Hiragana, Katakana, Hangul, Thai) becomes character bigrams — plus, in
/// the index, every single character, so a one-character query finds it too. Other runs are
/// words, cut to ``maxTokenLength`` code points.
package enum SearchTokenizer {
    /// Longest token, in code points; longer words are cut (in the index and in queries alike).
    package static let maxTokenLength = 32

    /// Code point ranges dropped after lowercasing: combining diacritical marks.
    package static let stripRanges: [ClosedRange<UInt32>] = [
        0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
    ]

    /// Letters NFKD leaves alone that readers type without their stroke or ligature.
    package static let folds: [(from: Unicode.Scalar, to: String)] = [
        ("\u{00DF}", "ss"), ("\u{00E6}", "ae"), ("\u{0153}", "oe"), ("\u{00F8}", "o"),
        ("\u{0111}", "d"), ("\u{00F0}", "d"), ("\u{0142}", "l"), ("\u{0131}", "i"),
        ("\u{00FE}", "th"), ("\u{0127}", "h"), ("\u{03C2}", "\u{03C3}"),
    ]

    /// Scripts written without spaces between words, indexed as character bigrams.
    package static let cjkRanges: [ClosedRange<UInt32>] = [
        0x0E00...0x0E7F,   // Thai
        0x1100...0x11FF,   // Hangul Jamo
        0x2E80...0x2FDF,   // CJK radicals, Kangxi radicals
        0x3005...0x3007,   // 々 〆 〇
        0x3021...0x3029,   // Hangzhou numerals
        0x3031...0x3035,   // kana repeat marks
        0x3038...0x303C,
        0x3040...0x30FF,   // Hiragana, Katakana
        0x3130...0x318F,   // Hangul compatibility jamo
        0x31F0...0x31FF,   // Katakana phonetic extensions
        0x3400...0x4DBF,   // CJK extension A
        0x4E00...0x9FFF,   // CJK unified ideographs
        0xA960...0xA97F,   // Hangul jamo extended A
        0xAC00...0xD7FF,   // Hangul syllables, jamo extended B
        0xF900...0xFAFF,   // CJK compatibility ideographs
        0xFF66...0xFF9F,   // halfwidth Katakana
        0x1B000...0x1B16F, // Kana supplement and extended A
        0x20000...0x3FFFF, // CJK extensions B and later
    ]

    /// Normalises `text` for matching (see the type's documentation).
    package static func normalize(_ text: String) -> String {
        if isASCII(text) { return asciiLowercased(text) }
        var out = String.UnicodeScalarView()
        var needsComposition = false
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.value < 0x80 {
                out.append(asciiLower(scalar))
                continue
            }
            if scalar.properties.changesWhenLowercased {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars {
                    appendFolded(lower, to: &out, needsComposition: &needsComposition)
                }
            } else {
                appendFolded(scalar, to: &out, needsComposition: &needsComposition)
            }
        }
        let result = String(out)
        return needsComposition ? result.precomposedStringWithCanonicalMapping : result
    }

    /// The tokens of a text to index: words, and for space-less scripts every character and
    /// every bigram. May hold duplicates (term frequency counts them).
    package static func indexTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        if isASCII(text) {
            // Fast path, same result: ASCII letters and digits are the only ASCII word characters.
            var word: [UInt8] = []
            word.reserveCapacity(maxTokenLength)
            for var byte in text.utf8 {
                if byte >= 0x41 && byte <= 0x5A { byte += 32 }
                if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                    if word.count < maxTokenLength { word.append(byte) }
                } else if !word.isEmpty {
                    tokens.append(String(decoding: word, as: UTF8.self))
                    word.removeAll(keepingCapacity: true)
                }
            }
            if !word.isEmpty { tokens.append(String(decoding: word, as: UTF8.self)) }
            return tokens
        }
        forEachRun(normalize(text)) { run, isCJK in
            if isCJK {
                for scalar in run { tokens.append(String(String.UnicodeScalarView([scalar]))) }
                if run.count > 1 {
                    for i in 0 ..< run.count - 1 { tokens.append(String(String.UnicodeScalarView([run[i], run[i + 1]]))) }
                }
            } else {
                tokens.append(String(String.UnicodeScalarView(run.prefix(maxTokenLength))))
            }
        }
        return tokens
    }

    /// Calls `ascii` or `other` with each token ``indexTokens(_:)`` gives, in the same order:
    /// an ASCII text's tokens as UTF-8 bytes (lowercased words written into one small reused
    /// buffer, no `String` per token), any other text's as strings.
    static func forEachIndexToken(_ text: String, ascii: (UnsafeBufferPointer<UInt8>) -> Void, other: (String) -> Void) {
        var text = text
        let isASCII = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte >= 0x80 { return false }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTokenLength) { word in
                let start = word.baseAddress!
                var length = 0
                for var byte in bytes {
                    if byte >= 0x41 && byte <= 0x5A { byte += 32 }
                    if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                        if length < maxTokenLength {
                            start[length] = byte
                            length += 1
                        }
                    } else if length > 0 {
                        ascii(UnsafeBufferPointer(start: start, count: length))
                        length = 0
                    }
                }
                if length > 0 { ascii(UnsafeBufferPointer(start: start, count: length)) }
            }
            return true
        }
        if !isASCII { forEachNormalizedIndexToken(normalize(text), other) }
    }

    /// ``indexTokens(_:)`` of a text already normalised, read from its UTF-8 bytes: a token is
    /// a slice of the text (a word's first ``maxTokenLength`` scalars, one character, or two
    /// neighbouring ones), turned into a `String` once, with no scalar arrays in between.
    private static func forEachNormalizedIndexToken(_ normalized: String, _ body: (String) -> Void) {
        var text = normalized
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let count = bytes.count
            // Byte offsets of the scalars of the current run, plus its end.
            var starts: [Int] = []
            starts.reserveCapacity(64)
            var runEnd = 0
            var runIsCJK = false
            func token(_ start: Int, _ end: Int) -> String {
                String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
            }
            func flush() {
                guard !starts.isEmpty else { return }
                if runIsCJK {
                    for i in starts.indices { body(token(starts[i], i + 1 < starts.count ? starts[i + 1] : runEnd)) }
                    if starts.count > 1 {
                        for i in 0 ..< starts.count - 1 { body(token(starts[i], i + 2 < starts.count ? starts[i + 2] : runEnd)) }
                    }
                } else {
                    body(token(starts[0], starts.count > maxTokenLength ? starts[maxTokenLength] : runEnd))
                }
                starts.removeAll(keepingCapacity: true)
            }
            var position = 0
            while position < count {
                let lead = base[position]
                var value: UInt32
                var length: Int
                if lead < 0x80 {
                    value = UInt32(lead); length = 1
                } else if lead < 0xE0 {
                    value = UInt32(lead & 0x1F); length = 2
                } else if lead < 0xF0 {
                    value = UInt32(lead & 0x0F); length = 3
                } else {
                    value = UInt32(lead & 0x07); length = 4
                }
                for offset in 1 ..< length { value = value << 6 | UInt32(base[position + offset] & 0x3F) }
                let scalar = Unicode.Scalar(value)!
                if !isWordCharacter(scalar) {
                    flush()
                } else {
                    let cjk = isCJK(value)
                    if !starts.isEmpty && cjk != runIsCJK { flush() }
                    runIsCJK = cjk
                    starts.append(position)
                    runEnd = position + length
                }
                position += length
            }
            flush()
        }
    }

    /// One word of a query.
    package struct QueryTerm: Sendable, Equatable {
        /// The normalised token.
        package var token: String
        /// True for the last word of the query when it is not from a space-less script: it
        /// matches every token that starts with it (search as you type).
        package var isPrefix: Bool
    }

    /// The terms of a query, in query order, without repeats: every word, the last one a
    /// prefix; a space-less run of one character is that character, longer runs their bigrams.
    package static func queryTerms(_ query: String) -> [QueryTerm] {
        var terms: [QueryTerm] = []
        var lastRunIsWord = false
        forEachRun(normalize(query)) { run, isCJK in
            if isCJK {
                if run.count == 1 {
                    terms.append(QueryTerm(token: String(String.UnicodeScalarView(run)), isPrefix: false))
                } else {
                    for i in 0 ..< run.count - 1 {
                        terms.append(QueryTerm(token: String(String.UnicodeScalarView([run[i], run[i + 1]])), isPrefix: false))
                    }
                }
                lastRunIsWord = false
            } else {
                terms.append(QueryTerm(token: String(String.UnicodeScalarView(run.prefix(maxTokenLength))), isPrefix: false))
                lastRunIsWord = true
            }
        }
        if lastRunIsWord { terms[terms.count - 1].isPrefix = true }
        var unique: [QueryTerm] = []
        for term in terms where !unique.contains(term) { unique.append(term) }
        return unique
    }

    // MARK: Character classes

    /// True for a word character: Alphabetic, a number or a mark.
    @inline(__always)
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (value >= 0x61 && value <= 0x7A) || (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    @inline(__always)
    static func isCJK(_ value: UInt32) -> Bool {
        if value < 0x0E00 { return false }
        for range in cjkRanges where range.contains(value) { return true }
        return false
    }

    // MARK: Internals

    /// Calls `body` with each run of word characters of a normalised text, split where the
    /// text switches between a space-less script and other word characters.
    private static func forEachRun(_ normalized: String, _ body: ([Unicode.Scalar], Bool) -> Void) {
        var run: [Unicode.Scalar] = []
        var runIsCJK = false
        for scalar in normalized.unicodeScalars {
            guard isWordCharacter(scalar) else {
                if !run.isEmpty { body(run, runIsCJK); run.removeAll(keepingCapacity: true) }
                continue
            }
            let cjk = isCJK(scalar.value)
            if !run.isEmpty && cjk != runIsCJK { body(run, runIsCJK); run.removeAll(keepingCapacity: true) }
            runIsCJK = cjk
            run.append(scalar)
        }
        if !run.isEmpty { body(run, runIsCJK) }
    }

    @inline(__always)
    private static func appendFolded(_ scalar: Unicode.Scalar, to out: inout String.UnicodeScalarView, needsComposition: inout Bool) {
        let value = scalar.value
        for range in stripRanges where range.contains(value) { return }
        for fold in folds where fold.from == scalar {
            out.append(contentsOf: fold.to.unicodeScalars)
            return
        }
        if value >= 0x1100 && value <= 0x11FF {
            needsComposition = true
        } else if value >= 0x300 {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: needsComposition = true
            default: break
            }
        }
        out.append(scalar)
    }

    @inline(__always)
    private static func isASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 < 0x80 }
    }

    @inline(__always)
    private static func asciiLower(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (scalar.value >= 0x41 && scalar.value <= 0x5A) ? Unicode.Scalar(scalar.value + 32)! : scalar
    }

    private static func asciiLowercased(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for i in bytes.indices where bytes[i] >= 0x41 && bytes[i] <= 0x5A { bytes[i] += 32 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
