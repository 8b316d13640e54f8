/// XXH64 (Yann Collet's xxHash, 64-bit variant): a fast non-cryptographic hash, used by the
/// output writer to tell whether a file's bytes changed since the previous build.
enum XXHash64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    @inline(__always) static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* prime1 &+ prime4
    }

    /// The XXH64 hash of `bytes` with `seed`.
    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        var h: UInt64
        var i = 0
        guard let base = bytes.baseAddress, count > 0 else { return avalanche(seed &+ prime5) }
        @inline(__always) func read64(_ offset: Int) -> UInt64 {
            UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        if count >= 32 {
            var v1 = seed &+ prime1 &+ prime2
            var v2 = seed &+ prime2
            var v3 = seed
            var v4 = seed &- prime1
            while i + 32 <= count {
                v1 = round(v1, read64(i))
                v2 = round(v2, read64(i + 8))
                v3 = round(v3, read64(i + 16))
                v4 = round(v4, read64(i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = merge(h, v1)
            h = merge(h, v2)
            h = merge(h, v3)
            h = merge(h, v4)
        } else {
            h = seed &+ prime5
        }
        h = h &+ UInt64(count)
        while i + 8 <= count {
            h ^= round(0, read64(i))
            h = rotl(h, 27) &* prime1 &+ prime4
            i += 8
        }
        if i + 4 <= count {
            let word = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            h ^= UInt64(word) &* prime1
            h = rotl(h, 23) &* prime2 &+ prime3
            i += 4
        }
        while i < count {
            h ^= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) &* prime5
            h = rotl(h, 11) &* prime1
            i += 1
        }
        return avalanche(h)
    }

    @inline(__always) static func avalanche(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* prime2
        h ^= h >> 29
        h = h &* prime3
        h ^= h >> 32
        return h
    }

    /// The hash of a string's UTF-8 bytes.
    static func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        var copy = text
        return copy.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }
}

extension XXHash64 {
    /// XXH64 of bytes given in pieces: the same value as ``XXHash64/hash(_:seed:)`` of their
    /// concatenation, without holding it (the output manifest is written and read this way).
    struct Stream {
        private var v1, v2, v3, v4: UInt64
        private let seed: UInt64
        private var total = 0
        /// Bytes not yet consumed (fewer than 32).
        private var pending: [UInt8] = []

        init(seed: UInt64 = 0) {
            self.seed = seed
            v1 = seed &+ XXHash64.prime1 &+ XXHash64.prime2
            v2 = seed &+ XXHash64.prime2
            v3 = seed
            v4 = seed &- XXHash64.prime1
            pending.reserveCapacity(32)
        }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            total += bytes.count
            var i = 0
            if !pending.isEmpty {
                let take = min(32 - pending.count, bytes.count)
                pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
                i = take
                guard pending.count == 32 else { return }
                pending.withUnsafeBytes { consume($0.baseAddress!) }
                pending.removeAll(keepingCapacity: true)
            }
            while i + 32 <= bytes.count {
                consume(base + i)
                i += 32
            }
            if i < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: bytes.count - i)) }
        }

        @inline(__always)
        private mutating func consume(_ stripe: UnsafeRawPointer) {
            @inline(__always) func read64(_ offset: Int) -> UInt64 {
                UInt64(littleEndian: stripe.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            }
            v1 = XXHash64.round(v1, read64(0))
            v2 = XXHash64.round(v2, read64(8))
            v3 = XXHash64.round(v3, read64(16))
            v4 = XXHash64.round(v4, read64(24))
        }

        /// The hash of everything given so far.
        func finish() -> UInt64 {
            var h: UInt64
            if total >= 32 {
                h = XXHash64.rotl(v1, 1) &+ XXHash64.rotl(v2, 7) &+ XXHash64.rotl(v3, 12) &+ XXHash64.rotl(v4, 18)
                h = XXHash64.merge(h, v1)
                h = XXHash64.merge(h, v2)
                h = XXHash64.merge(h, v3)
                h = XXHash64.merge(h, v4)
            } else {
                h = seed &+ XXHash64.prime5
            }
            h = h &+ UInt64(total)
            return pending.withUnsafeBytes { tail in
                var i = 0
                let count = tail.count
                while i + 8 <= count {
                    h ^= XXHash64.round(0, UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                    h = XXHash64.rotl(h, 27) &* XXHash64.prime1 &+ XXHash64.prime4
                    i += 8
                }
                if i + 4 <= count {
                    let word = UInt32(littleEndian: tail.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                    h ^= UInt64(word) &* XXHash64.prime1
                    h = XXHash64.rotl(h, 23) &* XXHash64.prime2 &+ XXHash64.prime3
                    i += 4
                }
                while i < count {
                    h ^= UInt64(tail.load(fromByteOffset: i, as: UInt8.self)) &* XXHash64.prime5
                    h = XXHash64.rotl(h, 11) &* XXHash64.prime1
                    i += 1
                }
                return XXHash64.avalanche(h)
            }
        }
    }
}
