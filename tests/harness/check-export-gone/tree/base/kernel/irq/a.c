int a(void) { return 0; }
EXPORT_SYMBOL_GPL(a);
int b(void) { return 0; }
EXPORT_SYMBOL(b);
