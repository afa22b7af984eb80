#ifndef CPROCESS_H
#define CPROCESS_H

// Caps glibc's malloc at `arenas` arenas. By default each thread that allocates while another holds an arena gets
// its own, up to eight per core: pshell's event loop, task pool and main threads each kept megabytes of freed
// memory of their own (a push's peak resident memory 67 MB with them, 59 MB with two). Returns 1 when set.
int pshell_limit_malloc_arenas(int arenas);

#endif
