int a(void) { return 0; }
/* COCCI: WARNING: opportunity for kmemdup */
int a2(void) { return 1; }
