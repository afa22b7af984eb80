#include "CEditLineShim.h"

#include <fcntl.h>
#include <histedit.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char prompt_text[1024] = "> ";
static volatile sig_atomic_t sigint_flag = 0;
static int sigint_pipe[2] = {-1, -1};

static char *prompt_cb(EditLine *el) { (void)el; return prompt_text; }
void pe_set_prompt(const char *text) { snprintf(prompt_text, sizeof prompt_text, "%s", text); }

EditLine *pe_init(const char *prog) { return el_init(prog, stdin, stdout, stderr); }

int pe_setup(EditLine *el, History *h) {
    el_set(el, EL_EDITOR, "emacs");
    el_set(el, EL_SIGNAL, 1);
    el_set(el, EL_PROMPT_ESC, prompt_cb, '\1');
    return el_set(el, EL_HIST, history, h);
}

int pe_addfn(EditLine *el, const char *name, const char *help, unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
int pe_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
void *pe_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
int pe_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }
int pe_setty(EditLine *el, const char *a, const char *b) { return el_set(el, EL_SETTY, a, b, NULL); }

History *pe_hist_init(int size) {
    HistEvent ev;
    History *h = history_init();
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
int pe_hist_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
int pe_hist_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
int pe_hist_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
int pe_hist_clear(History *h) { HistEvent ev; return history(h, &ev, H_CLEAR); }
// H_LAST is the oldest entry and H_PREV moves to a newer one (libedit numbers from the newest).
const char *pe_hist_oldest(History *h) { HistEvent ev; return history(h, &ev, H_LAST) < 0 ? NULL : ev.str; }
const char *pe_hist_newer(History *h) { HistEvent ev; return history(h, &ev, H_PREV) < 0 ? NULL : ev.str; }

static void sigint_handler(int sig) {
    (void)sig;
    sigint_flag = 1;
    if (sigint_pipe[1] >= 0) { ssize_t ignored = write(sigint_pipe[1], "!", 1); (void)ignored; }
}
void pe_sigint_install(void) {
    if (sigint_pipe[0] < 0 && pipe(sigint_pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(sigint_pipe[i], F_SETFL, fcntl(sigint_pipe[i], F_GETFL) | O_NONBLOCK);
            fcntl(sigint_pipe[i], F_SETFD, FD_CLOEXEC);
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sigint_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
}
int pe_sigint_take(void) { int v = sigint_flag; sigint_flag = 0; return v; }
int pe_sigint_peek(void) { return sigint_flag; }
void pe_sigint_raise(void) { sigint_flag = 1; }
int pe_sigint_fd(void) { return sigint_pipe[0]; }
void pe_sigint_drain(void) {
    char buffer[64];
    if (sigint_pipe[0] >= 0) { while (read(sigint_pipe[0], buffer, sizeof buffer) > 0) {} }
}
