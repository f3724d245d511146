/*
 * main.c: the ucapgen command: options, the pipeline, the one place
 * that prints messages and chooses the exit status.
 *
 *   load (YAML -> XML) -> validate (schema) -> lay out (Pango) -> render
 *
 * Exit status: 0 success, 1 invalid plan or failed rendering, 2 usage.
 */
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "catalog.h"
#include "data.h"
#include "diag.h"
#include "fonts.h"
#include "keys.h"
#include "layout.h"
#include "layoutfile.h"
#include "load.h"
#include "output.h"
#include "page.h"
#include "po.h"
#include "render.h"
#include "session.h"
#include "svgpost.h"
#include "translate.h"
#include "tree.h"
#include "validate.h"
#include "watch.h"

enum {
	EXIT_OK = 0,
	EXIT_INVALID = 1,
	EXIT_USAGE = 2,
};

struct options {
	char *output;
	char *format;
	char *layout;
	char *dump;
	gboolean check;
	gboolean strict;
	gboolean version;
	gboolean help;
	char *help_text;        /* --help: what to print */
	double dpi;
	int width;              /* --width: PNG pixels across, or 0 */
	int page;               /* --page N: the one PNG page to write */
	char *paper;            /* --page NAME: the paper size */
	char *page_arg;
	gboolean list_layouts;
	char *locale;           /* --locale: the sheet's words, or NULL */
	char *translations;     /* --translations: the plan's, or NULL */
	gboolean extract;       /* --extract: the plan's texts as a POT */
	gboolean make_pot;      /* --make-pot: the catalogs' template */
	char *locale_report;    /* --locale-report LANG */
	char *depfile;          /* --depfile FILE */
	gboolean watch;         /* --watch */
	int jobs;               /* -j N, 0: one per core */
	char **allow;
	char **plans;
};

static bool
S_parse(int *argc, char ***argv, struct options *o, GError **err)
{
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
		  "Write the summary to FILE (- for standard output); the "
		  "extension chooses the format.  A folder (DIR/) takes one "
		  "file per plan, layout, locale and format", "FILE|DIR/" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
		  "Output format: pdf, svg or png; a list (pdf,svg) with "
		  "-o DIR/", "FORMAT" },
		{ "check", 0, 0, G_OPTION_ARG_NONE, &o->check,
		  "Check the plan as a render would (schema, images, fonts, "
		  "what must fit the layout) and write nothing", NULL },
		{ "layout", 'l', 0, G_OPTION_ARG_STRING, &o->layout,
		  "Layout: a built-in name (sheet, card, brief) or a layout "
		  "file; a list (sheet,card) with -o DIR/", "LAYOUT" },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o->dpi,
		  "Resolution of PNG output (default 150)", "DPI" },
		{ "width", 0, 0, G_OPTION_ARG_INT, &o->width,
		  "PNG output this many pixels wide (instead of --dpi)", "PX" },
		{ "page", 0, 0, G_OPTION_ARG_STRING, &o->page_arg,
		  "A paper size for the layout (A4, A5, A3, Letter, Legal, "
		  "or WIDTHxHEIGHT such as 176mmx250mm); or, a number N, for "
		  "PNG output: write only page N", "SIZE|N" },
		{ "list-layouts", 0, 0, G_OPTION_ARG_NONE, &o->list_layouts,
		  "List the built-in layouts and exit", NULL },
		{ "allow-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->allow,
		  "Let the plan's images come from DIR too (it may be given "
		  "more than once)", "DIR" },
		{ "locale", 0, 0, G_OPTION_ARG_STRING, &o->locale,
		  "The language of the sheet's words: a catalog of "
		  "layouts/catalogs (de, es, el, bg, zh, ...) or a PO file "
		  "(default en); a list (en,de) with -o DIR/", "LANG" },
		{ "jobs", 'j', 0, G_OPTION_ARG_INT, &o->jobs,
		  "Render N summaries at a time (default: one per processor)",
		  "N" },
		{ "depfile", 0, 0, G_OPTION_ARG_FILENAME, &o->depfile,
		  "Write the files the output depends on to FILE, in "
		  "Makefile syntax (for make and ninja)", "FILE" },
		{ "watch", 0, 0, G_OPTION_ARG_NONE, &o->watch,
		  "Render again whenever the plan or a file it depends on "
		  "changes, until interrupted", NULL },
		{ "translations", 0, 0, G_OPTION_ARG_FILENAME,
		  &o->translations, "Render the plan with its texts "
		  "translated by this PO file (see --extract)", "FILE.po" },
		{ "extract", 0, 0, G_OPTION_ARG_NONE, &o->extract,
		  "Write the plan's texts as a PO template for translators "
		  "(to -o FILE.pot, else standard output)", NULL },
		{ "make-pot", 0, 0, G_OPTION_ARG_NONE, &o->make_pot,
		  "Write the template of the sheet's words, made from the "
		  "layouts and en.po (to -o FILE, else standard output)",
		  NULL },
		{ "locale-report", 0, 0, G_OPTION_ARG_STRING,
		  &o->locale_report, "List what the catalog of a language "
		  "lacks, marks fuzzy or gets wrong; exit 1 when any text "
		  "has no usable translation",
		  "LANG" },
		{ "strict", 0, 0, G_OPTION_ARG_NONE, &o->strict,
		  "Treat every warning as an error", NULL },
		{ "dump", 0, 0, G_OPTION_ARG_STRING, &o->dump,
		  "Print a stage's result instead: xml (the plan as loaded) "
		  "or layout (the boxes of every page)", "STAGE" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &o->version,
		  "Print the version and exit", NULL },
		{ "help", 'h', 0, G_OPTION_ARG_NONE, &o->help,
		  "Show the options", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &o->plans, NULL, NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("PLAN…");
	bool ok;

	g_option_context_set_summary(ctx, "Render a U-CAP plan (YAML) as a "
	    "summary sheet in PDF, SVG or PNG.");
	g_option_context_set_description(ctx, "Exit status: 0 success, 1 "
	    "invalid plan or failed rendering, 2 usage error.\n"
	    "Messages go to standard error as FILE:LINE:COL: error: TEXT.\n");
	g_option_context_add_main_entries(ctx, entries, NULL);
	/* GLib would print the help through the locale's character set
	 * (without setlocale, ASCII: "PLAN?"); it is printed as UTF-8, as
	 * every message is. */
	g_option_context_set_help_enabled(ctx, FALSE);
	ok = g_option_context_parse(ctx, argc, argv, err);
	if (ok && o->help)
		o->help_text = g_option_context_get_help(ctx, TRUE, NULL);
	g_option_context_free(ctx);
	return ok;
}

