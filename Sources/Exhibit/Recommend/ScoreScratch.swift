#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One ``ScoreAccumulator`` per thread, reused from call to call: a related-images list is
/// computed for every image page, and a fresh table each time (tens of KiB, zero-filled) costs
/// more than the scoring. The table holds nothing between calls (``ScoreAccumulator/reset()``)
/// and its size is set by the caps on the work, never by the gallery: memory stays one small
/// table per render thread.
enum ScoreScratch {
    private final class Box {
        var accumulator: ScoreAccumulator?
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { pointer in
            #if canImport(Glibc)
            guard let pointer else { return }
            #endif
            Unmanaged<AnyObject>.fromOpaque(pointer).release()
        }
        precondition(status == 0, "pthread_key_create failed: \(status)")
        return key
    }()

    /// Calls `body` with this thread's empty accumulator for `capacity` candidates, and empties
    /// it again afterwards.
    static func with<Result>(capacity: Int, _ body: (inout ScoreAccumulator) -> Result) -> Result {
        let box: Box
        if let existing = pthread_getspecific(key) {
            box = Unmanaged<Box>.fromOpaque(existing).takeUnretainedValue()
        } else {
            box = Box()
            pthread_setspecific(key, Unmanaged.passRetained(box as AnyObject).toOpaque())
        }
        var scores: ScoreAccumulator
        if let reused = box.accumulator.take(), reused.capacity == capacity {
            scores = reused
        } else {
            scores = ScoreAccumulator(capacity: capacity)
        }
        let result = body(&scores)
        scores.reset()
        box.accumulator = consume scores
        return result
    }
}
