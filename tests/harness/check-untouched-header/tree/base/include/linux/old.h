/* W1: old.h has had this warning for years */
