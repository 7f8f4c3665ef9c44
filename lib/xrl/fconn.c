/* fconn.c: being written */
