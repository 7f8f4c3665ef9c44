/* error.c: being written */
