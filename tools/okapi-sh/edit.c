/*
 * DOC: the interactive line editor: libedit with history, a prompt that
 * follows the mode, '?' listing what may come next (as the VTY does:
 * aligned "token  help" columns, "<cr>" last) and TAB completing the last
 * word from the daemons' keywords.
 */
#include <errno.h>
#include <histedit.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "okapi_sh.h"

#define SH_HISTORY	500

static char *
prompt_fn(EditLine *el)
{
	struct sh	*sh;

	el_get(el, EL_CLIENTDATA, &sh);
	return sh->prompt;
}

/* The line up to the cursor. */
static char *
line_to_cursor(EditLine *el)
{
	const LineInfo	*li = el_line(el);

	return strndup(li->buffer, (size_t)(li->cursor - li->buffer));
}

static unsigned char
describe_fn(EditLine *el, int ch)
{
	struct sh	*sh;
	struct buf	 help = BUF_INIT;
	char		*line, *s, *e, *tab;
	int		 width = 0, n;

	el_get(el, EL_CLIENTDATA, &sh);
	if ((line = line_to_cursor(el)) == NULL)
		return CC_ERROR;
	sh_describe(sh, line, &help);
	printf("\n");
	if (help.len == 0)
		printf("%% There is no matched command.\n");
	buf_cstr(&help);
	for (s = (char *)help.data; s != NULL && *s != '\0'; s = e + 1) {
		if ((e = strchr(s, '\n')) == NULL)
			break;
		n = (int)strcspn(s, "\t\n");
		if (n > width)
			width = n;
	}
	for (s = (char *)help.data; s != NULL && *s != '\0'; s = e + 1) {
		if ((e = strchr(s, '\n')) == NULL)
			break;
		*e = '\0';
		if ((tab = strchr(s, '\t')) != NULL)
			*tab++ = '\0';
		printf("  %-*s  %s\n", width, s, tab != NULL ? tab : "");
	}
	fflush(stdout);
	buf_free(&help);
	free(line);
	return CC_REDISPLAY;
}

static unsigned char
complete_fn(EditLine *el, int ch)
{
	struct sh	*sh;
	struct buf	 cand = BUF_INIT;
	char		*line, *partial, *s, *e, *first = NULL;
	size_t		 plen, common = 0;
	int		 n;
	unsigned char	 rc = CC_REFRESH;

	el_get(el, EL_CLIENTDATA, &sh);
	if ((line = line_to_cursor(el)) == NULL)
		return CC_ERROR;
	partial = strrchr(line, ' ');
	partial = partial != NULL ? partial + 1 : line;
	plen = strlen(partial);
	n = sh_complete(sh, line, &cand);
	buf_cstr(&cand);
	if (n <= 0) {
		rc = CC_REFRESH_BEEP;
		goto done;
	}
	/* The longest prefix all candidates share. */
	for (s = (char *)cand.data; *s != '\0'; s = e + 1) {
		if ((e = strchr(s, '\n')) == NULL)
			break;
		if (first == NULL) {
			first = s;
			common = (size_t)(e - s);
			continue;
		}
		while (common > 0 && strncmp(first, s, common) != 0)
			common--;
	}
	if (first == NULL)
		goto done;
	if (n == 1) {
		char *ins = strndup(first + plen, common - plen);

		if (ins != NULL && (el_insertstr(el, ins) == -1 ||
		    el_insertstr(el, " ") == -1))
			rc = CC_ERROR;
		free(ins);
		goto done;
	}
	if (common > plen) {
		char *ins = strndup(first + plen, common - plen);

		if (ins != NULL && el_insertstr(el, ins) == -1)
			rc = CC_ERROR;
		free(ins);
		goto done;
	}
	printf("\n");
	for (s = (char *)cand.data; *s != '\0'; s = e + 1) {
		if ((e = strchr(s, '\n')) == NULL)
			break;
		printf("  %.*s\n", (int)(e - s), s);
	}
	fflush(stdout);
	rc = CC_REDISPLAY;
 done:
	buf_free(&cand);
	free(line);
	return rc;
}

/* Ctrl-Z: back to ENABLE, as the VTY does. */
static unsigned char
end_fn(EditLine *el, int ch)
{
	struct sh	*sh;

	el_get(el, EL_CLIENTDATA, &sh);
	(void)sh_run(sh, sh->depth > 0 ? "end" : "");
	printf("\n");
	return CC_REDISPLAY;
}

static void
on_sigint(int sig)
{
	/* el_gets() returns with EINTR: the line is abandoned. */
}

int
sh_interactive(struct sh *sh)
{
	struct sigaction	 sa;
	HistEvent		 ev;
	History			*hist;
	EditLine		*el;
	const char		*got;
	char			*line;
	int			 n;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	if ((hist = history_init()) == NULL ||
	    (el = el_init("okapi-sh", stdin, stdout, stderr)) == NULL) {
		fprintf(stderr, "okapi-sh: cannot start the line editor\n");
		return 1;
	}
	history(hist, &ev, H_SETSIZE, SH_HISTORY);
	history(hist, &ev, H_SETUNIQUE, 1);
	el_set(el, EL_EDITOR, "emacs");
	el_set(el, EL_CLIENTDATA, sh);
	el_set(el, EL_PROMPT, prompt_fn);
	el_set(el, EL_HIST, history, hist);
	el_set(el, EL_ADDFN, "okapi-describe", "Describe the next word",
	    describe_fn);
	el_set(el, EL_ADDFN, "okapi-complete", "Complete the word",
	    complete_fn);
	el_set(el, EL_ADDFN, "okapi-end", "Back to enable mode", end_fn);
	el_set(el, EL_BIND, "?", "okapi-describe", NULL);
	el_set(el, EL_BIND, "^I", "okapi-complete", NULL);
	el_set(el, EL_BIND, "^Z", "okapi-end", NULL);
	el_source(el, NULL);
	while (!sh->quit) {
		errno = 0;
		if ((got = el_gets(el, &n)) == NULL || n == 0) {
			if (errno == EINTR) {
				/* Ctrl-C: a fresh line, and out of the
				 * configuration modes as FRRouting does. */
				printf("\n");
				if (sh->depth > 0)
					(void)sh_run(sh, "end");
				continue;
			}
			/* Ctrl-D on an empty line: "exit". */
			printf("\n");
			(void)sh_run(sh, "exit");
			continue;
		}
		if ((line = strdup(got)) == NULL)
			break;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[strspn(line, " \t")] != '\0')
			history(hist, &ev, H_ENTER, line);
		(void)sh_run(sh, line);
		free(line);
	}
	el_end(el);
	history_end(hist);
	return 0;
}
