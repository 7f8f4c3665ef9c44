/* editor.c: being written */
