/* atom.c: being written */