static void
S_options_free(struct options *o)
{
	g_free(o->output);
	g_free(o->help_text);
	g_free(o->format);
	g_free(o->layout);
	g_free(o->dump);
	g_free(o->page_arg);
	g_free(o->paper);
	g_free(o->locale);
	g_free(o->translations);
	g_free(o->locale_report);
	g_free(o->depfile);
	g_strfreev(o->allow);
	g_strfreev(o->plans);
}

static int
S_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "ucapgen: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ucapgen --help'.\n");
	return EXIT_USAGE;
}

/* Copy positions into attributes of a copy of the tree, for the dump. */
static void
S_mark(const struct tree *t, xmlNodePtr copy, const xmlNode *orig,
    xmlNsPtr ns)
{
	const xmlNode *o = tree_first(orig);
	xmlNodePtr c;

	if (orig->parent != NULL && orig->parent->type == XML_ELEMENT_NODE) {
		struct srcpos k = tree_keypos(t, orig), v = tree_valpos(t, orig);
		char buf[32];

		if (strcmp((const char *)orig->name, "item") != 0) {
			g_snprintf(buf, sizeof buf, "%d:%d", k.line, k.col);
			xmlNewNsProp(copy, ns, BAD_CAST "key", BAD_CAST buf);
		}
		g_snprintf(buf, sizeof buf, "%d:%d", v.line, v.col);
		xmlNewNsProp(copy, ns, BAD_CAST "value", BAD_CAST buf);
	}
	for (c = copy->children; c != NULL && o != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		S_mark(t, c, o, ns);
		o = tree_next(o);
	}
}

/* The plan as the validator sees it, each element with the YAML line
 * and column of its key and value (src:key, src:value). */
static void
S_dump_xml(const struct tree *t)
{
	xmlDocPtr copy = xmlCopyDoc(t->xml, 1);
	xmlNodePtr root = xmlDocGetRootElement(copy);
	xmlNsPtr ns = xmlNewNs(root, BAD_CAST "urn:ucapgen:source",
	    BAD_CAST "src");
	xmlChar *buf;
	int len;

	S_mark(t, root, xmlDocGetRootElement(t->xml), ns);
	xmlDocDumpFormatMemoryEnc(copy, &buf, &len, "UTF-8", 1);
	fwrite(buf, 1, (size_t)len, stdout);
	xmlFree(buf);
	xmlFreeDoc(copy);
}

