// SQLite (the system library, pkg-config sqlite3), where the sandbox keeps its state: WAL mode, one transaction
// per request, committed before the answer is sent.
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import: bound text and blobs are
// copied by SQLite through this constant instead.
static const sqlite3_destructor_type pshell_sqlite_transient = (sqlite3_destructor_type)-1;
