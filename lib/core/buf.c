/*
 * DOC: the growable writer behind struct buf (readers are all inline).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"

void
buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

bool
buf_grow(struct buf *b, size_t need)
{
	size_t	 cap = b->cap ? b->cap : 64;
	uint8_t	*p;

	if (b->failed)
		return false;
	if (need > SIZE_MAX / 2 - b->len)
		goto fail;
	while (cap - b->len < need)
		cap *= 2;
	if (cap == b->cap)
		return true;
	if ((p = realloc(b->data, cap)) == NULL)
		goto fail;
	b->data = p;
	b->cap = cap;
	return true;
fail:
	b->failed = true;
	return false;
}

bool
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	uint8_t	*d;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (d = buf_space(b, (size_t)n + 1)) == NULL) {
		b->failed = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf((char *)d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

char *
buf_cstr(struct buf *b)
{
	if (buf_space(b, 1) == NULL)
		return NULL;
	b->data[b->len] = '\0';
	return (char *)b->data;
}

void
buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}
