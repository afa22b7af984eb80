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
