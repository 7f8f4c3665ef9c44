/*
 * DOC: okapi-sh, the integrated shell. It finds the daemons that serve
 * cli/0.1 through the Finder (daemon.c), runs each command line on every
 * one of them from the mode the shell is in, prints what they answer in
 * daemon order and follows the mode they report (shell.c), merges their
 * "show running-config" (merge.c), and reads lines from -c, a pipe or
 * libedit with '?' and TAB served by the daemons (main.c, edit.c).
 */
#ifndef OKAPI_SH_H
#define OKAPI_SH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define SH_MAX_DAEMONS	64
#define SH_MAX_ONLY	16
#define SH_MAX_DEPTH	16

/* lib/vty's enum cmd_status, as cli/0.1 carries it. */
enum sh_status {
	SH_ST_SUCCESS = 0,
	SH_ST_WARNING = 1,
	SH_ST_CONTINUE = 2,
	SH_ST_NO_MATCH = 3,
	SH_ST_INCOMPLETE = 4,
	SH_ST_AMBIGUOUS = 5,
};

struct sh_daemon {
	char		*instance;	/* "ospfd-<hex>@127.0.0.1" */
	char		*cls;		/* "ospfd" */
};

/* One daemon's answer to execute_in. */
struct sh_reply {
	bool		 ok;		/* the XRL itself succeeded */
	uint32_t	 status;	/* enum sh_status */
	struct buf	 output;
	struct buf	 context;
	struct buf	 prompt;
};

struct xrl_router;

struct sh {
	struct xrl_router	*r;
	struct sh_daemon	 d[SH_MAX_DAEMONS];
	unsigned		 nd;
	const char		*only[SH_MAX_ONLY];	/* -d */
	unsigned		 nonly;
	uint64_t		 found_ms;		/* last discovery */
	/* The mode: context lines from ENABLE, and each level's prompt
	 * suffix ("#", "(config)#", "(config-router)#"). */
	struct buf		 ctx;
	unsigned		 depth;
	char			 suffix[SH_MAX_DEPTH + 1][64];
	char			 host[128];
	char			 prompt[256];
	bool			 quit;
	bool			 verbose;
};

/* daemon.c */
/* Ask the Finder which daemons serve cli/0.1; -1 (message printed) when
 * the Finder cannot be reached. */
int		 sh_discover(struct sh *);
void		 sh_daemons_free(struct sh *);
/* execute_in on daemon i; false (error in err) when the XRL failed. */
bool		 sh_execute(struct sh *, unsigned i, const char *context,
		    const char *line, struct sh_reply *, char *err,
		    size_t errlen);
/* describe (help) or complete on daemon i: count, -1 when nothing
 * matches or the call failed. */
int		 sh_help(struct sh *, unsigned i, bool describe,
		    const char *context, const char *line, struct buf *out);
void		 sh_reply_init(struct sh_reply *);
void		 sh_reply_free(struct sh_reply *);

/* shell.c */
void		 sh_init(struct sh *);
void		 sh_fini(struct sh *);
/* Run one line in the current mode; false when it failed. */
bool		 sh_run(struct sh *, const char *line);
void		 sh_update_prompt(struct sh *);
/* '?' and TAB: merged across the daemons and okapi-sh's own commands. */
void		 sh_describe(struct sh *, const char *line, struct buf *out);
int		 sh_complete(struct sh *, const char *line, struct buf *out);
bool		 sh_is_running_config(const char *line);

/* merge.c */
/* Merge the daemons' "show running-config" outputs into one. */
void		 sh_merge_config(const char *const *texts, unsigned n,
		    struct buf *out);
/* Sort and deduplicate '\n'-separated lines; keyed on the text before
 * the first TAB when by_token. Returns the number of lines. */
int		 sh_sort_unique(struct buf *, bool by_token);

/* edit.c */
int		 sh_interactive(struct sh *);

#endif
