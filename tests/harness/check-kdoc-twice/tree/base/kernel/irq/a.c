/* KDOC: No description found for return value of 'a' */
int a(void) { return 0; }
