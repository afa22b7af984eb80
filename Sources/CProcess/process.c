#include "CProcess.h"

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

int pshell_limit_malloc_arenas(int arenas) {
#if defined(M_ARENA_MAX)
    return mallopt(M_ARENA_MAX, arenas);
#else
    (void)arenas;
    return 0;
#endif
}

// Set before main, as the first thing the program runs: by main, Foundation and the Swift runtime have started
// threads, each of which may already have an arena of its own.
__attribute__((constructor)) static void pshell_malloc_setup(void) {
    pshell_limit_malloc_arenas(2);
}
