/* INCLUDE: include/linux/old.h */
int b(void) { return 0; }
