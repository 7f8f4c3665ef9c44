/*
 * DOC: the shell proper. The mode is a context, the lines that lead to it
 * from ENABLE; each command goes to every daemon as execute_in(context,
 * line). Daemons that answer "unknown" (or that lack the mode) are
 * skipped, the others' outputs are printed in daemon order, and the first
 * one that reports another mode moves the shell there. okapi-sh itself
 * knows "exit", "quit", "end" (modes only live here) and "show daemons".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "okapi_sh.h"
#include "xrl.h"

#define SH_REDISCOVER_MS	2000

/* okapi-sh's own commands, with one help line per word. */
enum own_cmd { OWN_SHOW_DAEMONS, OWN_EXIT, OWN_QUIT, OWN_END };

static const struct own {
	const char	*words[2];
	const char	*help[2];
	bool		 config;	/* only in configuration modes */
	bool		 enable;	/* only in ENABLE */
} own[] = {
	[OWN_SHOW_DAEMONS] = { { "show", "daemons" }, { "Show running "
	    "system information", "The daemons okapi-sh talks to" }, false,
	    true },
	[OWN_EXIT] = { { "exit" }, { "Exit current mode and down to "
	    "previous mode" }, false, false },
	[OWN_QUIT] = { { "quit" }, { "Exit current mode and down to "
	    "previous mode" }, false, false },
	[OWN_END] = { { "end" }, { "End current mode and change to enable "
	    "mode" }, true, false },
};
#define NOWN	(sizeof(own) / sizeof(own[0]))

