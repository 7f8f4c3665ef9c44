/* telnet.c: being written */
