/* cmd.c: being written */