static uint64_t
now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Split at blanks into at most max words (pointers into copy). */
static unsigned
split_words(char *copy, char **w, unsigned max)
{
	unsigned	 n = 0;
	char		*s = copy;

	while (n < max) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		w[n++] = s;
		while (*s != '\0' && !isspace((unsigned char)*s))
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

static bool
abbrev(const char *word, const char *full, size_t min)
{
	size_t	 n = strlen(word);

	return n >= min && n <= strlen(full) && strncmp(word, full, n) == 0;
}

static bool
own_applies(const struct sh *sh, const struct own *o)
{
	return !(o->config && sh->depth == 0) && !(o->enable && sh->depth);
}

/* The own command a whole line names, or -1. */
static int
own_match(const struct sh *sh, const char *line)
{
	char		 copy[256], *w[4];
	unsigned	 n;

	if (strlen(line) >= sizeof(copy))
		return -1;
	strcpy(copy, line);
	n = split_words(copy, w, 4);
	if (n == 2 && own_applies(sh, &own[OWN_SHOW_DAEMONS]) &&
	    abbrev(w[0], "show", 2) && abbrev(w[1], "daemons", 3))
		return OWN_SHOW_DAEMONS;
	if (n != 1)
		return -1;
	if (abbrev(w[0], "exit", 3))
		return OWN_EXIT;
	if (abbrev(w[0], "quit", 1))
		return OWN_QUIT;
	if (sh->depth > 0 && abbrev(w[0], "end", 2))
		return OWN_END;
	return -1;
}

bool
sh_is_running_config(const char *line)
{
	char		 copy[256], *w[4];
	unsigned	 n, i = 0;

	if (strlen(line) >= sizeof(copy) || strchr(line, '|') != NULL)
		return false;
	strcpy(copy, line);
	n = split_words(copy, w, 4);
	if (n > 0 && strcmp(w[0], "do") == 0)
		i = 1;
	if (n != i + 2)
		return false;
	return (abbrev(w[i], "show", 2) &&
	    abbrev(w[i + 1], "running-config", 2)) ||
	    (abbrev(w[i], "write", 2) && abbrev(w[i + 1], "terminal", 1));
}

void
sh_update_prompt(struct sh *sh)
{
	snprintf(sh->prompt, sizeof(sh->prompt), "%s%s ", sh->host,
	    sh->suffix[sh->depth]);
}

/* Take host name and this level's suffix from a daemon's prompt. */
static void
learn_prompt(struct sh *sh, const char *prompt)
{
	size_t	 n = strcspn(prompt, "(#>");

	if (n == 0 || prompt[n] == '\0')
		return;
	snprintf(sh->host, sizeof(sh->host), "%.*s", (int)n, prompt);
	snprintf(sh->suffix[sh->depth], sizeof(sh->suffix[0]), "%.*s",
	    (int)strcspn(prompt + n, " "), prompt + n);
}

static unsigned
count_lines(const char *s)
{
	unsigned	 n = *s != '\0';

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

static void
set_context(struct sh *sh, const char *ctx)
{
	unsigned	 d = count_lines(ctx), i;

	if (d > SH_MAX_DEPTH)
		return;
	for (i = sh->depth + 1; i < d; i++)
		snprintf(sh->suffix[i], sizeof(sh->suffix[0]), "(config)#");
	buf_reset(&sh->ctx);
	buf_put_str(&sh->ctx, ctx);
	buf_cstr(&sh->ctx);
	sh->depth = d;
}

static void
pop_context(struct sh *sh)
{
	if (sh->depth == 0) {
		sh->quit = true;
		return;
	}
	while (sh->ctx.len > 0 && sh->ctx.data[sh->ctx.len - 1] != '\n')
		sh->ctx.len--;
	if (sh->ctx.len > 0)
		sh->ctx.len--;
	buf_cstr(&sh->ctx);
	sh->depth--;
}

static void
refresh(struct sh *sh)
{
	if (now_ms() - sh->found_ms < SH_REDISCOVER_MS)
		return;
	if (sh_discover(sh) == 0)
		sh->found_ms = now_ms();
}

void
sh_init(struct sh *sh)
{
	struct sh_reply	 rp;
	char		 err[128];

	buf_init(&sh->ctx);
	buf_cstr(&sh->ctx);
	sh->depth = 0;
	snprintf(sh->suffix[0], sizeof(sh->suffix[0]), "#");
	snprintf(sh->suffix[1], sizeof(sh->suffix[0]), "(config)#");
	if (gethostname(sh->host, sizeof(sh->host)) == -1)
		snprintf(sh->host, sizeof(sh->host), "okapi");
	sh->host[sizeof(sh->host) - 1] = '\0';
	sh->found_ms = now_ms();
	/* The daemons' host name, as an empty command reports it. */
	sh_reply_init(&rp);
	if (sh->nd > 0 && sh_execute(sh, 0, "", "", &rp, err, sizeof(err)) &&
	    rp.prompt.len)
		learn_prompt(sh, (char *)rp.prompt.data);
	sh_reply_free(&rp);
	sh_update_prompt(sh);
}

void
sh_fini(struct sh *sh)
{
	buf_free(&sh->ctx);
	sh_daemons_free(sh);
}

static void
show_daemons(const struct sh *sh)
{
	unsigned	 i;

	if (sh->nd == 0) {
		printf("No daemon serves cli/0.1.\n");
		return;
	}
	printf("%-16s %s\n", "Daemon", "Instance");
	for (i = 0; i < sh->nd; i++)
		printf("%-16s %s\n", sh->d[i].cls, sh->d[i].instance);
}

static bool
run_own(struct sh *sh, int cmd)
{
	switch (cmd) {
	case OWN_SHOW_DAEMONS:
		show_daemons(sh);
		break;
	case OWN_EXIT:
	case OWN_QUIT:
		pop_context(sh);
		break;
	case OWN_END:
		set_context(sh, "");
		break;
	}
	sh_update_prompt(sh);
	return true;
}

static bool
status_ran(uint32_t st)
{
	return st == SH_ST_SUCCESS || st == SH_ST_WARNING ||
	    st == SH_ST_CONTINUE;
}

bool
sh_run(struct sh *sh, const char *raw)
{
	struct sh_reply	*rp;
	struct buf	 merged = BUF_INIT;
	const char	*texts[SH_MAX_DAEMONS], *line;
	char		*copy, err[XRL_NOTE_MAX + 64];
	size_t		 n;
	unsigned	 i, nran = 0, nincomplete = 0, nambiguous = 0;
	int		 cmd, adopt = -1;
	bool		 ok = true, running;

	for (line = raw; isspace((unsigned char)*line); line++)
		;
	if (*line == '\0' || *line == '!' || *line == '#')
		return true;
	if ((copy = strdup(line)) == NULL)
		return false;
	for (n = strlen(copy); n > 0 && isspace((unsigned char)copy[n - 1]);)
		copy[--n] = '\0';
	if ((cmd = own_match(sh, copy)) != -1) {
		free(copy);
		return run_own(sh, cmd);
	}
	refresh(sh);
	if ((rp = calloc(SH_MAX_DAEMONS, sizeof(*rp))) == NULL) {
		free(copy);
		return false;
	}
	running = sh_is_running_config(copy);
	for (i = 0; i < sh->nd; i++) {
		if (!sh_execute(sh, i, (char *)sh->ctx.data, copy, &rp[i], err,
		    sizeof(err))) {
			fprintf(stderr, "%% %s: %s\n", sh->d[i].cls, err);
			ok = false;
			continue;
		}
		if (!status_ran(rp[i].status)) {
			nincomplete += rp[i].status == SH_ST_INCOMPLETE;
			nambiguous += rp[i].status == SH_ST_AMBIGUOUS;
			continue;
		}
		if (rp[i].status == SH_ST_WARNING)
			ok = false;
		if (adopt == -1 || (strcmp((char *)rp[i].context.data,
		    (char *)sh->ctx.data) != 0 && strcmp((char *)
		    rp[adopt].context.data, (char *)sh->ctx.data) == 0))
			adopt = (int)i;
		if (running)
			texts[nran] = (char *)rp[i].output.data;
		else {
			fwrite(rp[i].output.data, 1, rp[i].output.len, stdout);
			fflush(stdout);
		}
		nran++;
	}
	if (nran == 0) {
		if (nincomplete)
			printf("%% Command incomplete.\n");
		else if (nambiguous)
			printf("%% Ambiguous command.\n");
		else
			printf("%% Unknown command: %s\n", copy);
		ok = false;
	} else if (running) {
		sh_merge_config(texts, nran, &merged);
		fwrite(merged.data, 1, merged.len, stdout);
		buf_free(&merged);
	}
	if (adopt != -1) {
		set_context(sh, (char *)rp[adopt].context.data);
		learn_prompt(sh, (char *)rp[adopt].prompt.data);
		sh_update_prompt(sh);
	}
	fflush(stdout);
	for (i = 0; i < sh->nd; i++)
		sh_reply_free(&rp[i]);
	free(rp);
	free(copy);
	return ok;
}

/* '?' and TAB for okapi-sh's own commands. */
static void
own_help(const struct sh *sh, const char *line, bool describe,
    struct buf *out)
{
	char		 copy[256], *w[4];
	const char	*partial;
	size_t		 len = strlen(line);
	unsigned	 n, i, j;

	if (len >= sizeof(copy))
		return;
	strcpy(copy, line);
	n = split_words(copy, w, 4);
	/* The last word is partial unless the line ends in a blank. */
	if (n > 0 && len > 0 && !isspace((unsigned char)line[len - 1]))
		partial = w[--n];
	else
		partial = "";
	for (i = 0; i < NOWN; i++) {
		const struct own *o = &own[i];
		unsigned k = o->words[1] != NULL ? 2 : 1;

		if (!own_applies(sh, o) || n > k)
			continue;
		for (j = 0; j < n; j++)
			if (!abbrev(w[j], o->words[j], 1))
				break;
		if (j < n)
			continue;
		if (n == k) {
			if (describe && *partial == '\0')
				buf_put_str(out, "<cr>\t\n");
			continue;
		}
		if (strncmp(o->words[n], partial, strlen(partial)) != 0)
			continue;
		if (describe)
			buf_printf(out, "%s\t%s\n", o->words[n], o->help[n]);
		else
			buf_printf(out, "%s\n", o->words[n]);
	}
}

void
sh_describe(struct sh *sh, const char *line, struct buf *out)
{
	unsigned	 i;

	refresh(sh);
	buf_reset(out);
	for (i = 0; i < sh->nd; i++)
		(void)sh_help(sh, i, true, (char *)sh->ctx.data, line, out);
	own_help(sh, line, true, out);
	(void)sh_sort_unique(out, true);
}

int
sh_complete(struct sh *sh, const char *line, struct buf *out)
{
	unsigned	 i;

	refresh(sh);
	buf_reset(out);
	for (i = 0; i < sh->nd; i++)
		(void)sh_help(sh, i, false, (char *)sh->ctx.data, line, out);
	own_help(sh, line, false, out);
	return sh_sort_unique(out, false);
}