/* --extract: the plan's texts as a template for its translators. */
static void
S_extract(const struct options *o, const struct datadir *dd,
    const struct tree *plan, struct diags *diags)
{
	struct pot *p = translate_extract(plan, dd->schema, diags);
	char *out[] = { o->output != NULL ? o->output : (char *)"-", NULL };
	char *in[] = { o->plans[0], NULL };

	if (p != NULL && output_check(out, in, diags))
		pot_write(p, out[0], diags);
	pot_free(p);
}

/* Load and validate a plan; NULL (with messages) when it is not valid. */
static struct tree *
S_valid_plan(const struct session *s, const char *file, bool dump,
    struct diags *diags)
{
	struct tree *plan = load_plan_file(file, diags);
	int errors = diags->errors;

	if (plan == NULL)
		return NULL;
	if (dump)
		S_dump_xml(plan);
	if (!validate_plan(s->schema, plan, diags) || diags->errors > errors) {
		tree_free(plan);
		return NULL;
	}
	return plan;
}

/* Whether SOURCE_DATE_EPOCH, when set, is a time the outputs can carry
 * (the reproducible-builds convention: digits only). */
static bool
S_epoch_ok(void)
{
	const char *e = g_getenv("SOURCE_DATE_EPOCH");
	guint64 v;

	if (e == NULL || *e == '\0')
		return true;
	if (strspn(e, "0123456789") != strlen(e) || strlen(e) > 12)
		return false;
	v = g_ascii_strtoull(e, NULL, 10);
	return v <= G_GUINT64_CONSTANT(253402300799);   /* 9999-12-31 */
}

/* A PNG output whose name a page of another PNG would take ("x-1.png",
 * the first page of "x.png"), as a message; NULL when there is none.
 * outputs maps each path to its plan.  Caller frees. */
static char *
S_page_clash(GHashTable *outputs)
{
	GHashTableIter it;
	gpointer key, plan;

	g_hash_table_iter_init(&it, outputs);
	while (g_hash_table_iter_next(&it, &key, &plan)) {
		const char *path = key;
		const char *dash = strrchr(path, '-');
		size_t n = strlen(path);
		char *base;
		const char *other;

		if (dash == NULL || n < 5 || strcmp(path + n - 4, ".png") != 0 ||
		    dash + 1 == path + n - 4 ||
		    strspn(dash + 1, "0123456789") != (size_t)(path + n - 4 -
		    dash - 1))
			continue;
		base = g_strdup_printf("%.*s.png", (int)(dash - path), path);
		other = g_hash_table_lookup(outputs, base);
		if (other != NULL) {
			char *msg = g_strdup_printf("'%s' (of %s) would be "
			    "written over by a page of '%s' (of %s), whose "
			    "pages are named NAME-1.png, NAME-2.png …; give "
			    "the plans different names", path, (char *)plan,
			    base, other);

			g_free(base);
			return msg;
		}
		g_free(base);
	}
	return NULL;
}

/* "a,b" as a list; NULL gives { NULL }: the default, once. */
static char **
S_list(const char *s)
{
	if (s == NULL)
		return g_new0(char *, 2);
	return g_strsplit(s, ",", -1);
}

/* --check of a valid plan: lay it out in each layout and locale asked
 * for, as a render would, and write nothing: images, fonts and what
 * must fit are checked too. */
static void
S_check_layouts(const struct options *o, struct session *s,
    const char *file, struct diags *diags)
{
	struct render_opts ro = { o->paper, o->dpi, o->width, o->page,
	    o->strict, false, o->allow, true };
	char **layouts = S_list(o->layout);
	char **locales = S_list(o->locale);
	guint nl = MAX(1, g_strv_length(layouts));
	guint nc = MAX(1, g_strv_length(locales));
	struct worker w = { 0 };

	for (guint l = 0; l < nl; l++)
		for (guint c = 0; c < nc; c++) {
			struct job *j = job_new(file, layouts[l], locales[c]);

			j->translations = g_strdup(o->translations);
			session_run(s, &w, j, &ro, diags);
			job_free(j);
		}
	worker_clear(&w);
	g_strfreev(layouts);
	g_strfreev(locales);
}

