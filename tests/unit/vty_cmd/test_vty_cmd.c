/*
 * Unit tests for the command grammar (lib/vty/cmd.h) against a realistic
 * set: FRRouting 8.4's ospfd and zebra commands as listed in
 * shared/spec/vty-frr.md a.3, plus the exec commands every node has; and
 * every syntax string of that list as tests/unit/vty_cmd/frr_commands.txt
 * holds it (test_vty_cmd FRR-COMMANDS-FILE [SPEC-FILE]).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "cmd.h"
#include "cmd_graph.h"

static const char	*frr_list_path;	/* argv[1] */
static const char	*spec_path;	/* argv[2], may be missing */

/* Commands given without help get one line per token: "<token> help". */
struct tcmd {
	const char	*syntax;
	const char	*help;
	uint32_t	 flags;
};

static const struct tcmd realistic[] = {
	{ "show ip ospf [vrf <NAME|all>] [json]",
	  "Show running system information\nIP information\n"
	  "OSPF information\nSpecify the VRF\nThe VRF name\n"
	  "All VRFs\nJavaScript Object Notation\n", 0 },
	{ "show ip ospf [vrf <NAME|all>] neighbor [json]", NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] neighbor detail [json]", NULL, 0 },
	{ "show ip ospf neighbor A.B.C.D$nbr [detail] [json]",
	  "Show\nIP\nOSPF\nNeighbor list\nNeighbor ID\n"
	  "Detailed output\nJSON\n", 0 },
	{ "show ip ospf [vrf <NAME>] neighbor IFNAME [json]", NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] neighbor [detail] all [json]",
	  NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] interface [INTERFACE] [json]",
	  NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] interface traffic [INTERFACE] [json]",
	  NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] database [<asbr-summary|external|"
	  "network|router|summary|nssa-external|opaque-link|opaque-area|"
	  "opaque-as>$type [A.B.C.D$lsid [<self-originate|adv-router "
	  "A.B.C.D$adv>]]] [json]", NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] database <max-age|self-originate> "
	  "[json]", NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] database <asbr-summary|external|"
	  "network|router|summary|nssa-external|opaque-link|opaque-area|"
	  "opaque-as>$type <adv-router A.B.C.D$adv|self-originate> [json]",
	  NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] route [json]", NULL, 0 },
	{ "show ip ospf [vrf <NAME|all>] border-routers", NULL, 0 },
	{ "show ip ospf router-info [json]", NULL, 0 },
	{ "show ip ospf reachable-routers", NULL, 0 },
	{ "show ip route [<ospf|kernel|connected|static>$proto|A.B.C.D$addr|"
	  "A.B.C.D/M$prefix] [json]", NULL, 0 },
	{ "show running-config", NULL, 0 },
	{ "write terminal", NULL, 0 },
	{ "show version", NULL, 0 },
	{ "show history", NULL, 0 },
	{ "show debugging", NULL, CMD_F_HIDDEN },
	{ "who", NULL, 0 },
	{ "list", NULL, 0 },
	{ "terminal length (0-512)$lines", NULL, 0 },
	{ "terminal no length", NULL, 0 },
	{ "enable", NULL, 0 },
	{ "disable", NULL, 0 },
	{ "configure [terminal]", NULL, 0 },
	{ "write [memory|file]", NULL, 0 },
	{ "copy running-config startup-config", NULL, 0 },
	/* router ospf */
	{ "router ospf", NULL, 0 },
	{ "ospf router-id A.B.C.D$id", NULL, 0 },
	{ "network A.B.C.D/M$prefix area <A.B.C.D|(0-4294967295)>$area",
	  NULL, 0 },
	{ "passive-interface IFNAME", NULL, 0 },
	{ "passive-interface default", NULL, 0 },
	{ "area <A.B.C.D|(0-4294967295)>$area stub [no-summary]", NULL, 0 },
	{ "area <A.B.C.D|(0-4294967295)>$area range A.B.C.D/M "
	  "[not-advertise|cost (0-16777215)$cost]", NULL, 0 },
	{ "area <A.B.C.D|(0-4294967295)>$area authentication "
	  "[message-digest]", NULL, 0 },
	{ "redistribute <kernel|connected|static|rip|bgp>$proto "
	  "[metric-type (1-2)$mtype] [metric (0-16777214)$metric] "
	  "[route-map WORD$rmap]", NULL, 0 },
	{ "default-information originate [{always|metric (0-16777214)$metric|"
	  "metric-type (1-2)$mtype|route-map RMAP_NAME$rmap}]", NULL, 0 },
	{ "default-metric (0-16777214)", NULL, 0 },
	{ "distance (1-255)", NULL, 0 },
	{ "maximum-paths (1-64)", NULL, 0 },
	{ "timers throttle spf (0-600000)$delay (0-600000)$init "
	  "(0-600000)$max", NULL, 0 },
	{ "timers throttle lsa all (0-5000)", NULL, 0 },
	{ "log-adjacency-changes [detail]", NULL, 0 },
	{ "max-metric router-lsa [on-startup (5-86400)|on-shutdown (5-100)|"
	  "administrative]", NULL, 0 },
	{ "write-multiplier (1-100)", NULL, 0 },
	/* interface */
	{ "interface IFNAME", NULL, 0 },
	{ "ip ospf cost (1-65535)$cost", NULL, 0 },
	{ "ip ospf hello-interval (1-65535)", NULL, 0 },
	{ "ip ospf dead-interval <(1-65535)$dead|minimal hello-multiplier "
	  "(2-20)$mult>", NULL, 0 },
	{ "ip ospf priority (0-255)", NULL, 0 },
	{ "ip ospf network <broadcast|non-broadcast|point-to-multipoint|"
	  "point-to-point>$type", NULL, 0 },
	{ "ip ospf passive [A.B.C.D]", NULL, 0 },
	{ "ip ospf mtu-ignore", NULL, 0 },
	{ "ip ospf authentication [message-digest|null]", NULL, 0 },
	{ "ip ospf authentication-key AUTH_KEY", NULL, 0 },
	{ "ip ospf message-digest-key (1-255) md5 KEY", NULL, 0 },
	{ "ip ospf area <A.B.C.D|(0-4294967295)>$area", NULL, 0 },
	{ "ipv6 ospf6 area X:X::X:X$a [X:X::X:X/M$p]", NULL, 0 },
	/* global and line vty */
	{ "hostname WORD", NULL, 0 },
	{ "banner motd <default|line LINE|file FILE>", NULL, 0 },
	{ "log file FILENAME [LEVEL]", NULL, 0 },
	{ "exec-timeout (0-35791)$min [(0-2147483)$sec]", NULL, 0 },
	{ "no login", NULL, 0 },
};
#define NREALISTIC	(sizeof(realistic) / sizeof(realistic[0]))

