// libedit's own interface (el_gets, el_line, history, ...), found through pkg-config libedit.
// The fixed-arity wrappers Swift needs are in the CEditLineShim target.
#include <histedit.h>
