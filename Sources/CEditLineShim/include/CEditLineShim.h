// Fixed-arity wrappers over libedit's variadic calls (Swift cannot call C `...` functions), and the SIGINT
// handler the REPL watches. The state they keep (prompt text, the interrupt flag and pipe) lives in shim.c,
// once in the program. The types are named by their structs so this header needs nothing from libedit's.
#ifndef CEDITLINE_SHIM_H
#define CEDITLINE_SHIM_H

struct editline;
struct history;

void pe_set_prompt(const char *text);
struct editline *pe_init(const char *prog);
int pe_setup(struct editline *el, struct history *h);
int pe_addfn(struct editline *el, const char *name, const char *help, unsigned char (*fn)(struct editline *, int));
// The reader a callback belongs to, carried by libedit itself (EL_CLIENTDATA) rather than a global.
int pe_set_clientdata(struct editline *el, void *data);
void *pe_get_clientdata(struct editline *el);
int pe_bind(struct editline *el, const char *key, const char *fn);
int pe_setty(struct editline *el, const char *a, const char *b);

struct history *pe_hist_init(int size);
int pe_hist_enter(struct history *h, const char *line);
int pe_hist_load(struct history *h, const char *path);
int pe_hist_save(struct history *h, const char *path);
int pe_hist_clear(struct history *h);
// Walks the history from oldest to newest: the oldest entry, then each newer one; NULL past the newest.
const char *pe_hist_oldest(struct history *h);
const char *pe_hist_newer(struct history *h);

// Ctrl-C: the handler sets a flag and writes a byte to a pipe whose read end the REPL watches.
// No SA_RESTART: a blocking read returns EINTR so the caller sees the interrupt at once.
void pe_sigint_install(void);
int pe_sigint_take(void);
int pe_sigint_peek(void);
void pe_sigint_raise(void);
// The read end of the interrupt pipe (-1 before pe_sigint_install), and emptying it.
int pe_sigint_fd(void);
void pe_sigint_drain(void);

#endif
