/* session.c: being written */