struct fixture {
	struct cmd_set	*set;
	struct cmd_def	 defs[NREALISTIC];
	char		*helps[NREALISTIC];
	struct cmd_match m;
};

/* One "<token> help" line per token: split on brackets, bars, spaces. */
static char *
auto_help(const char *syntax)
{
	char	*h = malloc(strlen(syntax) * 8 + 16), *o = h;
	const char *p = syntax;

	while (*p) {
		size_t	 n;

		if (strchr(" []<>{}|", *p)) {
			p++;
			continue;
		}
		n = strcspn(p, " []<>{}|");
		if (strncmp(p + n, "[/M]", 4) == 0)	/* A.B.C.D[/M] */
			n += 4;
		if (*p != '$')	/* a group's name, not a token */
			o += sprintf(o, "%.*s help\n", (int)n, p);
		p += n;
	}
	*o = '\0';
	return h;
}

static int
setup(void **state)
{
	struct fixture	*f = calloc(1, sizeof(*f));
	char		 err[256];
	unsigned	 i;

	f->set = cmd_set_new();
	for (i = 0; i < NREALISTIC; i++) {
		f->defs[i].syntax = realistic[i].syntax;
		f->defs[i].flags = realistic[i].flags;
		if (realistic[i].help)
			f->defs[i].help = realistic[i].help;
		else
			f->defs[i].help = f->helps[i] =
			    auto_help(realistic[i].syntax);
		if (cmd_set_add(f->set, &f->defs[i], err, sizeof(err)) != 0)
			fail_msg("%s", err);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	unsigned	 i;

	cmd_set_free(f->set);
	for (i = 0; i < NREALISTIC; i++)
		free(f->helps[i]);
	free(f);
	return 0;
}

static enum cmd_verdict
match(struct fixture *f, const char *line, size_t *errpos)
{
	const struct cmd_set *const sets[] = { f->set };
	size_t	 ep;

	return cmd_match(sets, 1, line, &f->m, errpos ? errpos : &ep);
}

static void
assert_match(struct fixture *f, const char *line, const char *syntax)
{
	enum cmd_verdict v = match(f, line, NULL);

	if (v != CMD_MATCH_OK)
		fail_msg("\"%s\": verdict %d, wanted OK", line, v);
	assert_string_equal(f->m.def->syntax, syntax);
}

static void
assert_unknown(struct fixture *f, const char *line, size_t want)
{
	size_t	 errpos = 12345;

	assert_int_equal(match(f, line, &errpos), CMD_MATCH_UNKNOWN);
	if (errpos != want)
		fail_msg("\"%s\": errpos %zu, wanted %zu", line, errpos, want);
}

/* The i-th realistic syntax that starts with s. */
static const char *
syn(const char *s)
{
	unsigned	 i;

	for (i = 0; i < NREALISTIC; i++)
		if (strncmp(realistic[i].syntax, s, strlen(s)) == 0)
			return realistic[i].syntax;
	fail_msg("no syntax %s", s);
	return NULL;
}

static void
test_abbrev(void **state)
{
	struct fixture	*f = *state;

	assert_match(f, "sh ip os nei",
	    "show ip ospf [vrf <NAME|all>] neighbor [json]");
	assert_int_equal(f->m.nvals, 4);
	assert_string_equal(f->m.vals[0].text, "show");
	assert_string_equal(f->m.vals[2].text, "ospf");
	assert_string_equal(f->m.vals[3].text, "neighbor");
	assert_int_equal(f->m.vals[3].type, CMD_TOK_KEYWORD);
	assert_true(cmd_has(&f->m, "neighbor"));
	assert_false(cmd_has(&f->m, "json"));
	assert_match(f, "  sh\tip   os nei   j  ",
	    "show ip ospf [vrf <NAME|all>] neighbor [json]");
	assert_true(cmd_has(&f->m, "json"));
	assert_match(f, "conf t", "configure [terminal]");
	assert_match(f, "conf", "configure [terminal]");
	assert_match(f, "wr", "write [memory|file]");
	assert_match(f, "write t", "write terminal");
	assert_match(f, "copy run st", "copy running-config startup-config");
	/* Keywords are lower case; "SHOW" is not an abbreviation. */
	assert_unknown(f, "SHOW ip", 0);
}

static void
test_ambiguous(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(match(f, "show ip ospf r", NULL),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(match(f, "show ip ospf rou", NULL),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(match(f, "s ip", NULL), CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "show ip ospf neighbor d", NULL),
	    CMD_MATCH_OK);	/* detail beats IFNAME, as in FRR */
	/* An exact keyword beats its longer rivals. */
	assert_match(f, "show ip ospf route",
	    "show ip ospf [vrf <NAME|all>] route [json]");
	assert_match(f, "sh ip os route j",
	    "show ip ospf [vrf <NAME|all>] route [json]");
	assert_match(f, "show ip ospf router-info",
	    "show ip ospf router-info [json]");
	assert_match(f, "ip ospf authentication",
	    "ip ospf authentication [message-digest|null]");
	assert_match(f, "ip ospf authentication-key s3cret",
	    "ip ospf authentication-key AUTH_KEY");
	/*
	 * "ip ospf a" may start area, authentication or authentication-key,
	 * but only one of them is complete, and FRR runs that one.
	 */
	assert_match(f, "ip ospf a",
	    "ip ospf authentication [message-digest|null]");
	assert_int_equal(match(f, "write", NULL), CMD_MATCH_OK);
}

static void
test_values(void **state)
{
	struct fixture		*f = *state;
	const struct cmd_value	*v;

	assert_match(f, "show ip ospf neighbor 10.0.0.1 detail json",
	    "show ip ospf neighbor A.B.C.D$nbr [detail] [json]");
	assert_int_equal(f->m.nvals, 7);
	assert_non_null(v = cmd_get(&f->m, "nbr"));
	assert_int_equal(v->type, CMD_TOK_IPV4);
	assert_string_equal(v->text, "10.0.0.1");
	assert_int_equal(ntohl(v->u.v4.s_addr), 0x0a000001);
	assert_string_equal(cmd_str(&f->m, "detail"), "detail");
	assert_true(cmd_has(&f->m, "json"));
	assert_null(cmd_get(&f->m, "A.B.C.D"));
	assert_null(cmd_str(&f->m, "nosuch"));

	/* IFNAME catches what is not an address. */
	assert_match(f, "show ip ospf neighbor eth0 json",
	    "show ip ospf [vrf <NAME>] neighbor IFNAME [json]");
	assert_string_equal(cmd_str(&f->m, "IFNAME"), "eth0");
	assert_match(f, "show ip ospf neighbor all",
	    "show ip ospf [vrf <NAME|all>] neighbor [detail] all [json]");
	assert_match(f, "show ip ospf neighbor detail all",
	    "show ip ospf [vrf <NAME|all>] neighbor [detail] all [json]");
	assert_match(f, "show ip ospf neighbor detail",
	    "show ip ospf [vrf <NAME|all>] neighbor detail [json]");

	assert_match(f, "timers throttle spf 0 50 5000",
	    syn("timers throttle spf"));
	assert_int_equal(cmd_get(&f->m, "delay")->u.num, 0);
	assert_int_equal(cmd_get(&f->m, "init")->u.num, 50);
	assert_int_equal(cmd_get(&f->m, "max")->u.num, 5000);
	assert_int_equal(cmd_get(&f->m, "max")->type, CMD_TOK_RANGE);

	assert_match(f, "ipv6 ospf6 area 2001:db8::1 2001:db8::1/32",
	    syn("ipv6 ospf6"));
	v = cmd_get(&f->m, "p");
	assert_int_equal(v->type, CMD_TOK_IPV6_PREFIX);
	assert_int_equal(v->u.p6.len, 32);
	assert_string_equal(v->text, "2001:db8::1/32");
	assert_int_equal(v->u.p6.addr.s6_addr[15], 0);	/* masked */
	assert_int_equal(cmd_get(&f->m, "a")->u.v6.s6_addr[15], 1);
}

static void
test_incomplete(void **state)
{
	struct fixture	*f = *state;

	assert_int_equal(match(f, "show ip", NULL), CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "show", NULL), CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "terminal length", NULL),
	    CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "copy running-config", NULL),
	    CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "show ip ospf vrf", NULL),
	    CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "timers throttle spf 1 2", NULL),
	    CMD_MATCH_INCOMPLETE);
	assert_int_equal(match(f, "", NULL), CMD_MATCH_EMPTY);
	assert_int_equal(match(f, "   \t ", NULL), CMD_MATCH_EMPTY);
	assert_int_equal(match(f, "! router ospf", NULL), CMD_MATCH_EMPTY);
	assert_int_equal(match(f, "  # comment", NULL), CMD_MATCH_EMPTY);
}