/* --check, --dump xml, --extract: the plans, one by one. */
static int
S_inspect(const struct options *o, struct session *s)
{
	struct diags diags;
	bool failed = false;
	GHashTable *printed = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);

	for (char **p = o->plans; *p != NULL; p++) {
		struct tree *plan;

		diags_init(&diags);
		plan = S_valid_plan(s, *p, o->dump != NULL, &diags);
		if (plan != NULL && o->extract)
			S_extract(o, &s->dd, plan, &diags);
		else if (plan != NULL && o->check && o->dump == NULL &&
		    diags.errors == 0)
			S_check_layouts(o, s, *p, &diags);
		diags_sort(&diags);
		/* A mistake found in each layout and language is one. */
		diags_print_once(&diags, stderr, o->strict, printed);
		failed = failed || diags_failed(&diags, o->strict);
		diags_clear(&diags);
		tree_free(plan);
	}
	g_hash_table_destroy(printed);
	return failed ? EXIT_INVALID : EXIT_OK;
}

/* Whether -o names a folder: "out/", or a folder that exists. */
static bool
S_is_dir(const char *out)
{
	return out != NULL && strcmp(out, "-") != 0 &&
	    (g_str_has_suffix(out, "/") || g_file_test(out, G_FILE_TEST_IS_DIR));
}

/* A plan's name in a message: its file, or standard input. */
static const char *
S_shown(const char *plan)
{
	return strcmp(plan, "-") == 0 ? "standard input" : plan;
}

/* The file a plan's summary goes to in a folder:
 * DIR/STEM[-LAYOUT][-LOCALE].EXT, the layout named when several were
 * asked for, the locale likewise; a plan read from standard input has
 * the stem "stdin".  Caller frees. */
static char *
S_target(const char *dir, const char *plan, const char *layout,
    bool name_layout, const char *locale, bool name_locale, enum outfmt f)
{
	static const char *const ext[] = { "pdf", "svg", "png" };
	char *base = strcmp(plan, "-") == 0 ? g_strdup("stdin") :
	    g_path_get_basename(plan);
	char *dot = strrchr(base, '.');
	GString *name = g_string_new(NULL);
	char *path;

	if (dot != NULL && dot != base)
		*dot = '\0';
	g_string_append(name, base);
	if (name_layout) {
		char *l = g_path_get_basename(layout);
		char *d = strrchr(l, '.');

		if (d != NULL && strcmp(d, ".xml") == 0)
			*d = '\0';
		g_string_append_printf(name, "-%s", l);
		g_free(l);
	}
	if (name_locale)
		g_string_append_printf(name, "-%s", locale != NULL ? locale :
		    "en");
	g_string_append_printf(name, ".%s", ext[f]);
	path = g_build_filename(dir, name->str, NULL);
	g_string_free(name, TRUE);
	g_free(base);
	return path;
}

/* The format a file name's extension names; false when it names none. */
static bool
S_named_format(const char *name, enum outfmt *f)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(name, '.');

	return dot != NULL && (slash == NULL || dot > slash) &&
	    render_format_from_name(dot + 1, f);
}

/* Whether any job writes a PNG. */
static bool
S_any_png(const GPtrArray *jobs)
{
	for (guint i = 0; i < jobs->len; i++) {
		const struct job *j = jobs->pdata[i];

		for (guint k = 0; k < j->outputs->len; k++)
			if (g_array_index(j->outputs, struct output,
			    k).format == OUT_PNG)
				return true;
	}
	return false;
}

/*
 * The jobs of a run: every plan × layout × locale, each in every format.
 * Returns NULL with a usage message when the options do not say where
 * the summaries go.
 */
