/* builtin.c: being written */
