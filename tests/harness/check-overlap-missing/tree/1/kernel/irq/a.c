int a(void) { return 0; }
int a2(void) { return 1; }