static GPtrArray *
S_jobs(const struct options *o, char **err)
{
	GPtrArray *jobs = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)job_free);
	char **layouts = S_list(o->layout), **locales = S_list(o->locale);
	char **formats = S_list(o->format);
	guint nl = g_strv_length(layouts), nc = g_strv_length(locales);
	guint np = g_strv_length(o->plans), nf = g_strv_length(formats);
	bool dir = S_is_dir(o->output);
	enum outfmt named, asked;
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);  /* owns the path of every output; its plan */

	*err = NULL;
	if (o->output == NULL)
		*err = g_strdup("say where the summary goes: -o FILE.pdf (or "
		    ".svg, .png), or -o DIR/ for several");
	else if (!dir && (np > 1 || MAX(nl, 1) > 1 || MAX(nc, 1) > 1 ||
	    nf > 1))
		*err = g_strdup_printf("%s go to a folder: -o DIR/",
		    np > 1 ? "several plans" : nf > 1 && MAX(nl, 1) == 1 &&
		    MAX(nc, 1) == 1 ? "several formats" : "several summaries");
	else if (dir && o->format == NULL)
		*err = g_strdup("with -o DIR/, say the formats: --format pdf "
		    "(or pdf,svg,png)");
	else if (!dir && nf == 1 && S_named_format(o->output, &named) &&
	    render_format_from_name(formats[0], &asked) && named != asked)
		*err = g_strdup_printf("the output's name ends in '%s' and "
		    "--format asks for %s; make them agree, or leave "
		    "--format out", strrchr(o->output, '.'), formats[0]);
	if (*err != NULL)
		goto out;
	for (guint p = 0; p < np; p++)
		for (guint l = 0; l < MAX(nl, 1); l++)
			for (guint c = 0; c < MAX(nc, 1); c++) {
				struct job *j = job_new(o->plans[p], layouts[l],
				    locales[c]);

				j->translations = g_strdup(o->translations);
				for (guint f = 0; f < MAX(nf, 1); f++) {
					enum outfmt fmt;
					char *path;

					if (formats[f] != NULL) {
						if (!render_format_from_name(
						    formats[f], &fmt)) {
							*err = g_strdup_printf(
							    "unknown format "
							    "'%s'; use pdf, "
							    "svg or png",
							    formats[f]);
							job_free(j);
							goto out;
						}
					} else {
						if (strcmp(o->output, "-") == 0 ||
						    !S_named_format(o->output,
						    &fmt)) {
							*err = g_strdup("cannot "
							    "tell the format "
							    "from the output's "
							    "name; use --format "
							    "pdf, svg or png");
							job_free(j);
							goto out;
						}
					}
					path = dir ? S_target(o->output,
					    o->plans[p], layouts[l], nl > 1,
					    locales[c], nc > 1, fmt) :
					    g_strdup(o->output);
					if (g_hash_table_contains(seen, path) &&
					    strcmp(path, "-") != 0) {
						*err = g_strdup_printf("two "
						    "summaries would go to "
						    "'%s' (of %s and %s); give "
						    "the plans different "
						    "names", path, S_shown(
						    g_hash_table_lookup(seen,
						    path)), S_shown(
						    o->plans[p]));
						g_free(path);
						job_free(j);
						goto out;
					}
					job_add_output(j, fmt, path);
					g_hash_table_insert(seen, path,
					    o->plans[p]);
				}
				j->depfile = g_strdup(o->depfile);
				g_ptr_array_add(jobs, j);
			}
	*err = S_page_clash(seen);
	if (*err == NULL && o->page > 0 && o->dump == NULL &&
	    !S_any_png(jobs))
		*err = g_strdup("--page N picks one page of a PNG; a PDF or "
		    "SVG holds every page (--format png, or -o NAME.png)");
out:
	g_hash_table_destroy(seen);
	g_strfreev(layouts);
	g_strfreev(locales);
	g_strfreev(formats);
	if (*err != NULL) {
		g_ptr_array_free(jobs, TRUE);
		return NULL;
	}
	return jobs;
}

/* Render the jobs: one in this thread, several with workers. */
static int
S_render(const struct options *o, struct session *s, GPtrArray *jobs)
{
	struct render_opts ro = { o->paper, o->dpi, o->width, o->page,
	    o->strict, o->dump != NULL, o->allow, false };
	int threads = o->jobs > 0 ? o->jobs : (int)g_get_num_processors();

	if (jobs->len == 1 && !S_is_dir(o->output)) {
		struct diags diags;
		struct worker w = { 0 };
		bool ok;

		if (o->watch)
			return watch_run(s, jobs->pdata[0], &ro);
		diags_init(&diags);
		ok = session_run(s, &w, jobs->pdata[0], &ro, &diags);
		worker_clear(&w);
		diags_sort(&diags);
		diags_print(&diags, stderr, o->strict);
		diags_clear(&diags);
		return ok ? EXIT_OK : EXIT_INVALID;
	}
	/* Each folder of the outputs must exist. */
	if (g_mkdir_with_parents(o->output, 0777) != 0) {
		fprintf(stderr, "%s: error: cannot make the folder: %s\n",
		    o->output, g_strerror(errno));
		return EXIT_INVALID;
	}
	return batch_run(s, jobs, &ro, threads) > 0 ? EXIT_INVALID : EXIT_OK;
}

static gint
S_cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the built-in layouts, sorted, added to names. */
static void
S_layout_names(const char *layouts_dir, GPtrArray *names)
{
	GDir *dir = g_dir_open(layouts_dir, 0, NULL);
	const char *e;

	while (dir != NULL && (e = g_dir_read_name(dir)) != NULL)
		if (g_str_has_suffix(e, ".xml"))
			g_ptr_array_add(names, g_strndup(e, strlen(e) - 4));
	if (dir != NULL)
		g_dir_close(dir);
	g_ptr_array_sort(names, S_cmp_names);
}

/* A --layout name that is neither a built-in layout nor a file's path,
 * as a message; NULL when every name is one.  Caller frees. */