static void
test_unknown(void **state)
{
	struct fixture	*f = *state;
	char		 line[1024];
	int		 i, n = 0;

	assert_unknown(f, "foo", 0);
	assert_unknown(f, "foo bar", 0);
	assert_unknown(f, "show ip foo", 8);
	assert_unknown(f, "  show   bogus", 9);
	assert_unknown(f, "show ipx", 5);
	assert_unknown(f, "show ip ospf route json extra", 24);
	assert_unknown(f, "show ip ospf neighbor 10.0.0.1 json detail", 36);
	assert_unknown(f, "router ospf now", 12);
	/* Addresses are strict. */
	assert_unknown(f, "ospf router-id 10.0.0", 15);
	assert_unknown(f, "ospf router-id 10.0.0.01", 15);
	assert_unknown(f, "ospf router-id 10.0.0.256", 15);
	assert_unknown(f, "network 10.0.0.0/33 area 0", 8);
	/* Too many words. */
	for (i = 0; i < CMD_MAX_WORDS + 1; i++)
		n += sprintf(line + n, "w ");
	assert_unknown(f, line, 2 * CMD_MAX_WORDS);
}

static void
test_ranges(void **state)
{
	struct fixture	*f = *state;
	struct cmd_set	*set = cmd_set_new();
	const struct cmd_set *const sets[] = { set };
	struct cmd_def	 big = { "bignum (0-18446744073709551615)$n",
			    "big\nnumber", NULL, 0 };
	struct cmd_def	 mid = { "mid (10-20)", "mid\nnumber", NULL, 0 };
	char		 err[128];
	size_t		 ep;

	assert_match(f, "terminal length 512", syn("terminal length"));
	assert_int_equal(cmd_get(&f->m, "lines")->u.num, 512);
	assert_match(f, "terminal length 0", syn("terminal length"));
	assert_unknown(f, "terminal length 513", 16);
	assert_unknown(f, "terminal length -1", 16);
	assert_unknown(f, "terminal length 1x", 16);
	assert_unknown(f, "ip ospf cost 0", 13);
	assert_unknown(f, "ip ospf cost 65536", 13);
	assert_match(f, "ip ospf cost 65535", syn("ip ospf cost"));
	assert_match(f, "ip ospf dead-interval 40",
	    syn("ip ospf dead-interval"));
	assert_int_equal(cmd_get(&f->m, "dead")->u.num, 40);
	assert_match(f, "ip ospf dead-interval minimal hello 4",
	    syn("ip ospf dead-interval"));
	assert_int_equal(cmd_get(&f->m, "mult")->u.num, 4);
	assert_unknown(f, "ip ospf dead-interval minimal hello 21", 36);

	assert_int_equal(cmd_set_add(set, &big, err, sizeof(err)), 0);
	assert_int_equal(cmd_set_add(set, &mid, err, sizeof(err)), 0);
	assert_int_equal(cmd_match(sets, 1, "bignum 18446744073709551615",
	    &f->m, &ep), CMD_MATCH_OK);
	assert_true(cmd_get(&f->m, "n")->u.num == UINT64_MAX);
	assert_int_equal(cmd_match(sets, 1, "bignum 18446744073709551616",
	    &f->m, &ep), CMD_MATCH_UNKNOWN);
	assert_int_equal(ep, 7);
	assert_int_equal(cmd_match(sets, 1, "mid 9", &f->m, &ep),
	    CMD_MATCH_UNKNOWN);
	assert_int_equal(cmd_match(sets, 1, "mid 10", &f->m, &ep),
	    CMD_MATCH_OK);
	cmd_set_free(set);
}

static void
test_area_alternatives(void **state)
{
	struct fixture		*f = *state;
	const struct cmd_value	*v;

	assert_match(f, "network 10.0.0.0/8 area 0", syn("network"));
	v = cmd_get(&f->m, "area");
	assert_int_equal(v->type, CMD_TOK_RANGE);
	assert_int_equal(v->u.num, 0);
	assert_match(f, "network 10.1.2.3/8 area 0.0.0.1", syn("network"));
	v = cmd_get(&f->m, "area");
	assert_int_equal(v->type, CMD_TOK_IPV4);
	assert_int_equal(ntohl(v->u.v4.s_addr), 1);
	v = cmd_get(&f->m, "prefix");
	assert_string_equal(v->text, "10.1.2.3/8");	/* as typed */
	assert_int_equal(ntohl(v->u.p4.addr.s_addr), 0x0a000000);
	assert_int_equal(v->u.p4.len, 8);
	assert_match(f, "network 10.0.0.0/8 area 4294967295", syn("network"));
	assert_unknown(f, "network 10.0.0.0/8 area 4294967296", 24);
	assert_unknown(f, "network 10.0.0.0 area 0", 8);
	assert_match(f, "area 1 range 10.0.0.0/8 cost 5", syn("area <A.B.C.D|"
	    "(0-4294967295)>$area range"));
	assert_int_equal(cmd_get(&f->m, "cost")->u.num, 5);
	assert_match(f, "area 0.0.0.1 stub no-summary",
	    syn("area <A.B.C.D|(0-4294967295)>$area stub"));
}

