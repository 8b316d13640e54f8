import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator keeps at most 7 freed blocks per size in each thread's cache. Rendering
/// allocates and frees thousands of small strings per page in bursts, which overflow that cache
/// into the slower shared bins: a larger cache saves about 10% of a build's CPU time.
///
/// The setting (a glibc "tunable") is read only when a process starts, so `exhibit` starts itself
/// again once with it, before doing anything else. It never overrides a `GLIBC_TUNABLES` the user
/// set, and `EXHIBIT_NO_ALLOCATOR_TUNING=1` turns it off.
enum AllocatorTuning {
    static let tunables = "glibc.malloc.tcache_count=1000"

    static func applyOnce() {
        #if os(Linux)
        let environment = ProcessInfo.processInfo.environment
        guard environment["GLIBC_TUNABLES"] == nil, environment["EXHIBIT_NO_ALLOCATOR_TUNING"] == nil else { return }
        setenv("GLIBC_TUNABLES", tunables, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Still here: the exec failed (no /proc, say). Carry on untuned, and say nothing.
        unsetenv("GLIBC_TUNABLES")
        #endif
    }
}
