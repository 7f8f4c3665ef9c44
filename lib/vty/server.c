/* server.c: being written */