static void
test_line(void **state)
{
	struct fixture		*f = *state;
	const struct cmd_value	*v;

	assert_match(f, "banner motd line Hello,   big\tworld  ",
	    syn("banner"));
	assert_int_equal(f->m.nvals, 4);
	v = cmd_get(&f->m, "LINE");
	assert_int_equal(v->type, CMD_TOK_LINE);
	assert_string_equal(v->text, "Hello, big world");
	assert_match(f, "banner motd line x", syn("banner"));
	assert_string_equal(cmd_str(&f->m, "LINE"), "x");
	/* LINE takes keywords and numbers too. */
	assert_match(f, "banner motd line default 10.0.0.1 line",
	    syn("banner"));
	assert_string_equal(cmd_str(&f->m, "LINE"), "default 10.0.0.1 line");
	assert_int_equal(match(f, "banner motd line", NULL),
	    CMD_MATCH_INCOMPLETE);
	assert_match(f, "banner motd default", syn("banner"));
	assert_null(cmd_get(&f->m, "LINE"));
	assert_unknown(f, "banner motd default x", 20);
}

static void
test_optional_middle(void **state)
{
	struct fixture	*f = *state;

	assert_match(f, "show ip ospf vrf red neighbor",
	    "show ip ospf [vrf <NAME|all>] neighbor [json]");
	assert_string_equal(cmd_str(&f->m, "NAME"), "red");
	assert_false(cmd_has(&f->m, "all"));
	/* "all" is a keyword there, not a NAME. */
	assert_match(f, "show ip ospf vrf all neighbor detail",
	    "show ip ospf [vrf <NAME|all>] neighbor detail [json]");
	assert_true(cmd_has(&f->m, "all"));
	assert_false(cmd_has(&f->m, "NAME"));
	assert_match(f, "show ip ospf vrf blue interface traffic eth0 json",
	    syn("show ip ospf [vrf <NAME|all>] interface traffic"));
	assert_string_equal(cmd_str(&f->m, "INTERFACE"), "eth0");
	assert_match(f, "show ip ospf interface traffic",
	    syn("show ip ospf [vrf <NAME|all>] interface traffic"));
	assert_match(f, "show ip ospf interface tr",
	    syn("show ip ospf [vrf <NAME|all>] interface traffic"));
	assert_match(f, "show ip ospf interface eth0",
	    syn("show ip ospf [vrf <NAME|all>] interface [INTERFACE]"));
	assert_match(f, "exec-timeout 5", syn("exec-timeout"));
	assert_false(cmd_has(&f->m, "sec"));
	assert_match(f, "exec-timeout 0 0", syn("exec-timeout"));
	assert_int_equal(cmd_get(&f->m, "sec")->u.num, 0);
	assert_match(f, "redistribute kernel route-map RM1", syn("redis"));
	assert_string_equal(cmd_str(&f->m, "rmap"), "RM1");
	assert_unknown(f, "redistribute kernel route-map RM1 metric 2", 34);
	assert_match(f, "max-metric router-lsa", syn("max-metric"));
	assert_match(f, "max-metric router-lsa on-startup 100",
	    syn("max-metric"));
}

