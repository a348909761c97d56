/* INCLUDE: include/linux/t.h */
int b(void) { return 0; }
