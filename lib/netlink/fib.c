/*
 * DOC: batched FIB programming. nl_fib_install() / nl_fib_remove() build
 * the request straight into the last batch of the queue (a buffer of
 * batch_size bytes and a record per request: sequence number, operation,
 * prefix) and arm the pump. The pump runs from the event loop: it takes
 * the first batch, sends it in one sendmsg(), and collects the acks. The
 * kernel runs every message of a datagram inside sendmsg() and queues one
 * ack per message before returning, so after the send the acks are all
 * there to read: each is matched to its record by sequence number (they
 * are consecutive within a batch) and reported through the result
 * callback. An ack missing once the socket is drained was dropped by the
 * kernel (ENOBUFS) and is reported as such. The pump stops after
 * FIB_PASS_US and re-arms itself, so a big change is spread over many
 * loop iterations; nl_fib_flush_sync() runs it to the end without the loop.
 */
#include <sys/queue.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "evloop.h"
#include "log.h"
#include "rtnl.h"

#define FIB_BATCH_DEFAULT	(64 * 1024)
#define FIB_BATCH_MIN		4096
#define FIB_BATCH_MAX		(1024 * 1024)
#define FIB_RCVBUF		(32 * 1024 * 1024)
#define FIB_PASS_US		5000	/* longest pump pass in the loop */
#define FIB_RETRY_MS		10	/* after the kernel had no memory */
#define FIB_SYNC_RETRIES	1000	/* 1 ms apart */
#define FIB_RX_COUNT		64
#define FIB_RX_SIZE		4096	/* an ack with a message fits */

struct fib_req {
	uint32_t		 seq;
	uint8_t			 op;
	uint8_t			 family;
	uint8_t			 protocol;
	bool			 done;
	bool			 has_metric;
	union nl_prefix		 dst;
	uint32_t		 table;
	uint32_t		 metric;
};

struct fib_batch {
	TAILQ_ENTRY(fib_batch)	 entry;
	uint8_t			*buf;
	size_t			 len;
	size_t			 cap;
	struct fib_req		*req;
	size_t			 nreq;
	size_t			 reqcap;
};
TAILQ_HEAD(fib_batches, fib_batch);

struct nl_fib {
	struct mnl_socket	*sock;
	int			 fd;
	uint32_t		 portid;
	uint32_t		 seq;
	struct event		*pump;		/* NULL without a loop */
	struct fib_batches	 queue;
	struct fib_batch	*spare;
	size_t			 batch_size;
	size_t			 pending;
	bool			 busy;		/* pump on the stack */
	struct rtnl_rx		*rx;
	nl_fib_result_cb	*result;
	void			*arg;
	struct nl_fib_stats	 stats;
};

static void	fib_pump_cb(evutil_socket_t, short, void *);

struct nl_fib *
nl_fib_new(struct event_base *base, nl_fib_result_cb *result, void *arg)
{
	struct nl_fib	*fib;

	if ((fib = calloc(1, sizeof(*fib))) == NULL)
		return NULL;
	TAILQ_INIT(&fib->queue);
	fib->batch_size = FIB_BATCH_DEFAULT;
	fib->result = result;
	fib->arg = arg;
	fib->seq = (uint32_t)rtnl_now_us();
	if ((fib->sock = rtnl_open(FIB_RCVBUF, 4 * FIB_BATCH_MAX)) == NULL)
		goto fail;
	fib->fd = mnl_socket_get_fd(fib->sock);
	fib->portid = mnl_socket_get_portid(fib->sock);
	if ((fib->rx = rtnl_rx_new(FIB_RX_COUNT, FIB_RX_SIZE)) == NULL)
		goto fail;
	if (base != NULL &&
	    (fib->pump = evtimer_new(base, fib_pump_cb, fib)) == NULL)
		goto fail;
	return fib;
fail:
	nl_fib_del(fib);
	return NULL;
}

static void
batch_free(struct fib_batch *b)
{
	if (b == NULL)
		return;
	free(b->buf);
	free(b->req);
	free(b);
}

/* Queued changes that were never sent are dropped without a report. */
void
nl_fib_del(struct nl_fib *fib)
{
	struct fib_batch *b;

	if (fib == NULL)
		return;
	while ((b = TAILQ_FIRST(&fib->queue)) != NULL) {
		TAILQ_REMOVE(&fib->queue, b, entry);
		batch_free(b);
	}
	batch_free(fib->spare);
	if (fib->pump)
		event_free(fib->pump);
	rtnl_rx_del(fib->rx);
	if (fib->sock)
		mnl_socket_close(fib->sock);
	free(fib);
}

/* Bytes per sendmsg, FIB_BATCH_MIN..FIB_BATCH_MAX; for batches to come. */
int
nl_fib_set_batch(struct nl_fib *fib, size_t bytes)
{
	if (bytes < FIB_BATCH_MIN || bytes > FIB_BATCH_MAX) {
		errno = EINVAL;
		return -1;
	}
	fib->batch_size = bytes;
	batch_free(fib->spare);
	fib->spare = NULL;
	return 0;
}