static char *
S_unknown_layout(const struct options *o, const char *layouts_dir)
{
	char **names = S_list(o->layout);
	char *msg = NULL;

	for (char **n = names; *n != NULL && msg == NULL; n++) {
		char *path = layoutfile_resolve(layouts_dir, *n);

		if (strcmp(path, *n) != 0 &&
		    !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
			GPtrArray *known = g_ptr_array_new_with_free_func(
			    g_free);
			char *list;

			S_layout_names(layouts_dir, known);
			g_ptr_array_add(known, NULL);
			list = g_strjoinv(", ", (char **)known->pdata);
			msg = g_strdup_printf("there is no built-in layout "
			    "'%s' (they are %s); a layout file of your own is "
			    "named by its path, such as ./%s.xml", *n, list,
			    *n);
			g_free(list);
			g_ptr_array_free(known, TRUE);
		}
		g_free(path);
	}
	g_strfreev(names);
	return msg;
}

static int
S_run(const struct options *o)
{
	struct diags diags;
	struct session s;
	GPtrArray *jobs = NULL;
	int status = EXIT_INVALID;
	char *err = NULL;

	if (!o->check && !o->extract && (o->dump == NULL ||
	    strcmp(o->dump, "layout") == 0)) {
		jobs = S_jobs(o, &err);
		if (jobs == NULL && o->dump == NULL) {
			status = S_usage("%s", err);
			g_free(err);
			return status;
		}
		g_free(err);
	}
	if (o->dump != NULL && strcmp(o->dump, "layout") == 0 &&
	    (jobs == NULL || jobs->len != 1)) {
		/* --dump layout needs no output. */
		if (jobs != NULL)
			g_ptr_array_free(jobs, TRUE);
		jobs = g_ptr_array_new_with_free_func((GDestroyNotify)job_free);
		g_ptr_array_add(jobs, job_new(o->plans[0], o->layout,
		    o->locale));
		((struct job *)jobs->pdata[0])->translations =
		    g_strdup(o->translations);
	}
	diags_init(&diags);
	if (!session_init(&s, &diags)) {
		diags_print(&diags, stderr, o->strict);
		diags_clear(&diags);
		session_clear(&s);
		if (jobs != NULL)
			g_ptr_array_free(jobs, TRUE);
		return EXIT_INVALID;
	}
	diags_clear(&diags);
	if ((err = S_unknown_layout(o, s.dd.layouts)) != NULL) {
		status = S_usage("%s", err);
		g_free(err);
	} else if (jobs == NULL || (o->dump != NULL &&
	    strcmp(o->dump, "xml") == 0))
		status = S_inspect(o, &s);
	else
		status = S_render(o, &s, jobs);
	if (jobs != NULL)
		g_ptr_array_free(jobs, TRUE);
	session_clear(&s);
	return status;
}

/* --make-pot: the template of the catalogs, from the layouts and en.po. */
static int
S_make_pot(const struct options *o)
{
	struct diags diags;
	struct datadir dd;
	struct pot *p = NULL;
	int status;

	diags_init(&diags);
	if (datadir_find(&dd, &diags) &&
	    (p = keys_template(&dd, &diags)) != NULL)
		pot_write(p, o->output != NULL ? o->output : "-", &diags);
	pot_free(p);
	diags_sort(&diags);
	diags_print(&diags, stderr, o->strict);
	status = diags_failed(&diags, o->strict) ? EXIT_INVALID : EXIT_OK;
	datadir_clear(&dd);
	diags_clear(&diags);
	return status;
}

/* --locale-report LANG: what the language's catalog lacks, one line
 * each, then a count; exit 1 when anything is missing, untranslated or
 * refused (with --strict, fuzzy too). */
