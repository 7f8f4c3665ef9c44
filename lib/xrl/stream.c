/*
 * DOC: non-blocking STCP byte streams, the I/O half shared by listener and
 * sender connections. Reads go into one large buffer and the owner
 * decodes every complete frame in place; only an incomplete tail is moved
 * to the front. Output accumulates in one buffer: outside a pass it is
 * written at once (no EV_WRITE round trip), inside a pass (router depth
 * above zero) the stream joins the router's dirty list and everything the
 * pass produced leaves in one write when the pass ends (long passes also
 * write every few frames, see router_flush_every()). EV_WRITE is armed
 * only after a short write. A listener stream whose peer stops reading
 * its replies stops reading requests too; a sender never does, since its
 * peer may be blocked writing the replies we would then never read. A
 * failed write is not handled on the spot: the stream is marked and its
 * read handler, activated, closes it, so no caller ever sees its
 * connection vanish under it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime.h"

int
stream_init(struct stream *s, struct xrl_router *r, int fd,
    event_callback_fn rd, event_callback_fn wr, void *arg)
{
	memset(s, 0, sizeof(*s));
	s->r = r;
	s->fd = fd;
	buf_init(&s->wbuf);
	stcp_decoder_init(&s->dec);
	s->rd = event_new(r->base, fd, EV_READ | EV_PERSIST, rd, arg);
	s->wr = event_new(r->base, fd, EV_WRITE, wr, arg);
	if (s->rd == NULL || s->wr == NULL) {
		stream_fini(s);
		return -1;
	}
	s->last_rx = router_now(r);
	return 0;
}

void
stream_fini(struct stream *s)
{
	if (s->on_dirty) {
		TAILQ_REMOVE(&s->r->dirty, s, dirty);
		s->on_dirty = false;
	}
	if (s->rd)
		event_free(s->rd);
	if (s->wr)
		event_free(s->wr);
	s->rd = s->wr = NULL;
	if (s->fd != -1)
		close(s->fd);
	s->fd = -1;
	free(s->rbuf);
	s->rbuf = NULL;
	buf_free(&s->wbuf);
}

/*
 * Room to read: the current frame (need bytes from roff) must fit, and a
 * read should get a decent chunk. Compacting moves only a partial frame.
 */
static int
stream_room(struct stream *s, size_t need)
{
	size_t	 have = s->rlen - s->roff, want, cap;
	uint8_t	*p;

	if (have == 0) {
		s->roff = s->rlen = 0;
		if (s->rcap > 4 * XRL_READ_CHUNK) {
			/* a huge frame has gone: give the memory back */
			free(s->rbuf);
			s->rbuf = NULL;
			s->rcap = 0;
		}
	}
	want = need > have ? need : have;
	if (want < have + XRL_READ_CHUNK / 16)
		want = have + XRL_READ_CHUNK / 16;
	if (s->roff > 0 && s->rcap - s->roff < want) {
		memmove(s->rbuf, s->rbuf + s->roff, have);
		s->rlen = have;
		s->roff = 0;
	}
	if (s->rcap - s->roff >= want)
		return 0;
	cap = s->rcap ? s->rcap : XRL_READ_CHUNK;
	while (cap < want)
		cap *= 2;
	if ((p = realloc(s->rbuf, cap)) == NULL)
		return -1;
	s->rbuf = p;
	s->rcap = cap;
	return 0;
}

ssize_t
stream_read(struct stream *s, size_t need)
{
	ssize_t	 n;

	if (stream_room(s, need) == -1)
		return -1;
	n = read(s->fd, s->rbuf + s->rlen, s->rcap - s->rlen);
	if (n > 0) {
		s->rlen += (size_t)n;
		s->last_rx = router_now(s->r);
		return n;
	}
	if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK ||
	    errno == EINTR))
		return -2;
	return n;
}

int
stream_flush(struct stream *s)
{
	ssize_t	 n;

	if (s->werr)
		return -1;
	if (!buf_ok(&s->wbuf))
		goto fail;
	while (s->woff < s->wbuf.len) {
		n = write(s->fd, s->wbuf.data + s->woff,
		    s->wbuf.len - s->woff);
		if (n > 0) {
			s->woff += (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (s->may_pause && !s->paused &&
			    s->wbuf.len - s->woff > XRL_WBUF_HIGH) {
				/* The peer is not reading: stop feeding it. */
				s->paused = true;
				event_del(s->rd);
			}
			event_add(s->wr, NULL);
			return 0;
		}
		goto fail;
	}
	s->woff = 0;
	s->wbuf.len = 0;
	return 0;
fail:
	s->werr = true;
	if (s->rd) {
		event_add(s->rd, NULL);
		event_active(s->rd, EV_READ, 0);
	}
	return -1;
}

void
stream_output(struct stream *s)
{
	if (s->r->depth > 0) {
		if (!s->on_dirty) {
			s->on_dirty = true;
			TAILQ_INSERT_TAIL(&s->r->dirty, s, dirty);
		}
		return;
	}
	/* Already waiting for EV_WRITE: a write now would only fail. */
	if (!event_pending(s->wr, EV_WRITE, NULL))
		(void)stream_flush(s);
}

void
stream_writable(struct stream *s)
{
	if (stream_flush(s) == -1)
		return;
	if (s->wbuf.len == 0 && s->paused) {
		s->paused = false;
		event_add(s->rd, NULL);
		if (s->rlen > s->roff)
			event_active(s->rd, EV_READ, 0);
	}
}