size_t
nl_fib_pending(const struct nl_fib *fib)
{
	return fib->pending;
}

const struct nl_fib_stats *
nl_fib_stats(const struct nl_fib *fib)
{
	return &fib->stats;
}

static struct fib_batch *
batch_new(struct nl_fib *fib)
{
	struct fib_batch *b;

	if ((b = fib->spare) != NULL && b->cap == fib->batch_size) {
		fib->spare = NULL;
		b->len = 0;
		b->nreq = 0;
		return b;
	}
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	if ((b->buf = malloc(fib->batch_size)) == NULL) {
		free(b);
		return NULL;
	}
	b->cap = fib->batch_size;
	return b;
}

static void
batch_recycle(struct nl_fib *fib, struct fib_batch *b)
{
	if (fib->spare == NULL && b->cap == fib->batch_size)
		fib->spare = b;
	else
		batch_free(b);
}

static void
fib_kick(struct nl_fib *fib, uint64_t ms)
{
	if (fib->pump != NULL && !evtimer_pending(fib->pump, NULL))
		evtimer_add_ms(fib->pump, ms);
}

static int
fib_queue(struct nl_fib *fib, enum nl_fib_op op, const struct nl_route *rt)
{
	struct fib_batch *b = TAILQ_LAST(&fib->queue, fib_batches);
	struct fib_req	*r;
	size_t		 len, n;
	uint32_t	 seq = fib->seq + 1;
	bool		 fresh = false;

	if (b != NULL && b->cap != fib->batch_size)
		b = NULL;		/* batch size changed: start anew */
	for (;;) {
		if (b == NULL) {
			if ((b = batch_new(fib)) == NULL)
				return -1;
			fresh = true;
		}
		if (nl_route_build(b->buf + b->len, b->cap - b->len, op, rt,
		    seq, &len) == 0)
			break;
		if (errno != ENOSPC || fresh) {
			if (fresh)
				batch_recycle(fib, b);
			if (errno == ENOSPC)
				errno = EMSGSIZE;
			return -1;
		}
		b = NULL;
	}
	if (b->nreq == b->reqcap) {
		n = b->reqcap ? b->reqcap * 2 : 256;
		if ((r = reallocarray(b->req, n, sizeof(*r))) == NULL) {
			if (fresh)
				batch_recycle(fib, b);
			return -1;
		}
		b->req = r;
		b->reqcap = n;
	}
	if (fresh)
		TAILQ_INSERT_TAIL(&fib->queue, b, entry);
	b->len += len;
	r = &b->req[b->nreq++];
	memset(r, 0, sizeof(*r));
	r->seq = seq;
	r->op = (uint8_t)op;
	r->family = rt->family;
	r->protocol = rt->protocol;
	r->dst = rt->dst;
	r->table = rt->table ? rt->table : RT_TABLE_MAIN;
	r->has_metric = rt->has_metric;
	r->metric = rt->metric;
	fib->seq = seq;
	fib->pending++;
	fib->stats.queued++;
	fib_kick(fib, 0);
	return 0;
}

/*
 * Queue a route to install (or replace). -1 with errno EINVAL for a route
 * the kernel cannot take, ENOMEM; the kernel's verdict comes later.
 */
int
nl_fib_install(struct nl_fib *fib, const struct nl_route *rt)
{
	return fib_queue(fib, NL_FIB_INSTALL, rt);
}

/* Queue a route to remove; see struct nl_route for what identifies it. */
int
nl_fib_remove(struct nl_fib *fib, const struct nl_route *rt)
{
	return fib_queue(fib, NL_FIB_REMOVE, rt);
}

static void
fib_report(struct nl_fib *fib, struct fib_req *r, int error, const char *msg)
{
	struct nl_fib_result res;

	r->done = true;
	fib->pending--;
	if (error)
		fib->stats.errors++;
	if (fib->result == NULL)
		return;
	memset(&res, 0, sizeof(res));
	res.op = (enum nl_fib_op)r->op;
	res.family = r->family;
	res.dst = r->dst;
	res.protocol = r->protocol;
	res.table = r->table;
	res.has_metric = r->has_metric;
	res.metric = r->metric;
	res.error = error;
	res.msg = (msg != NULL && msg[0] != '\0') ? msg : NULL;
	fib->result(fib->arg, &res);
}

static void
fib_ack(struct nl_fib *fib, struct fib_batch *b, const uint8_t *p, size_t len,
    size_t *acked)
{
	struct rtnl_ack	 ack;
	uint32_t	 idx;
	size_t		 step;

	for (; len >= NLMSG_HDRLEN; p += step, len -= step) {
		step = rtnl_msg_next(p, len);
		if (rtnl_ack_parse(p, len, &ack) != NL_PARSE_OK ||
		    ack.type != NLMSG_ERROR || ack.portid != fib->portid)
			continue;
		idx = ack.seq - b->req[0].seq;
		if (idx >= b->nreq || b->req[idx].done)
			continue;	/* stale, from a batch given up on */
		fib->stats.acked++;
		(*acked)++;
		fib_report(fib, &b->req[idx], ack.error, ack.msg);
	}
}

