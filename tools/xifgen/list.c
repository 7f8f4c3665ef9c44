/*
 * DOC: plain-text listings of a parsed file. --methods and --targets print
 * one line per method or target in the shape of the XORP-corpus expected
 * files (tests diff them); --xrls prints what XORP's tgt-gen put in a
 * target's .xrls file, the form the router manager checks template XRLs
 * against, so lists are plain "list" there.
 */
#include <stdio.h>

#include "xifgen.h"

void
print_param_list(FILE *f, const struct xg_param *ps, size_t n, bool members)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		fprintf(f, "%s%s:%s", i > 0 ? "&" : "", ps[i].name,
		    xg_type_names[ps[i].type]);
		if (members && ps[i].type == XG_LIST)
			fprintf(f, "<%s>", xg_type_names[ps[i].member]);
	}
}

static void
print_method(FILE *f, const struct xg_iface *ifc, const struct xg_method *m,
    bool members)
{
	fprintf(f, "%s/%s.%s/%s", ifc->name, ifc->major, ifc->minor, m->name);
	if (m->nin > 0) {
		fputc('?', f);
		print_param_list(f, m->in, m->nin, members);
	}
	if (m->nout > 0) {
		fputs("->", f);
		print_param_list(f, m->out, m->nout, members);
	}
	fputc('\n', f);
}

void
list_methods(FILE *f, const char *shown, const struct xg_spec *spec)
{
	size_t	 i, j;

	for (i = 0; i < spec->nifaces; i++)
		for (j = 0; j < spec->ifaces[i].nmethods; j++) {
			fprintf(f, "%s\t", shown);
			print_method(f, &spec->ifaces[i],
			    &spec->ifaces[i].methods[j], true);
		}
}

void
list_targets(FILE *f, const char *shown, const struct xg_spec *spec)
{
	size_t	 i, j;

	for (i = 0; i < spec->ntargets; i++) {
		fprintf(f, "%s\t%s\t", shown, spec->targets[i].name);
		for (j = 0; j < spec->targets[i].nifrefs; j++)
			fprintf(f, "%s%s", j > 0 ? "," : "",
			    spec->targets[i].ifrefs[j]);
		fputc('\n', f);
	}
}

void
list_xrls(FILE *f, const struct xg_spec *spec)
{
	const struct xg_target	*tg;
	const struct xg_iface	*ifc;
	size_t			 i, j, k;

	for (i = 0; i < spec->ntargets; i++) {
		tg = &spec->targets[i];
		for (j = 0; j < tg->nifrefs; j++) {
			ifc = spec_find_iface(spec, tg->ifrefs[j]);
			for (k = 0; k < ifc->nmethods; k++) {
				fprintf(f, "finder://%s/", tg->name);
				print_method(f, ifc, &ifc->methods[k], false);
			}
		}
	}
}
