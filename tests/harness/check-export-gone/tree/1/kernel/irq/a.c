int a(void) { return 0; }
int b(void) { return 0; }
EXPORT_SYMBOL(b);
