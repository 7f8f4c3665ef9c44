/*
 * DOC: auth: OSPF authentication per interface. Null, simple password
 * (RFC 2328 D.3) and cryptographic: keyed MD5 (D.4.3) and HMAC-SHA-1,
 * -256, -384 and -512 (RFC 5709), with FRRouting's commands:
 *
 *   ip ospf authentication [message-digest|null]
 *   ip ospf authentication-key KEY                    (8 characters)
 *   ip ospf message-digest-key (1-255) md5 KEY        (16 characters)
 *   ip ospf message-digest-key (1-255) hmac-sha-256 KEY   (okapi: also
 *       hmac-sha-1, -384, -512; BIRD's "algorithm hmac sha256")
 *
 * Sending signs with the key of the highest ID, so a new key rolls over
 * when it is added and the old one removed later; receiving accepts any
 * configured key ID. The cryptographic sequence number we send starts at
 * the time of day and never decreases; a neighbour's may not decrease
 * either (D.5). Every failure is a drop counted as "authentication
 * mismatch" with its reason in the log line.
 */
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "cmd.h"
#include "ospfd.h"
#include "vty.h"

static const struct {
	const char	*name;
	unsigned	 len;		/* digest length */
	unsigned	 maxkey;	/* FRR's limit for md5, else ours */
} algos[AUTH_ALGO_MAX] = {
	[AUTH_MD5] = { "md5", 16, 16 },
	[AUTH_SHA1] = { "hmac-sha-1", 20, OSPF_AUTH_KEY_MAX },
	[AUTH_SHA256] = { "hmac-sha-256", 32, OSPF_AUTH_KEY_MAX },
	[AUTH_SHA384] = { "hmac-sha-384", 48, OSPF_AUTH_KEY_MAX },
	[AUTH_SHA512] = { "hmac-sha-512", 64, OSPF_AUTH_KEY_MAX },
};

static const EVP_MD *
algo_md(unsigned a)
{
	switch (a) {
	case AUTH_MD5:
		return EVP_md5();
	case AUTH_SHA1:
		return EVP_sha1();
	case AUTH_SHA256:
		return EVP_sha256();
	case AUTH_SHA384:
		return EVP_sha384();
	default:
		return EVP_sha512();
	}
}

/* The interface's own setting, else its area's (FRR's "area X
 * authentication"), else none. */
static int
if_autype(const struct ospf_if *oif, const struct ospf_ifconf *c)
{
	const struct ospf_areaconf *ac;

	if (c != NULL && c->auth >= 0)
		return c->auth;
	if (oif->area != NULL &&
	    (ac = area_conf(&oif->od->conf, oif->area->id)) != NULL &&
	    ac->auth >= 0)
		return ac->auth;
	return OSPF_AUTH_NULL;
}

const char *
auth_type_name(const struct ospf_if *oif)
{
	return ospf_autype_name((unsigned)if_autype(oif,
	    conf_if(&oif->od->conf, oif->name)));
}

static const struct ospf_authkey *
key_find(const struct ospf_ifconf *c, unsigned id)
{
	unsigned	 i;

	for (i = 0; c != NULL && i < c->nkeys; i++)
		if (c->keys[i].id == id)
			return &c->keys[i];
	return NULL;
}

static const struct ospf_authkey *
key_send(const struct ospf_ifconf *c)
{
	const struct ospf_authkey *k = NULL;
	unsigned	 i;

	for (i = 0; c != NULL && i < c->nkeys; i++)
		if (k == NULL || c->keys[i].id > k->id)
			k = &c->keys[i];
	return k;
}

void
auth_hdr(struct ospf_if *oif, struct ospf_hdr *h)
{
	const struct ospf_ifconf *c = conf_if(&oif->od->conf, oif->name);
	const struct ospf_authkey *k;

	h->autype = (uint16_t)if_autype(oif, c);
	if (h->autype == OSPF_AUTH_SIMPLE)
		memcpy(h->auth.simple, c->auth_simple, OSPF_AUTH_LEN);
	else if (h->autype == OSPF_AUTH_CRYPT && (k = key_send(c)) != NULL) {
		if (oif->crypt_seq == 0)
			oif->crypt_seq = (uint32_t)time(NULL);
		h->auth.crypt.key_id = k->id;
		h->auth.crypt.auth_len = (uint8_t)algos[k->algo].len;
		h->auth.crypt.seq = oif->crypt_seq++;
	}
}

/*
 * D.4.3: MD5 over the packet and the key padded to 16 bytes. RFC 5709:
 * HMAC over the packet and Apad (0x878FE1F3 repeated), with a key longer
 * than the digest hashed first; shorter keys HMAC pads itself.
 */
