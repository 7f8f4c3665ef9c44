/*
 * DOC: merging what several daemons print, as vtysh does. Pure text: no
 * I/O, unit-tested on its own.
 *
 * "show running-config" of a daemon is a header ("Building
 * configuration...", "Current configuration:", up to the first "!"), then
 * items separated by "!" lines, then "end". An item is a single line
 * ("hostname r1") or a block: a line, its indented lines and an "exit".
 * The merge prints the first header, then each single line once (and
 * one hostname), then the blocks, those with the same first line as one
 * block holding the union of their lines, each group in the order first
 * seen, and one "end".
 */
#include <stdlib.h>
#include <string.h>

#include "okapi_sh.h"

struct item {
	char		*head;
	char		**body;
	unsigned	 nbody;
	char		*close;		/* "exit", or NULL */
};

struct merge {
	struct item	*items;
	unsigned	 nitems;
	char		**header;
	unsigned	 nheader;
	bool		 have_header;
	bool		 failed;
};

static void *
grow(void *p, unsigned n, size_t size, bool *failed)
{
	void	*q;

	if ((q = reallocarray(p, (size_t)n + 1, size)) == NULL)
		*failed = true;
	return q;
}

static void
push_line(char ***v, unsigned *n, char *s, bool *failed)
{
	char	**q = grow(*v, *n, sizeof(**v), failed);

	if (q == NULL)
		return;
	*v = q;
	q[(*n)++] = s;
}

static bool
is_exit(const char *s)
{
	return strcmp(s, "exit") == 0 || strncmp(s, "exit-", 5) == 0 ||
	    strcmp(s, "end") == 0;
}

static struct item *
find_item(struct merge *m, const char *head, bool block)
{
	unsigned	 i;

	for (i = 0; i < m->nitems; i++) {
		struct item *it = &m->items[i];

		if ((it->nbody > 0 || it->close != NULL) != block)
			continue;
		if (strcmp(it->head, head) == 0)
			return it;
		if (!block && strncmp(head, "hostname ", 9) == 0 &&
		    strncmp(it->head, "hostname ", 9) == 0)
			return it;
	}
	return NULL;
}

static void
add_item(struct merge *m, char *head, char **body, unsigned nbody,
    char *close)
{
	struct item	*it, *q;
	unsigned	 i, j;

	if ((it = find_item(m, head, nbody > 0 || close != NULL)) != NULL) {
		for (i = 0; i < nbody; i++) {
			for (j = 0; j < it->nbody; j++)
				if (strcmp(it->body[j], body[i]) == 0)
					break;
			if (j == it->nbody)
				push_line(&it->body, &it->nbody, body[i],
				    &m->failed);
		}
		return;
	}
	if ((q = grow(m->items, m->nitems, sizeof(*q), &m->failed)) == NULL)
		return;
	m->items = q;
	it = &q[m->nitems++];
	memset(it, 0, sizeof(*it));
	it->head = head;
	it->close = close;
	for (i = 0; i < nbody; i++)
		push_line(&it->body, &it->nbody, body[i], &m->failed);
}

/* Split one daemon's text (modified in place) into the merge. */
static void
merge_one(struct merge *m, char *text)
{
	char		**lines = NULL, **body = NULL, *s, *e;
	unsigned	 n = 0, i, j, start = 0, end, nbody;

	for (s = text; *s != '\0'; s = e) {
		if ((e = strchr(s, '\n')) != NULL)
			*e++ = '\0';
		else
			e = s + strlen(s);
		if (*e == '\0' && *s == '\0')
			break;
		push_line(&lines, &n, s, &m->failed);
	}
	if (m->failed)
		goto done;
	for (i = 0; i < n; i++)
		if (strcmp(lines[i], "!") == 0) {
			if (!m->have_header)
				for (j = 0; j <= i; j++)
					push_line(&m->header, &m->nheader,
					    lines[j], &m->failed);
			m->have_header = true;
			start = i + 1;
			break;
		}
	for (end = n; end > start && (lines[end - 1][0] == '\0' ||
	    strcmp(lines[end - 1], "end") == 0); end--)
		;
	for (i = start; i < end; i++) {
		if (lines[i][0] == '\0' || strcmp(lines[i], "!") == 0)
			continue;
		for (j = i + 1, nbody = 0; j < end && lines[j][0] == ' '; j++)
			nbody++;
		free(body);
		body = NULL;
		if (nbody > 0 &&
		    (body = reallocarray(NULL, nbody, sizeof(*body))) == NULL) {
			m->failed = true;
			break;
		}
		if (nbody > 0)
			memcpy(body, &lines[i + 1], nbody * sizeof(*body));
		if (j < end && is_exit(lines[j]) && lines[i][0] != ' ') {
			add_item(m, lines[i], body, nbody, lines[j]);
			i = j;
		} else {
			add_item(m, lines[i], body, nbody, NULL);
			i = j - 1;
		}
	}
 done:
	free(body);
	free(lines);
}