static void
test_nested(void **state)
{
	struct fixture	*f = *state;
	const char	*db1 = syn("show ip ospf [vrf <NAME|all>] database "
			    "[");
	const char	*db3 = syn("show ip ospf [vrf <NAME|all>] database "
			    "<asbr");

	assert_match(f, "show ip ospf database", db1);
	assert_match(f, "show ip ospf database router", db1);
	assert_string_equal(cmd_str(&f->m, "type"), "router");
	assert_match(f, "show ip ospf database router 1.1.1.1 adv-router "
	    "2.2.2.2 json", db1);
	assert_string_equal(cmd_str(&f->m, "lsid"), "1.1.1.1");
	assert_string_equal(cmd_str(&f->m, "adv"), "2.2.2.2");
	assert_true(cmd_has(&f->m, "json"));
	assert_match(f, "show ip ospf database net 1.1.1.1 self", db1);
	assert_string_equal(cmd_str(&f->m, "type"), "network");
	assert_true(cmd_has(&f->m, "self-originate"));
	assert_match(f, "show ip ospf database router adv-router 2.2.2.2", db3);
	assert_null(cmd_get(&f->m, "lsid"));
	assert_match(f, "show ip ospf database external self-originate", db3);
	assert_match(f, "show ip ospf vrf all database max-age json",
	    syn("show ip ospf [vrf <NAME|all>] database <max-age"));
	/* "opaque-a" is opaque-area or opaque-as. */
	assert_int_equal(match(f, "show ip ospf database opaque-a", NULL),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(match(f, "show ip ospf database router adv-router",
	    NULL), CMD_MATCH_INCOMPLETE);
	assert_unknown(f, "show ip ospf database router 1.1.1.1 json 2", 42);
}

static void
test_names(void **state)
{
	struct fixture		*f = *state;
	const struct cmd_value	*v;

	assert_match(f, "show ip route kernel", syn("show ip route"));
	assert_string_equal(cmd_str(&f->m, "proto"), "kernel");
	assert_match(f, "show ip route con json", syn("show ip route"));
	v = cmd_get(&f->m, "proto");
	assert_int_equal(v->type, CMD_TOK_KEYWORD);
	assert_string_equal(v->text, "connected");
	assert_true(cmd_has(&f->m, "json"));
	assert_match(f, "show ip route 10.0.0.0/8", syn("show ip route"));
	assert_null(cmd_get(&f->m, "proto"));
	assert_string_equal(cmd_str(&f->m, "prefix"), "10.0.0.0/8");
	assert_match(f, "show ip route 10.0.0.1", syn("show ip route"));
	assert_string_equal(cmd_str(&f->m, "addr"), "10.0.0.1");
	assert_match(f, "show ip route", syn("show ip route"));
	assert_int_equal(f->m.nvals, 3);
	assert_match(f, "ip ospf network point-to-point", syn("ip ospf net"));
	assert_string_equal(cmd_str(&f->m, "type"), "point-to-point");
	assert_int_equal(match(f, "ip ospf network point", NULL),
	    CMD_MATCH_AMBIGUOUS);
}

static void
test_keyword_group(void **state)
{
	struct fixture	*f = *state;
	const char	*s = syn("default-information");

	assert_match(f, "default-information originate", s);
	assert_match(f, "default-information originate always", s);
	assert_match(f, "default-information originate metric 10 always "
	    "metric-type 2 route-map RM", s);
	assert_int_equal(cmd_get(&f->m, "metric")->u.num, 10);
	assert_int_equal(cmd_get(&f->m, "mtype")->u.num, 2);
	assert_string_equal(cmd_str(&f->m, "rmap"), "RM");
	assert_match(f, "default-information originate route-map RM always",
	    s);
	assert_unknown(f, "default-information originate always always", 37);
	assert_unknown(f, "default-information originate metric 1 metric 2",
	    39);
}

static void
test_exact_beats_word(void **state)
{
	struct fixture	*f = *state;
	struct cmd_set	*set = cmd_set_new();
	const struct cmd_set *const sets[] = { set };
	struct cmd_def	 defs[] = {
		{ "interface lo", "Interface\nLoopback", NULL, 0 },
		{ "interface WORD", "Interface\nName", NULL, 0 },
		{ "echo <WORD|NAME>", "Echo\nA\nB", NULL, 0 },
		{ "twice [x] [x]", "Twice\nx\nx", NULL, 0 },
		{ "one (1-10)", "One\nnumber", NULL, 0 },
		{ "one WORD", "One\nword", NULL, 0 },
		{ "one 7x", "One\nseven", NULL, 0 },
	};
	char		 err[128];
	size_t		 ep;
	unsigned	 i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		assert_int_equal(cmd_set_add(set, &defs[i], err, sizeof(err)),
		    0);
	assert_int_equal(cmd_match(sets, 1, "interface lo", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[0]);
	/* FRR: even an abbreviated keyword beats a variable. */
	assert_int_equal(cmd_match(sets, 1, "int l", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[0]);
	assert_int_equal(cmd_match(sets, 1, "interface lo0", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[1]);
	assert_string_equal(cmd_str(&f->m, "WORD"), "lo0");
	/* Two equal variables: ambiguous, as in FRR. */
	assert_int_equal(cmd_match(sets, 1, "echo hi", &f->m, &ep),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(cmd_match(sets, 1, "twice x", &f->m, &ep),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(cmd_match(sets, 1, "twice x x", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_int_equal(cmd_match(sets, 1, "twice", &f->m, &ep),
	    CMD_MATCH_OK);
	/* A range beats a WORD; a keyword beats a WORD. */
	assert_int_equal(cmd_match(sets, 1, "one 5", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[4]);
	assert_int_equal(cmd_match(sets, 1, "one 11", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[5]);
	assert_int_equal(cmd_match(sets, 1, "one 7", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[4]);
	assert_int_equal(cmd_match(sets, 1, "one 7x", &f->m, &ep),
	    CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[6]);
	cmd_set_free(set);
}

static void
test_sets(void **state)
{
	struct fixture	*f = *state;
	struct cmd_set	*a = cmd_set_new(), *b = cmd_set_new();
	const struct cmd_set *const ab[] = { a, NULL, b };
	struct cmd_def	 end = { "end", "End", NULL, 0 };
	struct cmd_def	 end2 = { "end", "End too", NULL, 0 };
	struct cmd_def	 exit = { "exit", "Exit", NULL, 0 };
	char		 err[128];
	size_t		 ep;

	assert_int_equal(cmd_set_add(a, &end, err, sizeof(err)), 0);
	assert_int_equal(cmd_set_add(b, &end, err, sizeof(err)), 0);
	assert_int_equal(cmd_set_add(b, &exit, err, sizeof(err)), 0);
	/* The same def in two sets is one command. */
	assert_int_equal(cmd_match(ab, 3, "end", &f->m, &ep), CMD_MATCH_OK);
	assert_int_equal(cmd_match(ab, 3, "ex", &f->m, &ep), CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &exit);
	assert_int_equal(cmd_match(ab, 3, "e", &f->m, &ep),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(cmd_set_add(a, &end2, err, sizeof(err)), 0);
	assert_int_equal(cmd_match(ab, 3, "end", &f->m, &ep),
	    CMD_MATCH_AMBIGUOUS);
	assert_int_equal(cmd_match(ab, 0, "end", &f->m, &ep),
	    CMD_MATCH_UNKNOWN);
	cmd_set_free(a);
	cmd_set_free(b);
}

static int
describe(struct fixture *f, const char *line, struct cmd_help *h,
    unsigned max)
{
	const struct cmd_set *const sets[] = { f->set };

	return cmd_describe(sets, 1, line, h, max);
}

/* Compare the tokens listed with a space-separated expectation. */
static void
assert_describe(struct fixture *f, const char *line, const char *want)
{
	struct cmd_help	 h[64];
	char		 got[2048] = "";
	int		 n, i;

	n = describe(f, line, h, 64);
	if (n < 0)
		fail_msg("describe \"%s\": -1", line);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, h[i].token);
		assert_non_null(h[i].help);
	}
	if (strcmp(got, want) != 0)
		fail_msg("describe \"%s\": got \"%s\", wanted \"%s\"", line,
		    got, want);
}

static void
test_describe(void **state)
{
	struct fixture	*f = *state;
	struct cmd_help	 h[64];
	int		 n;

	assert_describe(f, "show ip ospf ", "border-routers database "
	    "interface json neighbor reachable-routers route router-info "
	    "vrf <cr>");
	assert_describe(f, "show ip ospf r",
	    "reachable-routers route router-info");
	assert_describe(f, "sh ip os nei ", "A.B.C.D IFNAME all detail json "
	    "<cr>");
	assert_describe(f, "show ip ospf neighbor", "neighbor");
	assert_describe(f, "show ip ospf neighbor 1", "A.B.C.D IFNAME");
	assert_describe(f, "show ip ospf neighbor 10.0.0.1 ", "detail json "
	    "<cr>");
	assert_describe(f, "terminal length ", "(0-512)");
	assert_describe(f, "terminal length 6", "(0-512)");
	assert_describe(f, "terminal length 51", "(0-512)");
	assert_describe(f, "terminal length 513", "");
	assert_describe(f, "terminal length 60 ", "<cr>");
	assert_describe(f, "show ip route 10.", "A.B.C.D A.B.C.D/M");
	assert_describe(f, "show ip route 10.0.0.0/", "A.B.C.D/M");
	assert_describe(f, "show ip route 300", "");
	assert_describe(f, "show ip route c", "connected");
	assert_describe(f, "show ip route ", "A.B.C.D A.B.C.D/M connected "
	    "json kernel ospf static <cr>");
	assert_describe(f, "network 10.0.0.0/8 area ",
	    "(0-4294967295) A.B.C.D");
	assert_describe(f, "banner motd line hi ", "LINE <cr>");
	assert_describe(f, "ipv6 ospf6 area 20", "X:X::X:X");
	assert_describe(f, "configure ", "terminal <cr>");
	/* Hidden commands stay hidden; help comes from the right token. */
	assert_describe(f, "show ", "history ip running-config version");
	assert_describe(f, "show d", "");
	assert_int_equal(describe(f, "show debugging ", h, 64), -1);
	assert_int_equal(describe(f, "bogus ", h, 64), -1);
	assert_int_equal(describe(f, "show ip bogus ", h, 64), -1);
	assert_int_equal(describe(f, "show ip bogus", h, 64), 0);
	n = describe(f, "show ip ospf ", h, 64);
	assert_int_equal(n, 10);
	assert_string_equal(h[8].token, "vrf");
	assert_string_equal(h[8].help, "Specify the VRF");
	assert_string_equal(h[9].token, "<cr>");
	assert_string_equal(h[9].help, "");
	n = describe(f, "show ip ospf neighbor 1", h, 64);
	assert_string_equal(h[0].help, "Neighbor ID");
	/* A short array keeps the first entries and <cr>. */
	n = describe(f, "show ip ospf ", h, 3);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].token, "border-routers");
	assert_string_equal(h[1].token, "database");
	assert_string_equal(h[2].token, "<cr>");
	/* The empty line lists every first word. */
	n = describe(f, "", h, 64);
	assert_true(n > 20);
	assert_string_equal(h[0].token, "area");
}

static void
assert_complete(struct fixture *f, const char *line, const char *want)
{
	const struct cmd_set *const sets[] = { f->set };
	const char	*out[64];
	char		 got[2048] = "";
	int		 n, i;

	n = cmd_complete(sets, 1, line, out, 64);
	if (n < 0)
		fail_msg("complete \"%s\": -1", line);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(got, " ");
		strcat(got, out[i]);
	}
	if (strcmp(got, want) != 0)
		fail_msg("complete \"%s\": got \"%s\", wanted \"%s\"", line,
		    got, want);
}

static void
test_complete(void **state)
{
	struct fixture	*f = *state;
	const struct cmd_set *const sets[] = { f->set };
	const char	*out[4];

	assert_complete(f, "sh", "show");
	assert_complete(f, "show ip ospf r", "reachable-routers route "
	    "router-info");
	assert_complete(f, "show ip ospf nei", "neighbor");
	assert_complete(f, "write ", "file memory terminal");
	assert_complete(f, "co", "configure copy");
	assert_complete(f, "show ip ospf neighbor ", "all detail json");
	assert_complete(f, "terminal length ", "");
	assert_complete(f, "show ip ospf database opaque-a",
	    "opaque-area opaque-as");
	assert_complete(f, "show de", "");	/* hidden */
	assert_complete(f, "ip ospf a", "area authentication "
	    "authentication-key");
	assert_int_equal(cmd_complete(sets, 1, "bogus x", out, 4), -1);
	assert_int_equal(cmd_complete(sets, 1, "show ip ospf ", out, 4), 4);
	assert_string_equal(out[3], "json");
}

static void
add_fails(const char *syntax, const char *help, const char *why)
{
	struct cmd_set	*set = cmd_set_new();
	struct cmd_def	 def = { syntax, help, NULL, 0 };
	char		 err[256], name[41];

	err[0] = '\0';
	if (cmd_set_add(set, &def, err, sizeof(err)) == 0)
		fail_msg("\"%s\" was accepted", syntax);
	/* The error names the command. */
	snprintf(name, sizeof(name), "%s", syntax);
	if (strstr(err, why) == NULL || strstr(err, name) == NULL)
		fail_msg("\"%s\": error \"%s\", wanted \"%s\"", syntax, err,
		    why);
	cmd_set_free(set);
}

static void
test_syntax_errors(void **state)
{
	char	 big[2048];
	int	 i, n = 0;

	add_fails("show [json", "a\nb", "unclosed bracket");
	add_fails("show <a|b", "a\nb\nc", "unclosed bracket");
	add_fails("show json]", "a\nb", "unbalanced bracket");
	add_fails("show <a|b]", "a\nb\nc", "mismatched bracket");
	add_fails("show LINE json", "a\nb\nc", "LINE must be the last");
	add_fails("show [LINE] json", "a\nb\nc", "LINE must be the last");
	add_fails("show {LINE|x}", "a\nb\nc", "LINE must be the last");
	add_fails("show (5-1)", "a\nb", "bad range");
	add_fails("show (1-)", "a\nb", "bad range");
	add_fails("show (-1-5)", "a\nb", "bad range");
	add_fails("show (1-99999999999999999999)", "a\nb", "bad range");
	add_fails("show ip", "a", "fewer help lines");
	add_fails("show ip", "a\nb\nc", "more help lines");
	add_fails("show [a|]", "a\nb", "empty alternative");
	add_fails("show []", "a", "empty alternative");
	add_fails("[json]", "a", "empty line");
	add_fails("", "", "empty syntax");
	add_fails("Show", "a", "bad token");
	add_fails("show $x", "a", "unexpected character");
	add_fails("show ip$", "a\nb", "empty $name");
	add_fails("show a|b", "a\nb\nc", "outside brackets");
	add_fails("show )", "a", "unexpected character");
	for (i = 0; i < 129; i++)
		n += sprintf(big + n, "k%d ", i);
	add_fails(big, "", "too many tokens");
	n = 0;
	for (i = 0; i < 20; i++)
		n += sprintf(big + n, "[");
	n += sprintf(big + n, "x");
	for (i = 0; i < 20; i++)
		n += sprintf(big + n, "]");
	add_fails(big, "x", "nested too deep");
}

static void
test_syntax_ok(void **state)
{
	struct cmd_set	*set = cmd_set_new();
	struct cmd_def	 defs[] = {
		/* A final newline on the help is allowed. */
		{ "a b", "A\nB\n", NULL, 0 },
		{ "b LINE...", "B\nRest", NULL, 0 },
		{ "c [<x|y z>$n [w]]", "C\nX\nY\nZ\nW", NULL, 0 },
		{ "d X:X::X:X/M (0-0)", "D\nP\nZero", NULL, 0 },
	};
	struct cmd_match *m = malloc(sizeof(*m));
	const struct cmd_set *const sets[] = { set };
	char		 err[256];
	size_t		 ep;
	unsigned	 i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (cmd_set_add(set, &defs[i], err, sizeof(err)) != 0)
			fail_msg("%s", err);
	assert_int_equal(cmd_match(sets, 1, "b x y", m, &ep), CMD_MATCH_OK);
	assert_string_equal(cmd_str(m, "LINE..."), "x y");
	assert_int_equal(cmd_match(sets, 1, "c y z w", m, &ep), CMD_MATCH_OK);
	assert_string_equal(cmd_str(m, "n"), "y");
	assert_string_equal(cmd_str(m, "z"), "z");
	assert_int_equal(cmd_match(sets, 1, "c x", m, &ep), CMD_MATCH_OK);
	assert_string_equal(cmd_str(m, "n"), "x");
	assert_int_equal(cmd_match(sets, 1, "c y", m, &ep),
	    CMD_MATCH_INCOMPLETE);
	assert_int_equal(cmd_match(sets, 1, "d ::/0 0", m, &ep),
	    CMD_MATCH_OK);
	free(m);
	cmd_set_free(set);
}

static char *
slurp(const char *path)
{
	FILE	*f;
	char	*s;
	long	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	if ((s = calloc(1, (size_t)n + 1)) != NULL &&
	    fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

/* A value that token t accepts, for spelling a line from a syntax. */
static const char *
sample(const struct cmd_tok *t, char *buf, size_t len)
{
	switch (t->type) {
	case CMD_TOK_KEYWORD:
		return t->text;
	case CMD_TOK_IPV4:
		return "10.0.0.1";
	case CMD_TOK_IPV4_PREFIX:
	case CMD_TOK_IPV4_OPT:
		return "10.0.0.0/8";
	case CMD_TOK_IPV6:
		return "2001:db8::1";
	case CMD_TOK_IPV6_PREFIX:
	case CMD_TOK_IPV6_OPT:
		return "2001:db8::/32";
	case CMD_TOK_MAC:
		return "00:11:22:33:44:55";
	case CMD_TOK_RANGE:
		snprintf(buf, len, "%llu", (unsigned long long)t->lo);
		return buf;
	case CMD_TOK_WORD:
		return "x1";
	default:
		return "some text";
	}
}

/*
 * Spell two lines of the one command in set: the shortest way through
 * (stop at the first token a line may end on) and a long one (take the
 * first token not used yet while there is one, then cut back to the last
 * token a line may end on). Both must match the command.
 */
static void
spell_and_match(const struct cmd_set *set, const char *syntax)
{
	const struct cmd_set *const sets[] = { set };
	const struct cmd_graph	*g = set->cmd[0];
	struct cmd_match	*m = malloc(sizeof(*m));
	struct cmd_tokset	 used;
	char			 line[2048], num[32];
	size_t			 n, cut, ep;
	unsigned		 t, i, pass, steps;
	uint64_t		 b;
	int			 cur, next;

	for (pass = 0; pass < 2; pass++) {
		memset(&used, 0, sizeof(used));
		n = cut = 0;
		line[0] = '\0';
		cur = -1;
		for (steps = 0; steps < g->ntok; steps++) {
			const struct cmd_tokset *from = cur < 0 ? &g->first :
			    &g->tok[cur].follow;

			next = -1;
			TOKSET_FOREACH(t, from, i, b)
				if (next < 0 && !tokset_has(&used, t))
					next = (int)t;
			if (next < 0)
				break;
			tokset_add(&used, (unsigned)next);
			n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
			    n ? " " : "", sample(&g->tok[next], num,
			    sizeof(num)));
			cur = next;
			if (tokset_has(&g->last, (unsigned)cur)) {
				cut = n;
				if (pass == 0)
					break;
			}
		}
		if (cut == 0)
			fail_msg("\"%s\": no line spelled", syntax);
		line[cut] = '\0';
		if (cmd_match(sets, 1, line, m, &ep) != CMD_MATCH_OK)
			fail_msg("\"%s\": \"%s\" does not match", syntax, line);
	}
	free(m);
}

/*
 * Every syntax of the spec's FRR command list compiles and matches a line
 * spelled from it; the list's plain lines are still in the spec.
 */
static void
test_frr_spec_list(void **state)
{
	char		*list, *spec, *p, *nl, err[256];
	const char	*syntax;
	struct cmd_def	 def;
	unsigned	 nplain = 0, nfrr = 0, missing = 0;

	if (frr_list_path == NULL || (list = slurp(frr_list_path)) == NULL)
		fail_msg("usage: test_vty_cmd FRR-COMMANDS-FILE [SPEC-FILE]");
	spec = spec_path ? slurp(spec_path) : NULL;
	if (spec == NULL)
		print_message("spec %s not found: the list's lines are not "
		    "checked against it\n", spec_path ? spec_path : "(none)");
	for (p = list; *p; p = nl) {
		struct cmd_set	*set = cmd_set_new();

		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		else
			nl = p + strlen(p);
		if (*p == '#' || *p == '\0') {
			cmd_set_free(set);
			continue;
		}
		syntax = p;
		if (strncmp(p, "~ ", 2) == 0) {
			syntax = p + 2;
			nfrr++;
		} else {
			nplain++;
			if (spec != NULL && strstr(spec, syntax) == NULL) {
				print_message("not in the spec: %s\n", syntax);
				missing++;
			}
		}
		def.syntax = syntax;
		def.help = auto_help(syntax);
		def.fn = NULL;
		def.flags = 0;
		if (cmd_set_add(set, &def, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		spell_and_match(set, syntax);
		cmd_set_free(set);
		free((char *)def.help);
	}
	print_message("%u spec syntaxes and %u FRR forms compile and match\n",
	    nplain, nfrr);
	assert_true(nplain > 60);
	assert_int_equal(missing, 0);
	free(list);
	free(spec);
}

/* A.B.C.D[/M], X:X::X:X[/M], MAC, "(1 - 10)", AA:NN. */
static void
test_shorthands(void **state)
{
	struct cmd_set	*set = cmd_set_new();
	struct cmd_def	 defs[] = {
		{ "route A.B.C.D[/M]$dst [json]", "Route\nAddress or prefix\n"
		    "JSON", NULL, 0 },
		{ "v6route X:X::X:X[/M]", "Route\nAddress or prefix", NULL, 0 },
		{ "mac X:X:X:X:X:X$m", "MAC\nAddress", NULL, 0 },
		{ "spaced (1 - 10)", "Spaced\nNumber", NULL, 0 },
		{ "community AA:NN", "Community\nValue", NULL, 0 },
	};
	const struct cmd_set *const sets[] = { set };
	struct cmd_match *m = malloc(sizeof(*m));
	const struct cmd_value *v;
	struct cmd_help	 h[8];
	char		 err[256], p[64];
	size_t		 ep;
	unsigned	 i;

	for (i = 0; i < sizeof(defs) / sizeof(defs[0]); i++)
		if (cmd_set_add(set, &defs[i], err, sizeof(err)) != 0)
			fail_msg("%s", err);
	/* One token: an address or a prefix, the value says which. */
	assert_int_equal(cmd_match(sets, 1, "route 10.1.2.3", m, &ep),
	    CMD_MATCH_OK);
	assert_non_null(v = cmd_get(m, "dst"));
	assert_int_equal(v->type, CMD_TOK_IPV4);
	assert_string_equal(inet_ntop(AF_INET, &v->u.v4, p, sizeof(p)),
	    "10.1.2.3");
	assert_int_equal(cmd_match(sets, 1, "route 10.1.2.3/16 json", m, &ep),
	    CMD_MATCH_OK);
	assert_non_null(v = cmd_get(m, "dst"));
	assert_int_equal(v->type, CMD_TOK_IPV4_PREFIX);
	assert_int_equal(v->u.p4.len, 16);
	assert_string_equal(inet_ntop(AF_INET, &v->u.p4.addr, p, sizeof(p)),
	    "10.1.0.0");
	assert_string_equal(v->text, "10.1.2.3/16");
	assert_int_equal(cmd_match(sets, 1, "route 10.1.2.3/33", m, &ep),
	    CMD_MATCH_UNKNOWN);
	assert_int_equal(ep, 6);
	assert_int_equal(cmd_match(sets, 1, "route 2001:db8::1", m, &ep),
	    CMD_MATCH_UNKNOWN);
	assert_int_equal(cmd_match(sets, 1, "v6route 2001:db8::1", m, &ep),
	    CMD_MATCH_OK);
	assert_int_equal(m->vals[1].type, CMD_TOK_IPV6);
	assert_int_equal(cmd_match(sets, 1, "v6route 2001:db8::/32", m, &ep),
	    CMD_MATCH_OK);
	assert_int_equal(m->vals[1].type, CMD_TOK_IPV6_PREFIX);
	assert_int_equal(m->vals[1].u.p6.len, 32);
	/* '?' shows the token as written, and accepts partial input. */
	assert_int_equal(cmd_describe(sets, 1, "route ", h, 8), 1);
	assert_string_equal(h[0].token, "A.B.C.D[/M]");
	assert_int_equal(cmd_describe(sets, 1, "route 10.1.2.3/1", h, 8), 1);
	assert_int_equal(cmd_describe(sets, 1, "route 10.1.2.3 ", h, 8), 2);
	/* MAC */
	assert_int_equal(cmd_match(sets, 1, "mac 0:1A:22:33:44:ff", m, &ep),
	    CMD_MATCH_OK);
	assert_non_null(v = cmd_get(m, "m"));
	assert_int_equal(v->type, CMD_TOK_MAC);
	assert_int_equal(v->u.mac.octet[1], 0x1a);
	assert_int_equal(v->u.mac.octet[5], 0xff);
	assert_int_equal(cmd_match(sets, 1, "mac 0:1:2:3:4", m, &ep),
	    CMD_MATCH_UNKNOWN);
	assert_int_equal(cmd_describe(sets, 1, "mac 00:11:2", h, 8), 1);
	assert_int_equal(cmd_describe(sets, 1, "mac 00:11:2g", h, 8), 0);
	/* A range written with blanks is the same range. */
	assert_int_equal(cmd_match(sets, 1, "spaced 10", m, &ep),
	    CMD_MATCH_OK);
	assert_string_equal(m->vals[1].name, "(1-10)");
	assert_int_equal(cmd_match(sets, 1, "spaced 11", m, &ep),
	    CMD_MATCH_UNKNOWN);
	/* FRR's VARIABLE may hold ':'. */
	assert_int_equal(cmd_match(sets, 1, "community 65000:1", m, &ep),
	    CMD_MATCH_OK);
	assert_string_equal(cmd_str(m, "AA:NN"), "65000:1");
	free(m);
	cmd_set_free(set);
	/* What FRR does not have, or we do not. */
	add_fails("show (1|2)", "a\nb", "bad range");
	add_fails("show A.B.C.D[/M", "a\nb", "bad token");
	add_fails("show X:X:X:X:X:X/M", "a\nb", "unsupported token");
	add_fails("show (1  -  2)", "a\nb", "bad range");
}

/* 500 commands: a match must stay far below a millisecond. */
static void
test_speed(void **state)
{
	struct fixture	*f = *state;
	struct cmd_set	*set = cmd_set_new();
	const struct cmd_set *const sets[] = { f->set, set };
	static struct cmd_def defs[500];
	static char	 syntax[500][128], help[500][256];
	const char	*lines[] = { "sh ip os nei 10.0.0.1 det j",
			    "show ip ospf database router 1.1.1.1 adv 2.2.2.2",
			    "gen 250 kw 3 [", "bogus", "show ip ospf r" };
	struct timespec	 t0, t1;
	char		 err[256];
	double		 us;
	size_t		 ep;
	unsigned	 i, j;

	for (i = 0; i < 500; i++) {
		snprintf(syntax[i], sizeof(syntax[i]), "gen %u kw%u [detail|"
		    "brief (1-%u)] [vrf <NAME|all>] [json]", i, i, i + 1);
		snprintf(help[i], sizeof(help[i]), "Gen\nNumber\nKw\nDetail\n"
		    "Brief\nN\nVRF\nName\nAll\nJSON");
		defs[i].syntax = syntax[i];
		defs[i].help = help[i];
		if (cmd_set_add(set, &defs[i], err, sizeof(err)) != 0)
			fail_msg("%s", err);
	}
	assert_int_equal(cmd_match(sets, 2, "gen 250 kw250 brief 3 vrf x j",
	    &f->m, &ep), CMD_MATCH_OK);
	assert_ptr_equal(f->m.def, &defs[250]);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2000; i++)
		for (j = 0; j < sizeof(lines) / sizeof(lines[0]); j++)
			cmd_match(sets, 2, lines[j], &f->m, &ep);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
	    1e3 / (2000 * (sizeof(lines) / sizeof(lines[0])));
	print_message("cmd_match: %.1f us per line, %u commands\n", us,
	    (unsigned)(500 + NREALISTIC));
	assert_true(us < 1000);
	cmd_set_free(set);
}

int
main(int argc, char *argv[])
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abbrev),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_area_alternatives),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_optional_middle),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_keyword_group),
		cmocka_unit_test(test_exact_beats_word),
		cmocka_unit_test(test_sets),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_syntax_ok),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_shorthands),
		cmocka_unit_test(test_frr_spec_list),
	};

	frr_list_path = argc > 1 ? argv[1] : NULL;
	spec_path = argc > 2 ? argv[2] : NULL;

	return cmocka_run_group_tests(tests, setup, teardown);
}
