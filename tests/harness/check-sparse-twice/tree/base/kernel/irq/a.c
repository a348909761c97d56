/* INCLUDE: include/linux/t.h */
/* SPARSE: cast removes address space '__iomem' of expression */
int a(void) { return 0; }
