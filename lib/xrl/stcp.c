/* stcp.c: being written */
