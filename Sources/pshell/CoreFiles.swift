import Foundation

/// pshell holds a token, and the sandbox its keys, in memory: a crash must not write them into a core file in the
/// working folder. A core size of zero, hard limit included, so nothing in the process can raise it again.
func keepSecretsOutOfCoreFiles() {
    var none = rlimit(rlim_cur: 0, rlim_max: 0)
    setrlimit(Int32(RLIMIT_CORE.rawValue), &none)
}
