// Fixed-arity wrappers over libedit's variadic calls (Swift cannot call C `...` functions), plus the
// SIGINT flag the REPL polls. Only the LineEditor module imports this header, so the static state
// below exists once in the program.
#include <fcntl.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <histedit.h>

static char pe_prompt_text[1024] = "> ";
static char pe_rprompt_text[256] = "";
static volatile sig_atomic_t pe_sigint_flag = 0;
// Ctrl-C as an event: the handler also writes a byte to this pipe, whose read end the REPL watches.
static int pe_sigint_pipe_fds[2] = {-1, -1};

static inline char *pe_prompt_cb(EditLine *el) { (void)el; return pe_prompt_text; }
static inline void pe_set_prompt(const char *text) { snprintf(pe_prompt_text, sizeof pe_prompt_text, "%s", text); }

static inline EditLine *pe_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }

static inline int pe_setup(EditLine *el, History *h) {
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT_ESC, pe_prompt_cb, '\1');
    return el_set(el, EL_HIST, history, h);
}

static inline int pe_addfn(EditLine *el, const char *name, const char *help,
                           unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
// The reader a callback belongs to, carried by libedit itself (EL_CLIENTDATA) rather than a global.
static inline int pe_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *pe_get_clientdata(EditLine *el) { void *data = NULL; el_get(el, EL_CLIENTDATA, &data); return data; }
static inline int pe_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
static inline int pe_setty(EditLine *el, const char *a, const char *b) { return el_set(el, EL_SETTY, a, b, NULL); }

static inline History *pe_hist_init(int size) {
    HistEvent ev;
    History *h = history_init();
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
static inline int pe_hist_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int pe_hist_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int pe_hist_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
static inline int pe_hist_clear(History *h) { HistEvent ev; return history(h, &ev, H_CLEAR); }

static inline void pe_sigint_handler(int sig) {
    (void)sig;
    pe_sigint_flag = 1;
    if (pe_sigint_pipe_fds[1] >= 0) { ssize_t ignored = write(pe_sigint_pipe_fds[1], "!", 1); (void)ignored; }
}
// No SA_RESTART: a blocking read returns EINTR so the caller sees the interrupt at once.
static inline void pe_sigint_install(void) {
    if (pe_sigint_pipe_fds[0] < 0 && pipe(pe_sigint_pipe_fds) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(pe_sigint_pipe_fds[i], F_SETFL, fcntl(pe_sigint_pipe_fds[i], F_GETFL) | O_NONBLOCK);
            fcntl(pe_sigint_pipe_fds[i], F_SETFD, FD_CLOEXEC);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pe_sigint_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}
static inline int pe_sigint_take(void) { int v = pe_sigint_flag; pe_sigint_flag = 0; return v; }
// The read end of the interrupt pipe (-1 before pe_sigint_install), and emptying it.
static inline int pe_sigint_fd(void) { return pe_sigint_pipe_fds[0]; }
static inline void pe_sigint_drain(void) {
    char buffer[64];
    if (pe_sigint_pipe_fds[0] >= 0) { while (read(pe_sigint_pipe_fds[0], buffer, sizeof buffer) > 0) {} }
}
static inline int pe_sigint_peek(void) { return pe_sigint_flag; }
static inline void pe_sigint_raise(void) { pe_sigint_flag = 1; }

// Walks the history from oldest to newest: first=true positions on the oldest entry (H_LAST),
// then each step moves to the next newer one (H_PREV). Returns 0 while an entry is available.
static inline int history_wrapper_first_last(History *h, HistEvent *ev, int first) {
    (void)first;
    return history(h, ev, H_LAST) < 0 ? -1 : 0;
}
static inline int history_wrapper_step(History *h, HistEvent *ev, int unused) {
    (void)unused;
    return history(h, ev, H_PREV) < 0 ? -1 : 0;
}
