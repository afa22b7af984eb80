// SQLite (the system library, pkg-config sqlite3), where the sandbox keeps its state: WAL mode, one transaction
// per request, committed before the answer is sent.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import: bound text and blobs are
// copied by SQLite through this constant instead.
static const sqlite3_destructor_type pshell_sqlite_transient = (sqlite3_destructor_type)-1;

// sqlite3_config is variadic, which Swift cannot call. Memory statistics take a global mutex on every allocation
// (a tenth of the sandbox's time indexing a push); the sandbox reads none, so they are turned off, once, before
// SQLite initializes.
static inline int pshell_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#include <sys/stat.h>

// The state file's device, inode and mode, checked before every commit (gone, replaced, read-only?): stat(2)
// directly, where Foundation's attributesOfItem builds a dictionary of every attribute (a twentieth of a lone
// durable PUT's time). 0 when it exists, -1 (errno set) when not.
static inline int pshell_file_identity(
    const char *path, unsigned long long *device, unsigned long long *inode, unsigned int *mode) {
    struct stat facts;
    if (stat(path, &facts) != 0) return -1;
    *device = (unsigned long long)facts.st_dev;
    *inode = (unsigned long long)facts.st_ino;
    *mode = (unsigned int)facts.st_mode;
    return 0;
}