/*
 * Send batch b and report every request in it. -1 (errno) if the kernel
 * had no memory to take it: b is untouched and may be sent again.
 */
static int
fib_send(struct nl_fib *fib, struct fib_batch *b)
{
	const uint8_t	*p;
	size_t		 i, acked = 0, len;
	int		 n, j;
	bool		 lost = false;

	if (rtnl_send(fib->fd, b->buf, b->len) == -1) {
		if (errno == ENOBUFS || errno == ENOMEM || errno == EAGAIN)
			return -1;
		j = errno;
		log_warn("%s: sendmsg of %zu routes", __func__, b->nreq);
		for (i = 0; i < b->nreq; i++)
			fib_report(fib, &b->req[i], j, NULL);
		return 0;
	}
	fib->stats.batches++;
	while (acked < b->nreq) {
		if ((n = rtnl_rx_recv(fib->fd, fib->rx)) == 0)
			break;
		if (n == -1) {
			if (errno == ENOBUFS) {
				lost = true;
				continue;
			}
			log_warn("%s: recvmmsg", __func__);
			break;
		}
		for (j = 0; j < n; j++)
			if ((p = rtnl_rx_get(fib->rx, (unsigned int)j,
			    &len)) != NULL)
				fib_ack(fib, b, p, len, &acked);
	}
	if (acked < b->nreq) {
		log_warnx("%s: %zu of %zu acks lost%s", __func__,
		    b->nreq - acked, b->nreq, lost ? " (ENOBUFS)" : "");
		for (i = 0; i < b->nreq; i++)
			if (!b->req[i].done) {
				fib->stats.lost++;
				fib_report(fib, &b->req[i], ENOBUFS,
				    "ack lost, outcome unknown");
			}
	}
	return 0;
}

/*
 * Send queued batches until the queue is empty or, in the loop, the pass
 * has lasted FIB_PASS_US. 0 when done, 1 when more is queued, -1 when the
 * kernel refused memory.
 */
static int
fib_pump(struct nl_fib *fib, bool sync)
{
	struct fib_batch *b;
	uint64_t	 start = rtnl_now_us();

	fib->stats.passes++;
	while ((b = TAILQ_FIRST(&fib->queue)) != NULL) {
		if (!sync && rtnl_now_us() - start >= FIB_PASS_US)
			return 1;
		/* Off the queue first: callbacks may queue more. */
		TAILQ_REMOVE(&fib->queue, b, entry);
		if (fib_send(fib, b) == -1) {
			TAILQ_INSERT_HEAD(&fib->queue, b, entry);
			return -1;
		}
		batch_recycle(fib, b);
	}
	return 0;
}

static void
fib_pump_cb(evutil_socket_t fd, short ev, void *arg)
{
	struct nl_fib	*fib = arg;
	int		 rv;

	if (fib->busy)
		return;
	fib->busy = true;
	rv = fib_pump(fib, false);
	fib->busy = false;
	if (rv == 1)
		fib_kick(fib, 0);
	else if (rv == -1)
		fib_kick(fib, FIB_RETRY_MS);
}

/*
 * Send everything queued and report every result before returning, without
 * the event loop (start-up, exit, tools, tests). 0, or -1 with errno
 * (EBUSY when called from a result callback; ENOBUFS if the kernel stayed
 * out of memory, leaving the rest queued).
 */
int
nl_fib_flush_sync(struct nl_fib *fib)
{
	int		 tries = 0, rv;

	if (fib->busy) {
		errno = EBUSY;
		return -1;
	}
	fib->busy = true;
	while ((rv = fib_pump(fib, true)) == -1 && ++tries < FIB_SYNC_RETRIES)
		usleep(1000);
	fib->busy = false;
	if (rv == -1) {
		errno = ENOBUFS;
		fib_kick(fib, FIB_RETRY_MS);
		return -1;
	}
	return 0;
}

struct flush_ctx {
	struct nl_fib	*fib;
	long		 queued;
	int		 error;
};

static void
flush_route(void *arg, const struct nl_route *rt)
{
	struct flush_ctx *ctx = arg;

	if (nl_fib_remove(ctx->fib, rt) == 0)
		ctx->queued++;
	else if (ctx->error == 0)
		ctx->error = errno;
}

/*
 * Remove every route of the given protocols in `table` (0: every table),
 * found by a blocking dump, and wait for the kernel's answers (reported
 * through the result callback as usual). The number of routes it asked to
 * remove, or -1 with errno.
 */
long
nl_fib_flush_protocols(struct nl_fib *fib, struct nl_dump *dump,
    const struct nl_protoset *protos, uint32_t table)
{
	struct flush_ctx ctx = { fib, 0, 0 };

	if (nl_dump_routes(dump, protos, table, flush_route, &ctx) == -1)
		return -1;
	if (nl_fib_flush_sync(fib) == -1)
		return -1;
	if (ctx.error) {
		errno = ctx.error;
		return -1;
	}
	return ctx.queued;
}
