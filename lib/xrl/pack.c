/* pack.c: being written */
