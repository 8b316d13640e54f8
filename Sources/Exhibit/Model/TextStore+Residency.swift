import Foundation
import Synchronization

/// Keeps the mapped pages of spilled ``TextStore``s within ``TextStore/residentBudget``.
///
/// A spilled store is read through a mapping of its file, and every page read stays counted in
/// the process's memory until it is unmapped. While any store is spilled, a background thread
/// looks at the process's file-backed memory every few milliseconds and, past the budget, unmaps
/// the pages of every spilled store (they stay in the page cache; the next read maps them again).
/// Readers do nothing: no page kind, index or feed has to remember to report its reads.
///
/// A bound on what stays mapped, not on the peak: a read maps the whole page-cache folio around
/// it (up to a megabyte), so pages that read texts all over the file (grids of thumbnails) can
/// map most of it again within one interval. Measured at 1,000,000 images: 20–70 MiB mapped
/// while images are read in order, up to the texts' full size (~165 MiB) in grid-heavy pages.
final class ResidentPageWatch: Sendable {
    static let shared = ResidentPageWatch()

    /// Time between two looks at the process's memory: a few megabytes of reading at most.
    static let interval: Duration = .milliseconds(5)

    private struct State {
        var stores: [WeakStore] = []
        var watching = false
        /// File-backed resident bytes before any store's texts were mapped: the least measured
        /// when a store spilled. One baseline for all stores, so that two spilled stores share
        /// one budget instead of each counting the other's pages as its baseline.
        var baseline = Int.max
    }

    private struct WeakStore {
        weak var store: TextStorage?
    }

    private let state = Mutex(State())

    /// Watches `store` (just spilled) until it is freed; starts the watching thread if needed.
    func watch(_ store: TextStorage) {
        let resident = Self.residentFileBytes()
        let start = state.withLock { state -> Bool in
            if let resident { state.baseline = min(state.baseline, resident) }
            state.stores.append(WeakStore(store: store))
            defer { state.watching = true }
            return !state.watching
        }
        guard start else { return }
        Thread.detachNewThread { [self] in
            while watchOnce() { Thread.sleep(forTimeInterval: Self.interval.seconds) }
        }
    }

    /// One look: releases the stores' pages when over budget. False when no store is left
    /// (the thread then ends; the next spill starts another).
    private func watchOnce() -> Bool {
        let (stores, baseline) = state.withLock { state -> ([TextStorage], Int) in
            state.stores.removeAll { $0.store == nil }
            if state.stores.isEmpty { state.watching = false }
            return (state.stores.compactMap(\.store), state.baseline)
        }
        guard !stores.isEmpty else { return false }
        // Without a way to measure (not Linux), every look releases.
        let overBudget = Self.residentFileBytes().map { $0 - baseline > TextStore.residentBudget } ?? true
        if overBudget {
            for store in stores { store.releaseResidentPages() }
        }
        return true
    }

    /// Resident file-backed (and shared) bytes of this process, from `/proc/self/statm`.
    static func residentFileBytes() -> Int? {
        #if os(Linux)
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
        guard got > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[..<got].split(separator: UInt8(ascii: " "))
        guard fields.count >= 3, let pages = Int(String(decoding: fields[2], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }
}