static int
S_locale_report(const struct options *o)
{
	static const char *const what[] = { "missing", "untranslated",
	    "fuzzy", "unused", "refused", "changed" };
	struct diags diags;
	struct datadir dd;
	struct report *r = NULL;
	bool lacking = true;
	int status;

	diags_init(&diags);
	if (datadir_find(&dd, &diags)) {
		char *dir = g_build_filename(dd.layouts, "catalogs", NULL);

		r = catalog_report(dir, o->locale_report, o->strict, &diags);
		g_free(dir);
	}
	for (guint i = 0; r != NULL && i < r->lines->len; i++) {
		const struct report_line *l = &g_array_index(r->lines,
		    struct report_line, i);

		if (l->kind == REPORT_CHANGED)
			printf("%s:%d: %s: %s: %s (the template's msgid is "
			    "\"%s\"; a msgid must stay as it is there)\n",
			    r->path, l->line, what[l->kind], l->key,
			    l->english, l->expected);
		else if (l->line > 0)
			printf("%s:%d: %s: %s: %s\n", r->path, l->line,
			    what[l->kind], l->key, l->english);
		else
			printf("%s: %s: %s: %s\n", r->path, what[l->kind],
			    l->key, l->english);
	}
	if (r != NULL) {
		printf("%s: %u of %u texts translated; %u missing, %u "
		    "untranslated, %u fuzzy, %u refused, %u unused, %u "
		    "changed\n", r->language, r->translated, r->total,
		    r->count[REPORT_MISSING], r->count[REPORT_UNTRANSLATED],
		    r->count[REPORT_FUZZY], r->count[REPORT_REFUSED],
		    r->count[REPORT_UNUSED], r->count[REPORT_CHANGED]);
		lacking = r->count[REPORT_MISSING] > 0 ||
		    r->count[REPORT_CHANGED] > 0 ||
		    r->count[REPORT_UNTRANSLATED] > 0 ||
		    r->count[REPORT_REFUSED] > 0 ||
		    (o->strict && r->count[REPORT_FUZZY] > 0);
	}
	fflush(stdout);
	diags_sort(&diags);
	diags_print(&diags, stderr, o->strict);
	status = lacking || diags_failed(&diags, o->strict) ? EXIT_INVALID :
	    EXIT_OK;
	report_free(r);
	datadir_clear(&dd);
	diags_clear(&diags);
	return status;
}

/* The first line of a layout file's leading comment that says more than
 * its name.  Caller frees. */
static char *
S_describe(const char *path)
{
	char *text = NULL, *open, *close, *d = NULL;

	if (!g_file_get_contents(path, &text, NULL, NULL))
		return g_strdup("");
	if ((open = strstr(text, "<!--")) != NULL &&
	    (close = strstr(open, "-->")) != NULL) {
		char **lines;

		*close = '\0';
		lines = g_strsplit(open + 4, "\n", -1);
		for (char **l = lines; *l != NULL && d == NULL; l++) {
			char *s = g_strstrip(*l);
			char *colon = strchr(s, ':');

			if (*s == '\0')
				continue;
			d = g_strdup(colon != NULL ? g_strstrip(colon + 1) : s);
		}
		g_strfreev(lines);
	}
	g_free(text);
	return d != NULL ? d : g_strdup("");
}


static int
S_list_layouts(void)
{
	struct diags diags;
	struct datadir dd;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);

	diags_init(&diags);
	if (!datadir_find(&dd, &diags) ||
	    !g_file_test(dd.layouts, G_FILE_TEST_IS_DIR)) {
		diags_print(&diags, stderr, false);
		diags_clear(&diags);
		datadir_clear(&dd);
		g_ptr_array_free(names, TRUE);
		return EXIT_INVALID;
	}
	S_layout_names(dd.layouts, names);
	for (guint i = 0; i < names->len; i++) {
		char *path = layoutfile_resolve(dd.layouts, names->pdata[i]);
		char *d = S_describe(path);

		printf("%-8s %s\n", (char *)names->pdata[i], d);
		g_free(d);
		g_free(path);
	}
	g_ptr_array_free(names, TRUE);
	datadir_clear(&dd);
	diags_clear(&diags);
	return EXIT_OK;
}

/* The exit status, once what went to standard output (a dump, a list,
 * the help) is known written whole: a failure to write it is one
 * (said once: a failed run has said why already). */
static int
S_stdout_written(int status)
{
	if ((fflush(stdout) != 0 || ferror(stdout)) && status == EXIT_OK) {
		fprintf(stderr, "ucapgen: cannot write to standard output: "
		    "%s\n", g_strerror(errno));
		return EXIT_INVALID;
	}
	return status;
}

#if defined(__ELF__) && !GLIB_CHECK_VERSION(2, 76, 0)
/*
 * GLib before 2.76 takes small blocks from its slice allocator, whose
 * threads pass freed blocks to each other through one locked depot.
 * With two workers, a sixth of the extra time they took went there,
 * in the lock and in cache lines moving between cores.  GLib 2.76 and later
 * use malloc, whose arenas are per thread; this asks an older GLib for
 * the same.  It must be asked before GLib starts, which is before
 * main(): this runs among the program's pre-initialisers, which run
 * before any library's.  It only sets one of GLib's variables.
 */