static bool
digest(const struct ospf_authkey *k, const uint8_t *p, size_t len,
    uint8_t *out)
{
	static const uint8_t apad[4] = { 0x87, 0x8f, 0xe1, 0xf3 };
	uint8_t		 buf[OSPF_MAX_PKT + 64], key[64];
	unsigned	 dl = algos[k->algo].len, i, mdlen = 0, klen = k->len;
	const EVP_MD	*md = algo_md(k->algo);

	if (len + dl > sizeof(buf))
		return false;
	memcpy(buf, p, len);
	if (k->algo == AUTH_MD5) {
		memset(buf + len, 0, 16);
		memcpy(buf + len, k->key, k->len);
		return EVP_Digest(buf, len + 16, out, &mdlen, md, NULL) == 1;
	}
	for (i = 0; i < dl; i++)
		buf[len + i] = apad[i % 4];
	memcpy(key, k->key, k->len);
	if (klen > dl) {
		if (EVP_Digest(k->key, k->len, key, &mdlen, md, NULL) != 1)
			return false;
		klen = dl;
	}
	return HMAC(md, key, (int)klen, buf, len + dl, out, &mdlen) != NULL;
}

const uint8_t *
auth_sign(struct ospf_if *oif, const uint8_t *p, size_t len, size_t *outlen)
{
	const struct ospf_ifconf *c = conf_if(&oif->od->conf, oif->name);
	const struct ospf_authkey *k;
	struct buf	*b = &oif->od->sigbuf;
	uint8_t		*d;

	*outlen = len;
	if (len < OSPF_HDR_LEN || (p[14] << 8 | p[15]) != OSPF_AUTH_CRYPT ||
	    (k = key_find(c, p[18])) == NULL)
		return p;
	buf_reset(b);
	buf_put_bytes(b, p, len);
	if ((d = buf_space(b, algos[k->algo].len)) == NULL ||
	    !digest(k, p, len, d))
		return NULL;
	b->len += algos[k->algo].len;
	*outlen = b->len;
	return b->data;
}

bool
auth_check(struct ospf_if *oif, const uint8_t *pkt, size_t len,
    const struct ospf_pkt *p, uint32_t src)
{
	const struct ospf_ifconf *c = conf_if(&oif->od->conf, oif->name);
	const struct ospf_authkey *k;
	struct ospf_nbr	*nbr;
	uint8_t		 d[64];
	int		 want = if_autype(oif, c);

	(void)len;
	if (p->hdr.autype != want) {
		io_drop(oif, DROP_AUTH, src, "type %s, ours %s",
		    ospf_autype_name(p->hdr.autype),
		    ospf_autype_name((unsigned)want));
		return false;
	}
	if (want == OSPF_AUTH_SIMPLE) {
		if (memcmp(p->hdr.auth.simple, c->auth_simple,
		    OSPF_AUTH_LEN) != 0) {
			io_drop(oif, DROP_AUTH, src, "wrong password");
			return false;
		}
		return true;
	}
	if (want != OSPF_AUTH_CRYPT)
		return true;
	if ((k = key_find(c, p->hdr.auth.crypt.key_id)) == NULL) {
		io_drop(oif, DROP_AUTH, src, "unknown key ID %u",
		    p->hdr.auth.crypt.key_id);
		return false;
	}
	if (p->digest_len != algos[k->algo].len) {
		io_drop(oif, DROP_AUTH, src, "digest of %zu bytes for key %u "
		    "(%s)", p->digest_len, k->id, algos[k->algo].name);
		return false;
	}
	if (!digest(k, pkt, p->hdr.len, d) ||
	    CRYPTO_memcmp(d, p->digest, p->digest_len) != 0) {
		io_drop(oif, DROP_AUTH, src, "wrong digest (key %u)", k->id);
		return false;
	}
	nbr = oif->net == ISM_NET_PTP || oif->net == ISM_NET_VIRTUAL ?
	    nbr_find(oif, p->hdr.rtr_id) :
	    nbr_find_addr(oif, src);
	if (nbr != NULL) {
		if (nbr->crypt_seen && p->hdr.auth.crypt.seq < nbr->crypt_seq) {
			io_drop(oif, DROP_AUTH, src, "sequence number %u below "
			    "%u", p->hdr.auth.crypt.seq, nbr->crypt_seq);
			return false;
		}
		nbr->crypt_seq = p->hdr.auth.crypt.seq;
		nbr->crypt_seen = true;
	}
	return true;
}

/* ---- configuration */

static void
auth_changed(struct ospfd *od, struct ospf_ifconf *i)
{
	(void)i;
	if (!od->check)
		iface_reconfigure(od);
}

static int
cmd_auth(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospf_ifconf	*i = vty_node_ctx(vty);

	if (cmd_has(m, "no"))
		i->auth = -1;
	else if (cmd_has(m, "message-digest"))
		i->auth = OSPF_AUTH_CRYPT;
	else if (cmd_has(m, "null"))
		i->auth = OSPF_AUTH_NULL;
	else
		i->auth = OSPF_AUTH_SIMPLE;
	auth_changed(arg, i);
	return CMD_SUCCESS;
}

static int
cmd_auth_key(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	const char		*k = cmd_has(m, "no") ? "" : cmd_str(m, "AUTH_KEY");

	memset(i->auth_simple, 0, sizeof(i->auth_simple));
	strncpy(i->auth_simple, k, OSPF_AUTH_LEN);	/* FRR truncates */
	auth_changed(arg, i);
	return CMD_SUCCESS;
}

