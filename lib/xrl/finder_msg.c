/* finder_msg.c: being written */