void
sh_merge_config(const char *const *texts, unsigned n, struct buf *out)
{
	struct merge	 m;
	char		**copies;
	unsigned	 i, j;
	bool		 single = false;

	memset(&m, 0, sizeof(m));
	if ((copies = calloc(n + 1, sizeof(*copies))) == NULL) {
		out->failed = true;
		return;
	}
	for (i = 0; i < n; i++)
		if ((copies[i] = strdup(texts[i])) == NULL)
			m.failed = true;
		else
			merge_one(&m, copies[i]);
	for (i = 0; i < m.nheader; i++)
		buf_printf(out, "%s\n", m.header[i]);
	/* Global lines first, then the blocks, as vtysh orders them. */
	for (i = 0; i < m.nitems; i++)
		if (m.items[i].nbody == 0 && m.items[i].close == NULL) {
			buf_printf(out, "%s\n", m.items[i].head);
			single = true;
		}
	if (single)
		buf_put_str(out, "!\n");
	for (i = 0; i < m.nitems; i++) {
		struct item *it = &m.items[i];

		if (it->nbody == 0 && it->close == NULL)
			continue;
		buf_printf(out, "%s\n", it->head);
		for (j = 0; j < it->nbody; j++)
			buf_printf(out, "%s\n", it->body[j]);
		if (it->close != NULL)
			buf_printf(out, "%s\n", it->close);
		buf_put_str(out, "!\n");
	}
	buf_put_str(out, "end\n");
	if (m.failed)
		out->failed = true;
	for (i = 0; i < m.nitems; i++)
		free(m.items[i].body);
	free(m.items);
	free(m.header);
	for (i = 0; i < n; i++)
		free(copies[i]);
	free(copies);
}

static int
line_cmp_full(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Tokens sort alphabetically, "<cr>" last, as FRRouting lists them. */
static int
line_cmp_token(const void *a, const void *b)
{
	const char	*x = *(char *const *)a, *y = *(char *const *)b;
	size_t		 nx = strcspn(x, "\t"), ny = strcspn(y, "\t");
	bool		 crx = nx == 4 && strncmp(x, "<cr>", 4) == 0;
	bool		 cry = ny == 4 && strncmp(y, "<cr>", 4) == 0;
	int		 c;

	if (crx != cry)
		return crx ? 1 : -1;
	if ((c = strncmp(x, y, nx < ny ? nx : ny)) != 0)
		return c;
	return nx < ny ? -1 : nx > ny;
}

int
sh_sort_unique(struct buf *b, bool by_token)
{
	struct buf	 res = BUF_INIT;
	char		**v = NULL, *s, *e, *copy;
	unsigned	 n = 0, i, kept = 0;
	bool		 failed = false;
	int		 (*cmp)(const void *, const void *) = by_token ?
			    line_cmp_token : line_cmp_full;

	if (b->len == 0)
		return 0;
	if ((copy = strndup((char *)b->data, b->len)) == NULL)
		return -1;
	for (s = copy; *s != '\0'; s = e) {
		if ((e = strchr(s, '\n')) != NULL)
			*e++ = '\0';
		else
			e = s + strlen(s);
		if (*s != '\0')
			push_line(&v, &n, s, &failed);
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp);
	for (i = 0; i < n; i++) {
		if (i > 0 && cmp(&v[i - 1], &v[i]) == 0)
			continue;
		buf_printf(&res, "%s\n", v[i]);
		kept++;
	}
	free(v);
	free(copy);
	if (failed || !buf_ok(&res)) {
		buf_free(&res);
		return -1;
	}
	buf_free(b);
	*b = res;
	return (int)kept;
}