static void
S_slice_uses_malloc(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	(void)envp;
	G_GNUC_BEGIN_IGNORE_DEPRECATIONS
	g_slice_set_config(G_SLICE_CONFIG_ALWAYS_MALLOC, TRUE);
	G_GNUC_END_IGNORE_DEPRECATIONS
}

__attribute__((section(".preinit_array"), used))
static void (*const S_preinit)(int, char **, char **) = S_slice_uses_malloc;
#endif

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	GError *err = NULL;
	int status;

	/* libxml2 sets itself up here, before any worker thread uses it. */
	xmlInitParser();
#ifdef __GLIBC__
	/* A summary frees nearly all it allocated when it is done.  glibc
	 * would give that memory back to the system and fault it in again
	 * for the next summary of a batch: a fifth of a batch's time.  Keep
	 * it (the peak stays that of one summary a worker), and take blocks
	 * up to 4 MiB from the heap, where they can be used again. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
	o.dpi = 150;
	o.width = -1;           /* not given */
	if (!S_parse(&argc, &argv, &o, &err)) {
		status = S_usage("%s", err->message);
		g_error_free(err);
		S_options_free(&o);
		return status;
	}
	if (o.width == 0)
		o.width = -2;   /* given as 0: refused below */
	else if (o.width == -1)
		o.width = 0;
	if (o.help_text != NULL) {
		fputs(o.help_text, stdout);
		S_options_free(&o);
		return S_stdout_written(EXIT_OK);
	}
	if (o.version) {
		printf("ucapgen %s\n", UCAPGEN_VERSION);
		S_options_free(&o);
		return S_stdout_written(EXIT_OK);
	}
	if (o.page_arg != NULL) {
		char *end;
		long n = strtol(o.page_arg, &end, 10);

		if (*o.page_arg != '\0' && *end == '\0')
			o.page = n < 1 || n > 100000 ? -1 : (int)n;
		else
			o.paper = g_strdup(o.page_arg);
	}
	if (o.list_layouts) {
		status = S_list_layouts();
		S_options_free(&o);
		return S_stdout_written(status);
	}
	if (o.locale != NULL && *o.locale == '\0')
		status = S_usage("%s", "--locale needs a language, such as "
		    "--locale de");
	else if (o.make_pot)
		status = S_make_pot(&o);
	else if (o.locale_report != NULL)
		status = S_locale_report(&o);
	else if (o.plans == NULL || o.plans[0] == NULL)
		status = S_usage("%s", "no plan given: ucapgen PLAN.yaml -o "
		    "summary.pdf");
	else if (o.plans[1] != NULL && (o.dump != NULL || o.extract ||
	    o.watch || o.depfile != NULL || o.translations != NULL))
		status = S_usage("one plan at a time with --dump, --extract, "
		    "--watch, --depfile and --translations; '%s' is one too "
		    "many", o.plans[1]);
	else if (!S_epoch_ok())
		status = S_usage("SOURCE_DATE_EPOCH='%s' is not a time: it "
		    "must be a number of seconds since 1970-01-01 UTC, before "
		    "the year 10000", g_getenv("SOURCE_DATE_EPOCH"));
	else if (o.check && o.depfile != NULL)
		status = S_usage("%s", "--depfile lists what a summary was made "
		    "from, and --check makes none; leave one of them out");
	else if (o.watch && strcmp(o.plans[0], "-") == 0)
		status = S_usage("%s", "--watch needs a plan file to watch, "
		    "not standard input");
	else if (o.jobs < 0 || o.jobs > 256)
		status = S_usage("%s", "-j must be between 1 and 256 (0, the "
		    "default: one for each processor)");
	else if (o.dpi < 10 || o.dpi > 2400)
		status = S_usage("%s", "--dpi must be between 10 and 2400");
	else if (o.width < 0 || o.width > 40000)
		status = S_usage("%s", "--width must be between 1 and 40000 "
		    "pixels");
	else if (o.page < 0)
		status = S_usage("%s", "--page N counts pages from 1");
	else if (o.paper != NULL && !layoutfile_paper(o.paper, &(double){ 0 },
	    &(double){ 0 }))
		status = S_usage("unknown paper size '%s'; use A3, A4, A5, "
		    "Letter, Legal or WIDTHxHEIGHT in mm, in or pt (such as "
		    "176mmx250mm)", o.paper);
	else if (o.dump != NULL && strcmp(o.dump, "xml") != 0 &&
	    strcmp(o.dump, "layout") != 0)
		status = S_usage("unknown --dump stage '%s'; use xml or layout",
		    o.dump);
	else
		status = S_run(&o);
	S_options_free(&o);
	xmlCleanupParser();
	return S_stdout_written(status);
}
