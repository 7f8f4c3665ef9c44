/*
 * DOC: tunneld's main: options, the configuration (refused without users
 * and rules), the TLS and SASL contexts, the listeners, the loop.
 *
 *   tunneld [-dnv] [-f FILE]
 *
 * -f the configuration (default /etc/okapi/tunneld.conf), -n check it
 * and exit, -d stay in the foreground and log to stderr, -v more.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evloop.h"
#include "log.h"
#include "sock.h"
#include "tls.h"
#include "tunneld.h"
#include "vty.h"

#define TUNNELD_CONF	"/etc/okapi/tunneld.conf"

static void
listen_accept(evutil_socket_t lfd, short what, void *arg)
{
	struct tlisten		*l = arg;
	struct sockaddr_storage	 ss;
	socklen_t		 sl = sizeof(ss);
	char			 host[INET6_ADDRSTRLEN], from[64];
	int			 fd;

	if ((fd = accept(lfd, (struct sockaddr *)&ss, &sl)) == -1) {
		if (errno != EAGAIN && errno != EINTR)
			log_warn("accept");
		return;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		snprintf(from, sizeof(from), "[%s]:%u", host,
		    ntohs(s6->sin6_port));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		snprintf(from, sizeof(from), "%s:%u", host,
		    ntohs(s4->sin_port));
	}
	conn_accept(l->td, fd, from);
}

static int
listen_one(struct tunneld *td, const char *addr, uint16_t port)
{
	struct tlisten	*l;
	uint16_t	 bound = 0;
	int		 fd;

	if ((fd = sock_listen_tcp(addr, port, &bound)) == -1) {
		log_warn("listen %s port %u", addr, port);
		return -1;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->ev = event_new(td->base, fd, EV_READ | EV_PERSIST,
	    listen_accept, l)) == NULL) {
		free(l);
		close(fd);
		return -1;
	}
	l->fd = fd;
	l->td = td;
	event_add(l->ev, NULL);
	TAILQ_INSERT_TAIL(&td->listeners, l, entry);
	log_info("listening on %s port %u", addr, bound);
	return 0;
}

static int
listen_all(struct tunneld *td)
{
	const struct tunneld_listen	*tl;
	char				 a[INET6_ADDRSTRLEN];

	if (TAILQ_EMPTY(&td->conf->listens))
		return listen_one(td, "0.0.0.0", TUNNELD_PORT);
	TAILQ_FOREACH(tl, &td->conf->listens, entry) {
		inet_ntop(tl->addr.af, &tl->addr.u, a, sizeof(a));
		if (listen_one(td, a, tl->port) == -1)
			return -1;
	}
	return 0;
}

static char *
read_first_line(const char *path)
{
	char	 line[512];
	FILE	*f;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return n > 0 ? strdup(line) : NULL;
}

static void
tunneld_fini(struct tunneld *td)
{
	struct tlisten	*l;
	struct tconn	*c;

	while ((c = TAILQ_FIRST(&td->conns)) != NULL)
		conn_free(c);
	hop_free_all(td);
	while ((l = TAILQ_FIRST(&td->listeners)) != NULL) {
		TAILQ_REMOVE(&td->listeners, l, entry);
		event_free(l->ev);
		close(l->fd);
		free(l);
	}
	if (td->tls_server != NULL)
		SSL_CTX_free(td->tls_server);
	beep_sasl_ctx_free(td->sasl);
	tunneld_usage_fini(&td->usage);
	if (td->upstream_pass != NULL) {
		explicit_bzero(td->upstream_pass, strlen(td->upstream_pass));
		free(td->upstream_pass);
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: tunneld [-dnv] [-f FILE]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct tunneld		 td;
	struct evloop		 loop;
	struct vty_server_opts	 vopts;
	struct vty_server	*vs;
	struct beep_tls_cfg	 tc;
	const char		*config = TUNNELD_CONF;
	char			 err[256];
	int			 ch, debug = 0, verbose = 0, check = 0, rc = 1;

	while ((ch = getopt(argc, argv, "df:nv")) != -1) {
		switch (ch) {
		case 'd':
			debug = 1;
			break;
		case 'f':
			config = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'v':
			verbose++;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	log_init("tunneld", verbose, !debug && !check);
	memset(&td, 0, sizeof(td));
	TAILQ_INIT(&td.listeners);
	TAILQ_INIT(&td.conns);
	TAILQ_INIT(&td.hops);
	tunneld_usage_init(&td.usage);
	if ((td.conf = tunneld_conf_new()) == NULL || evloop_init(&loop) == -1)
		fatalx("out of memory");
	td.base = loop.base;
	memset(&vopts, 0, sizeof(vopts));
	vopts.daemon = "tunneld";
	vopts.tag = "TUNNEL";
	if ((vs = vty_server_new(loop.base, &vopts, td.conf)) == NULL ||
	    tunneld_conf_install(vs) == -1)
		fatalx("cannot set up the configuration grammar");
	if (vty_server_load(vs, config, err, sizeof(err)) == -1 ||
	    tunneld_conf_check(td.conf, err, sizeof(err)) == -1) {
		fprintf(stderr, "tunneld: %s: %s\n", config, err);
		goto out;
	}
	if (td.conf->tls_cert != NULL) {
		memset(&tc, 0, sizeof(tc));
		tc.cert_file = td.conf->tls_cert;
		tc.key_file = td.conf->tls_key;
		tc.ca_file = td.conf->tls_ca;
		if ((td.tls_server = beep_tls_ctx_new(&tc, true, err,
		    sizeof(err))) == NULL) {
			fprintf(stderr, "tunneld: tls: %s\n", err);
			goto out;
		}
	}
	if (td.conf->upstream_password_file != NULL &&
	    (td.upstream_pass = read_first_line(
	    td.conf->upstream_password_file)) == NULL) {
		fprintf(stderr, "tunneld: upstream: cannot read %s\n",
		    td.conf->upstream_password_file);
		goto out;
	}
	if (check) {
		printf("tunneld: %s: configuration OK\n", config);
		rc = 0;
		goto out;
	}
	if ((td.sasl = beep_sasl_ctx_new(err, sizeof(err))) == NULL) {
		fprintf(stderr, "tunneld: sasl: %s\n", err);
		goto out;
	}
	if (listen_all(&td) == -1)
		goto out;
	if (!debug && daemon(0, 0) == -1)
		fatal("daemon");
	evloop_run(&loop);
	log_info("exiting: %llu tunnels, %llu refused",
	    (unsigned long long)td.tunnels_total,
	    (unsigned long long)td.refused_total);
	rc = 0;
out:
	tunneld_fini(&td);
	vty_server_free(vs);
	tunneld_conf_free(td.conf);
	evloop_fini(&loop);
	return rc;
}
