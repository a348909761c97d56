/* Lines added above: every report moves down. */

/* SPARSE: symbol 'a' was not declared. Should it be static? */
/* W1: no previous prototype for 'a' */
/* KDOC: Function parameter or member 'x' not described in 'a' */
/* COCCI: WARNING: opportunity for kmemdup */
int a(int x) { return x; }
