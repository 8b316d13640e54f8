/// Small generated images for offline demo builds (`exhibit build --demo`): the demo database's
/// image and avatar URLs point at hosts that do not exist, so the demo site serves these instead.
///
/// Each picture follows from a hash of its URL alone — the same URL always gives the same bytes.
/// They are valid standalone SVG (xmlns, width, height, viewBox), with no text, no scripts and no
/// external references, integer coordinates only, and under 1.5 KB.
package enum DemoMedia {
    /// An abstract picture for an image URL: a soft gradient with a few shapes (a landscape,
    /// bokeh, geometry or waves), in one of several aspect ratios.
    package static func svg(forImageURL url: String) -> String {
        var random = DemoRandom(seed: demoHash(url), stream: 0x5EED)
        let (width, height) = pictureSizes[random.below(pictureSizes.count)]
        let hue = Double(random.below(360))
        let accent = hue + Double(random.int(in: 25...70))
        let light = color(hue, 0.55, 0.80), deep = color(accent, 0.50, 0.38)
        var out = header(width, height)
        let vertical = random.chance(0.5)
        out += "<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"\(vertical ? 0 : 1)\" y2=\"1\">"
            + "<stop offset=\"0\" stop-color=\"\(light)\"/><stop offset=\"1\" stop-color=\"\(deep)\"/></linearGradient></defs>"
            + "<rect width=\"\(width)\" height=\"\(height)\" fill=\"url(#g)\"/>"
        switch random.below(4) {
        case 0: // Landscape: a sun and layered hills.
            let sunX = random.int(in: width / 5...width * 4 / 5), sunY = random.int(in: height / 6...height / 2)
            out += "<circle cx=\"\(sunX)\" cy=\"\(sunY)\" r=\"\(min(width, height) / random.int(in: 7...11))\" fill=\"\(color(hue + 180, 0.7, 0.88))\" fill-opacity=\".9\"/>"
            for layer in 0..<3 {
                let base = height * (5 + layer) / 9
                var points = "0,\(height)"
                let steps = 4
                for step in 0...steps {
                    let x = width * step / steps
                    let y = base - random.int(in: 0...height / 5)
                    points += " \(x),\(y)"
                }
                points += " \(width),\(height)"
                out += "<polygon points=\"\(points)\" fill=\"\(color(accent + Double(layer * 12), 0.35, 0.50 - Double(layer) * 0.12))\"/>"
            }
        case 1: // Bokeh: translucent discs.
            for _ in 0..<random.int(in: 5...8) {
                out += "<circle cx=\"\(random.below(width))\" cy=\"\(random.below(height))\" r=\"\(random.int(in: 30...min(width, height) / 4))\""
                    + " fill=\"\(color(hue + Double(random.int(in: -40...40)), 0.8, 0.85))\" fill-opacity=\".\(random.int(in: 2...5))\"/>"
            }
        case 2: // Geometry: rotated rounded squares.
            for _ in 0..<random.int(in: 3...5) {
                let side = random.int(in: min(width, height) / 6...min(width, height) / 2)
                let x = random.below(width - side / 2), y = random.below(height - side / 2)
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(side)\" height=\"\(side)\" rx=\"\(side / 8)\""
                    + " transform=\"rotate(\(random.int(in: -30...30)) \(x + side / 2) \(y + side / 2))\""
                    + " fill=\"\(color(accent + Double(random.int(in: 90...200)), 0.6, 0.6))\" fill-opacity=\".\(random.int(in: 4...7))\"/>"
            }
        default: // Waves: three bands across the lower half.
            for band in 0..<3 {
                let y = height / 2 + band * height / 7
                let amplitude = random.int(in: height / 20...height / 8)
                out += "<path d=\"M0 \(y) C\(width / 3) \(y - amplitude) \(width * 2 / 3) \(y + amplitude) \(width) \(y) V\(height) H0Z\""
                    + " fill=\"\(color(accent + Double(band * 15), 0.55, 0.62 - Double(band) * 0.12))\" fill-opacity=\".8\"/>"
            }
        }
        return out + "</svg>"
    }

    /// The raster form of ``svg(forImageURL:)`` for social cards and feeds (which take no SVG):
    /// its colours as a vertical gradient at 600 pixels wide and the same aspect ratio, with a disc.
    package static func png(forImageURL url: String) -> [UInt8] {
        var random = DemoRandom(seed: demoHash(url), stream: 0x5EED)
        let (svgWidth, svgHeight) = pictureSizes[random.below(pictureSizes.count)]
        let hue = Double(random.below(360))
        let accent = hue + Double(random.int(in: 25...70))
        let light = rgb(hue, 0.55, 0.80), deep = rgb(accent, 0.50, 0.38), disc = rgb(hue + 180, 0.7, 0.88)
        let width = 600, height = svgHeight * 600 / svgWidth
        let centerX = width * 2 / 3, centerY = height / 3, radius = min(width, height) / 6
        func mix(_ a: UInt8, _ b: UInt8, _ t: Double) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return DemoPNG.encode(width: width, height: height) { y in
            let t = Double(y) / Double(max(1, height - 1))
            var row = DemoPNG.Row(color: (mix(light.r, deep.r, t), mix(light.g, deep.g, t), mix(light.b, deep.b, t)))
            let dy = y - centerY
            if dy * dy <= radius * radius {
                let half = Int(Double(radius * radius - dy * dy).squareRoot())
                row.band = centerX - half ..< centerX + half + 1
                row.bandColor = disc
            }
            return row
        }
    }

    /// The raster form of an avatar: its background colour with a darker disc, 128 pixels square.
    package static func png(forAvatarURL url: String) -> [UInt8] {
        var random = DemoRandom(seed: demoHash(url), stream: 0xA7A7)
        let hue = Double(random.below(360))
        let background = rgb(hue, 0.45, 0.88), dot = rgb(hue + Double(random.int(in: 20...60)), 0.6, 0.45)
        return DemoPNG.encode(width: 128, height: 128) { y in
            let dy = y - 64
            guard dy * dy <= 36 * 36 else { return DemoPNG.Row(color: background) }
            let half = Int(Double(36 * 36 - dy * dy).squareRoot())
            return DemoPNG.Row(color: background, band: 64 - half ..< 64 + half + 1, bandColor: dot)
        }
    }

    /// ``color(_:_:_:)`` as bytes.
    static func rgb(_ hue: Double, _ saturation: Double, _ lightness: Double) -> DemoPNG.Color {
        let hex = Array(color(hue, saturation, lightness).utf8.dropFirst())
        func byte(_ at: Int) -> UInt8 { UInt8(String(decoding: hex[at ..< at + 2], as: UTF8.self), radix: 16)! }
        return (byte(0), byte(2), byte(4))
    }

    /// The sizes of the demo's pictures (their aspect ratios: square, 4:3, 3:4, 3:2, 4:5, 16:9).
    private static let pictureSizes = [(800, 800), (800, 600), (600, 800), (800, 533), (640, 800), (800, 450)]

    /// The size of ``svg(forImageURL:)``'s picture for `url`.
    package static func pictureSize(forImageURL url: String) -> (width: Int, height: Int) {
        var random = DemoRandom(seed: demoHash(url), stream: 0x5EED)
        return pictureSizes[random.below(pictureSizes.count)]
    }

    /// An avatar for an avatar URL: a symmetric pattern of dots on a coloured square (no initials).
    package static func avatarSVG(forAvatarURL url: String) -> String {
        var random = DemoRandom(seed: demoHash(url), stream: 0xA7A7)
        let hue = Double(random.below(360))
        var out = header(128, 128)
        out += "<rect width=\"128\" height=\"128\" fill=\"\(color(hue, 0.45, 0.88))\"/>"
        let dot = color(hue + Double(random.int(in: 20...60)), 0.6, 0.45)
        out += "<g fill=\"\(dot)\">"
        var bits = random.next()
        var drawn = 0
        for row in 0..<5 {
            for column in 0..<3 {
                let on = bits & 1 == 1 || (row == 2 && column == 2 && drawn == 0)
                bits >>= 1
                guard on else { continue }
                drawn += 1
                let radius = 7 + Int(bits & 3)
                bits >>= 2
                let y = 24 + row * 20
                out += "<circle cx=\"\(24 + column * 20)\" cy=\"\(y)\" r=\"\(radius)\"/>"
                if column < 2 { out += "<circle cx=\"\(104 - column * 20)\" cy=\"\(y)\" r=\"\(radius)\"/>" }
            }
        }
        return out + "</g></svg>"
    }

    private static func header(_ width: Int, _ height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
    }

    /// `#rrggbb` of an HSL colour (hue in degrees, any value; saturation and lightness 0…1).
    static func color(_ hue: Double, _ saturation: Double, _ lightness: Double) -> String {
        let h = (hue.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 60
        let l = min(1, max(0, lightness))
        let chroma = (1 - abs(2 * l - 1)) * saturation
        let x = chroma * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let (r, g, b): (Double, Double, Double)
        switch Int(h) {
        case 0: (r, g, b) = (chroma, x, 0)
        case 1: (r, g, b) = (x, chroma, 0)
        case 2: (r, g, b) = (0, chroma, x)
        case 3: (r, g, b) = (0, x, chroma)
        case 4: (r, g, b) = (x, 0, chroma)
        default: (r, g, b) = (chroma, 0, x)
        }
        let m = l - chroma / 2
        var out = "#"
        for channel in [r, g, b] {
            let value = Int(((channel + m) * 255).rounded())
            let clamped = min(255, max(0, value))
            out.append(Character(Unicode.Scalar(DemoRandom.hexDigits[clamped >> 4])))
            out.append(Character(Unicode.Scalar(DemoRandom.hexDigits[clamped & 15])))
        }
        return out
    }
}
