/*
 * DOC: bounds-checked byte buffers. A buf_reader walks untrusted bytes: every
 * get returns false past the end and leaves the reader where it was, so
 * decoders never trust a length they have not checked. A buf is a growable
 * writer with a sticky failure flag: callers write freely and check
 * buf_ok() once at the end.
 */
#ifndef OKAPI_BUF_H
#define OKAPI_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf_reader {
	const uint8_t	*p;
	size_t		 len;
	size_t		 off;
};

static inline void
buf_reader_init(struct buf_reader *r, const void *p, size_t len)
{
	r->p = p;
	r->len = len;
	r->off = 0;
}

static inline size_t
buf_left(const struct buf_reader *r)
{
	return r->len - r->off;
}

static inline bool
buf_get_ptr(struct buf_reader *r, const uint8_t **p, size_t n)
{
	if (n > buf_left(r))
		return false;
	*p = r->p + r->off;
	r->off += n;
	return true;
}

static inline bool
buf_get_bytes(struct buf_reader *r, void *dst, size_t n)
{
	const uint8_t	*p;

	if (!buf_get_ptr(r, &p, n))
		return false;
	if (n)
		memcpy(dst, p, n);
	return true;
}

/* A sub-reader over the next n bytes, for nested structures. */
static inline bool
buf_get_sub(struct buf_reader *r, struct buf_reader *sub, size_t n)
{
	const uint8_t	*p;

	if (!buf_get_ptr(r, &p, n))
		return false;
	buf_reader_init(sub, p, n);
	return true;
}

static inline bool
buf_get_u8(struct buf_reader *r, uint8_t *v)
{
	if (buf_left(r) < 1)
		return false;
	*v = r->p[r->off++];
	return true;
}

static inline bool
buf_get_u16(struct buf_reader *r, uint16_t *v)
{
	const uint8_t	*p;

	if (!buf_get_ptr(r, &p, 2))
		return false;
	*v = (uint16_t)(p[0] << 8 | p[1]);
	return true;
}

static inline bool
buf_get_u32(struct buf_reader *r, uint32_t *v)
{
	const uint8_t	*p;

	if (!buf_get_ptr(r, &p, 4))
		return false;
	*v = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return true;
}

static inline bool
buf_get_u64(struct buf_reader *r, uint64_t *v)
{
	uint32_t	 hi, lo;
	size_t		 off = r->off;

	if (!buf_get_u32(r, &hi) || !buf_get_u32(r, &lo)) {
		r->off = off;
		return false;
	}
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Big-endian loads and stores on memory the caller has already checked. */
static inline uint32_t
be32_load(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static inline void
be32_store(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

struct buf {
	uint8_t		*data;
	size_t		 len;
	size_t		 cap;
	bool		 failed;	/* an allocation failed: contents invalid */
};

#define BUF_INIT { NULL, 0, 0, false }

/* buf.c */
void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
bool	 buf_grow(struct buf *, size_t need);
bool	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_cstr(struct buf *);	/* NUL-terminates, returns data */
void	 buf_consume(struct buf *, size_t n);	/* drop n bytes from the front */

static inline bool
buf_ok(const struct buf *b)
{
	return !b->failed;
}

static inline void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
}

/*
 * Room for n more bytes; returns a pointer to write them, or NULL when out
 * of memory. Never NULL otherwise, even for n == 0 on an empty buf.
 */
static inline uint8_t *
buf_space(struct buf *b, size_t n)
{
	if (b->failed)
		return NULL;
	if ((b->cap - b->len < n || b->data == NULL) &&
	    !buf_grow(b, n ? n : 1))
		return NULL;
	return b->data + b->len;
}

static inline bool
buf_put_bytes(struct buf *b, const void *p, size_t n)
{
	uint8_t	*d = buf_space(b, n);

	if (d == NULL)
		return false;
	if (n)
		memcpy(d, p, n);
	b->len += n;
	return true;
}

static inline bool
buf_put_str(struct buf *b, const char *s)
{
	return buf_put_bytes(b, s, strlen(s));
}

static inline bool
buf_put_u8(struct buf *b, uint8_t v)
{
	return buf_put_bytes(b, &v, 1);
}

static inline bool
buf_put_u16(struct buf *b, uint16_t v)
{
	uint8_t	 p[2] = { v >> 8, v & 0xff };

	return buf_put_bytes(b, p, 2);
}

static inline bool
buf_put_u32(struct buf *b, uint32_t v)
{
	uint8_t	 p[4];

	be32_store(p, v);
	return buf_put_bytes(b, p, 4);
}

static inline bool
buf_put_u64(struct buf *b, uint64_t v)
{
	return buf_put_u32(b, v >> 32) && buf_put_u32(b, (uint32_t)v);
}

#endif
