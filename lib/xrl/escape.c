/* escape.c: being written */