static int
cmd_md_key(struct vty *vty, const struct cmd_match *m, void *arg)
{
	struct ospf_ifconf	*i = vty_node_ctx(vty);
	unsigned		 id = (unsigned)cmd_get(m, "id")->u.num, a, n;
	const char		*key = cmd_str(m, "KEY");
	struct ospf_authkey	*k = (struct ospf_authkey *)key_find(i, id);

	if (cmd_has(m, "no")) {
		if (k == NULL) {
			vty_out(vty, "OSPF: Key %u does not exist\n", id);
			return CMD_WARNING;
		}
		n = (unsigned)(k - i->keys);
		memmove(&i->keys[n], &i->keys[n + 1],
		    (i->nkeys - n - 1) * sizeof(i->keys[0]));
		i->nkeys--;
		auth_changed(arg, i);
		return CMD_SUCCESS;
	}
	for (a = 0; a < AUTH_ALGO_MAX; a++)
		if (cmd_has(m, algos[a].name))
			break;
	if (a == AUTH_ALGO_MAX)
		a = AUTH_MD5;
	if (strlen(key) > algos[a].maxkey) {
		vty_out(vty, "%% Key is longer than %u characters\n",
		    algos[a].maxkey);
		return CMD_WARNING;
	}
	if (k == NULL) {
		if (i->nkeys == OSPF_AUTH_KEYS) {
			vty_out(vty, "%% At most %d keys per interface\n",
			    OSPF_AUTH_KEYS);
			return CMD_WARNING;
		}
		k = &i->keys[i->nkeys++];
	} else if (!vty_is_config_load(vty) && k->algo == a &&
	    strcmp(k->key, key) == 0)
		return CMD_SUCCESS;
	memset(k, 0, sizeof(*k));
	k->id = (uint8_t)id;
	k->algo = (uint8_t)a;
	k->len = (uint8_t)strlen(key);
	memcpy(k->key, key, k->len);
	auth_changed(arg, i);
	return CMD_SUCCESS;
}

void
auth_conf_write(struct buf *b, const struct ospf_ifconf *i)
{
	unsigned	 n;

	if (i->auth == OSPF_AUTH_SIMPLE)
		buf_printf(b, " ip ospf authentication\n");
	else if (i->auth == OSPF_AUTH_CRYPT)
		buf_printf(b, " ip ospf authentication message-digest\n");
	else if (i->auth == OSPF_AUTH_NULL)
		buf_printf(b, " ip ospf authentication null\n");
	if (i->auth_simple[0] != '\0')
		buf_printf(b, " ip ospf authentication-key %s\n",
		    i->auth_simple);
	for (n = 0; n < i->nkeys; n++)
		buf_printf(b, " ip ospf message-digest-key %u %s %s\n",
		    i->keys[n].id, algos[i->keys[n].algo].name,
		    i->keys[n].key);
}

#define HELP_IP_OSPF	"IP Information\nOSPF interface commands\n"
#define HELP_AUTH	"Enable authentication on this interface\n"
#define HELP_MDK	"Message digest authentication password (key)\n" \
			"Key ID\n"

static const struct cmd_def auth_cmds[] = {
	{ "ip ospf authentication [<message-digest|null>]", HELP_IP_OSPF
	    HELP_AUTH "Use message-digest authentication\n"
	    "Use null authentication", cmd_auth, 0 },
	{ "no ip ospf authentication [<message-digest|null>]",
	    "Negate a command or set its defaults\n" HELP_IP_OSPF HELP_AUTH
	    "Use message-digest authentication\nUse null authentication",
	    cmd_auth, 0 },
	{ "ip ospf authentication-key AUTH_KEY", HELP_IP_OSPF
	    "Authentication password (key)\n"
	    "The OSPF password (key)", cmd_auth_key, CMD_F_SECRET },
	{ "no ip ospf authentication-key [AUTH_KEY]",
	    "Negate a command or set its defaults\n" HELP_IP_OSPF
	    "Authentication password (key)\nThe OSPF password (key)",
	    cmd_auth_key, 0 },
	{ "ip ospf message-digest-key (1-255)$id "
	    "<md5|hmac-sha-1|hmac-sha-256|hmac-sha-384|hmac-sha-512> KEY",
	    HELP_IP_OSPF HELP_MDK "Use MD5 algorithm\n"
	    "Use HMAC-SHA-1 (RFC 5709)\nUse HMAC-SHA-256 (RFC 5709)\n"
	    "Use HMAC-SHA-384 (RFC 5709)\nUse HMAC-SHA-512 (RFC 5709)\n"
	    "The OSPF password (key)", cmd_md_key, CMD_F_SECRET },
	{ "no ip ospf message-digest-key (1-255)$id",
	    "Negate a command or set its defaults\n" HELP_IP_OSPF HELP_MDK,
	    cmd_md_key, 0 },
};

int
auth_vty_install(struct ospfd *od, int if_node)
{
	return vty_install(od->vs, if_node, auth_cmds,
	    sizeof(auth_cmds) / sizeof(auth_cmds[0]));
}
