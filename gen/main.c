/*
 * main.c: the ucapgen command: options, the pipeline, the one place
 * that prints messages and chooses the exit status.
 *
 *   load (YAML -> XML) -> validate (schema) -> lay out (Pango) -> render
 *
 * Exit status: 0 success, 1 invalid plan or failed rendering, 2 usage.
 */
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#include "svgpost.h"
#include "translate.h"
#include "tree.h"
#include "validate.h"

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
	char **allow;
	char **plans;
};

static bool
S_parse(int *argc, char ***argv, struct options *o, GError **err)
{
	GOptionEntry entries[] = {
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
		  "Write the summary to FILE (- for standard output); the "
		  "extension chooses the format", "FILE" },
		{ "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
		  "Output format: pdf, svg or png", "FORMAT" },
		{ "check", 0, 0, G_OPTION_ARG_NONE, &o->check,
		  "Validate the plan only; render nothing", NULL },
		{ "layout", 'l', 0, G_OPTION_ARG_STRING, &o->layout,
		  "Layout: a built-in name (sheet) or a layout file", "LAYOUT" },
		{ "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &o->dpi,
		  "Resolution of PNG output (default 150)", "DPI" },
		{ "width", 0, 0, G_OPTION_ARG_INT, &o->width,
		  "PNG output this many pixels wide (instead of --dpi)", "PX" },
		{ "page", 0, 0, G_OPTION_ARG_STRING, &o->page_arg,
		  "A paper size for the layout (A4, A5, A3, Letter, Legal, "
		  "or WIDTHxHEIGHT such as 210mmx99mm); or, a number N, for "
		  "PNG output: write only page N", "SIZE|N" },
		{ "list-layouts", 0, 0, G_OPTION_ARG_NONE, &o->list_layouts,
		  "List the built-in layouts and exit", NULL },
		{ "allow-path", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->allow,
		  "Let the plan's images come from DIR too (it may be given "
		  "more than once)", "DIR" },
		{ "locale", 0, 0, G_OPTION_ARG_STRING, &o->locale,
		  "The language of the sheet's words: a catalog of "
		  "layouts/catalogs (de, es, el, bg, zh, ...) or a PO file "
		  "(default en)", "LANG" },
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
		  "lacks or marks fuzzy; exit 1 when anything is missing",
		  "LANG" },
		{ "strict", 0, 0, G_OPTION_ARG_NONE, &o->strict,
		  "Treat every warning as an error", NULL },
		{ "dump", 0, 0, G_OPTION_ARG_STRING, &o->dump,
		  "Print a stage's result instead: xml (the plan as loaded) "
		  "or layout (the boxes of every page)", "STAGE" },
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &o->version,
		  "Print the version and exit", NULL },
		{ G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY,
		  &o->plans, NULL, "PLAN" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx = g_option_context_new("PLAN");
	bool ok;

	g_option_context_set_summary(ctx, "Render a U-CAP plan (YAML) as a "
	    "summary sheet in PDF, SVG or PNG.");
	g_option_context_set_description(ctx, "Exit status: 0 success, 1 "
	    "invalid plan or failed rendering, 2 usage error.\n"
	    "Messages go to standard error as FILE:LINE:COL: error: TEXT.\n");
	g_option_context_add_main_entries(ctx, entries, NULL);
	ok = g_option_context_parse(ctx, argc, argv, err);
	g_option_context_free(ctx);
	return ok;
}

static void
S_options_free(struct options *o)
{
	g_free(o->output);
	g_free(o->format);
	g_free(o->layout);
	g_free(o->dump);
	g_free(o->page_arg);
	g_free(o->paper);
	g_free(o->locale);
	g_free(o->translations);
	g_free(o->locale_report);
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

/* The output format: --format, else the output's extension. */
static bool
S_outfmt(const struct options *o, enum outfmt *f)
{
	const char *dot;

	if (o->format != NULL)
		return render_format_from_name(o->format, f);
	if (o->output == NULL || strcmp(o->output, "-") == 0)
		return false;
	dot = strrchr(o->output, '.');
	return dot != NULL && render_format_from_name(dot + 1, f);
}

/* The document's metadata, from the plan and the catalog. */
static void
S_metadata(struct document *doc, const struct tree *plan,
    const struct catalog *cat, const char *layout)
{
	const xmlNode *root = xmlDocGetRootElement(plan->xml);
	const xmlNode *city = tree_child(root, "city");
	const xmlNode *contact = tree_child(root, "contact");
	const char *lang = tree_text(tree_child(root, "language"));
	const char *args[] = { "city", tree_text(tree_child(city, "name")),
	    NULL };
	const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
	const char *issued = tree_text(tree_child(root, "issued"));
	const char *title = catalog_key(cat, "running-head");
	GString *kw = g_string_new(NULL);
	const xmlNode *themes = tree_child(root, "themes");

	doc->title = catalog_fill(title != NULL ? title : "{city}", args);
	doc->subject = g_strdup(catalog_key(cat, "title"));
	doc->author = g_strdup(tree_text(tree_child(contact, "name")));
	doc->language = g_strdup(lang != NULL ? lang : "en");
	doc->id_prefix = svgpost_prefix(args[1], layout, doc->language);
	for (xmlNodePtr t = tree_first(themes); t != NULL; t = tree_next(t))
		g_string_append_printf(kw, "%s%s", kw->len ? "; " : "",
		    tree_text(t));
	doc->keywords = g_string_free(kw, FALSE);
	if (epoch != NULL && *epoch != '\0') {
		GDateTime *dt = g_date_time_new_from_unix_utc(
		    g_ascii_strtoll(epoch, NULL, 10));

		if (dt != NULL) {
			doc->date = g_date_time_format(dt,
			    "%Y-%m-%dT%H:%M:%SZ");
			g_date_time_unref(dt);
		}
	} else if (issued != NULL)
		doc->date = g_strdup_printf("%sT00:00:00Z", issued);
	else {
		const char *end = tree_text(tree_child(tree_child(root,
		    "period"), "end"));

		doc->date = g_strdup_printf("%s-01T00:00:00Z",
		    end != NULL ? end : "2000-01");
	}
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

/* The file names the rendered files go to. Caller frees. */
static char **
S_names(const char *target, enum outfmt f, guint nfiles, int page)
{
	char **v = g_new0(char *, nfiles + 1);

	if (f != OUT_PNG || nfiles == 1) {
		v[0] = g_strdup(target);
		return v;
	}
	(void)page;
	for (guint i = 0; i < nfiles; i++)
		v[i] = output_page_name(target, (int)i + 1);
	return v;
}

/* Everything after validation: lay out, render, write. */
static void
S_render(const struct options *o, const struct datadir *dd,
    const struct tree *plan, enum outfmt fmt, struct diags *diags)
{
	char *catalogs = g_build_filename(dd->layouts, "catalogs", NULL);
	char *xsd = g_build_filename(dd->layouts, "layout.xsd", NULL);
	char *lpath = layoutfile_resolve(dd->layouts,
	    o->layout != NULL ? o->layout : "sheet");
	struct catalog *cat = NULL;
	struct layoutfile *lf = NULL;
	struct document *doc = NULL;
	struct fonts fonts = { 0 };
	bool have_fonts = false;
	GPtrArray *files = NULL;

	if ((cat = catalog_open(catalogs, o->locale, diags)) == NULL)
		goto out;
	if ((lf = layoutfile_load(lpath, dd->layouts, xsd, cat, diags)) ==
	    NULL)
		goto out;
	if (o->paper != NULL && !layoutfile_set_paper(lf, o->paper, diags))
		goto out;
	if (!(have_fonts = fonts_init(&fonts, dd->fonts, diags)))
		goto out;
	if ((doc = layout_plan(lf, cat, plan, &fonts, o->allow, diags)) ==
	    NULL)
		goto out;
	S_metadata(doc, plan, cat, lf->name);
	if (o->dump != NULL) {
		char *d = document_dump(doc);

		fputs(d, stdout);
		g_free(d);
		goto out;
	}
	if (diags_failed(diags, o->strict))
		goto out;
	files = render_document(doc, fmt, o->width > 0 ?
	    o->width * 72.0 / doc->width : o->dpi, o->page, diags);
	if (files != NULL && !diags_failed(diags, o->strict)) {
		char **names = S_names(o->output, fmt, files->len, o->page);

		output_write(names, files, diags);
		g_strfreev(names);
	}
out:
	if (files != NULL)
		g_ptr_array_unref(files);
	document_free(doc);
	if (have_fonts)
		fonts_clear(&fonts);
	layoutfile_free(lf);
	catalog_free(cat);
	g_free(lpath);
	g_free(xsd);
	g_free(catalogs);
}

/* --extract: the plan's texts as a template for its translators. */
static void
S_extract(const struct options *o, const struct datadir *dd,
    const struct tree *plan, struct diags *diags)
{
	struct pot *p = translate_extract(plan, dd->schema, diags);

	if (p != NULL)
		pot_write(p, o->output != NULL ? o->output : "-", diags);
	pot_free(p);
}

static int
S_run(const struct options *o)
{
	struct diags diags;
	struct datadir dd;
	struct schema *schema = NULL;
	struct tree *plan = NULL;
	enum outfmt fmt = OUT_PDF;
	int status;

	if (!o->check && o->dump == NULL && !o->extract &&
	    !S_outfmt(o, &fmt))
		return S_usage("%s", o->output == NULL ?
		    "say where the summary goes: -o FILE.pdf (or .svg, .png)" :
		    "cannot tell the format from the output's name; use "
		    "--format pdf, svg or png");
	diags_init(&diags);
	if (!datadir_find(&dd, &diags))
		goto out;
	if ((schema = schema_load(dd.schema, &diags)) == NULL)
		goto out;
	if ((plan = load_plan_file(o->plans[0], &diags)) == NULL)
		goto out;
	if (o->dump != NULL && strcmp(o->dump, "xml") == 0)
		S_dump_xml(plan);
	if (!validate_plan(schema, plan, &diags) ||
	    diags_failed(&diags, false))
		goto out;
	if (o->dump != NULL && strcmp(o->dump, "xml") == 0)
		goto out;
	if (o->extract) {
		S_extract(o, &dd, plan, &diags);
		goto out;
	}
	if (o->translations != NULL &&
	    !translate_apply(plan, dd.schema, o->translations, &diags))
		goto out;
	if (o->check)
		goto out;
	S_render(o, &dd, plan, fmt, &diags);
out:
	diags_sort(&diags);
	diags_print(&diags, stderr, o->strict);
	status = diags_failed(&diags, o->strict) ? EXIT_INVALID : EXIT_OK;
	tree_free(plan);
	schema_free(schema);
	datadir_clear(&dd);
	diags_clear(&diags);
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
 * each, then a count; exit 1 when anything is missing or untranslated
 * (with --strict, fuzzy too). */
static int
S_locale_report(const struct options *o)
{
	static const char *const what[] = { "missing", "untranslated",
	    "fuzzy", "unused" };
	struct diags diags;
	struct datadir dd;
	struct report *r = NULL;
	bool lacking = true;
	int status;

	diags_init(&diags);
	if (datadir_find(&dd, &diags)) {
		char *dir = g_build_filename(dd.layouts, "catalogs", NULL);

		r = catalog_report(dir, o->locale_report, &diags);
		g_free(dir);
	}
	for (guint i = 0; r != NULL && i < r->lines->len; i++) {
		const struct report_line *l = &g_array_index(r->lines,
		    struct report_line, i);

		if (l->line > 0)
			printf("%s:%d: %s: %s: %s\n", r->path, l->line,
			    what[l->kind], l->key, l->english);
		else
			printf("%s: %s: %s: %s\n", r->path, what[l->kind],
			    l->key, l->english);
	}
	if (r != NULL) {
		printf("%s: %u of %u texts translated; %u missing, %u "
		    "untranslated, %u fuzzy, %u unused\n", r->language,
		    r->translated, r->total, r->count[REPORT_MISSING],
		    r->count[REPORT_UNTRANSLATED], r->count[REPORT_FUZZY],
		    r->count[REPORT_UNUSED]);
		lacking = r->count[REPORT_MISSING] > 0 ||
		    r->count[REPORT_UNTRANSLATED] > 0 ||
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

static gint
S_cmp_names(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
S_list_layouts(void)
{
	struct diags diags;
	struct datadir dd;
	GDir *dir;
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *e;

	diags_init(&diags);
	if (!datadir_find(&dd, &diags) ||
	    (dir = g_dir_open(dd.layouts, 0, NULL)) == NULL) {
		diags_print(&diags, stderr, false);
		diags_clear(&diags);
		datadir_clear(&dd);
		g_ptr_array_free(names, TRUE);
		return EXIT_INVALID;
	}
	while ((e = g_dir_read_name(dir)) != NULL)
		if (g_str_has_suffix(e, ".xml"))
			g_ptr_array_add(names, g_strndup(e, strlen(e) - 4));
	g_dir_close(dir);
	g_ptr_array_sort(names, S_cmp_names);
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

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	GError *err = NULL;
	int status;
	enum outfmt f;

	o.dpi = 150;
	if (!S_parse(&argc, &argv, &o, &err)) {
		status = S_usage("%s", err->message);
		g_error_free(err);
		S_options_free(&o);
		return status;
	}
	if (o.version) {
		printf("ucapgen %s\n", UCAPGEN_VERSION);
		S_options_free(&o);
		return EXIT_OK;
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
		return status;
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
	else if (o.plans[1] != NULL)
		status = S_usage("one plan at a time; '%s' is one too many",
		    o.plans[1]);
	else if (o.format != NULL && !render_format_from_name(o.format, &f))
		status = S_usage("unknown format '%s'; use pdf, svg or png",
		    o.format);
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
		    "Letter, Legal or WIDTHxHEIGHT (such as 210mmx99mm)",
		    o.paper);
	else if (o.dump != NULL && strcmp(o.dump, "xml") != 0 &&
	    strcmp(o.dump, "layout") != 0)
		status = S_usage("unknown --dump stage '%s'; use xml or layout",
		    o.dump);
	else
		status = S_run(&o);
	S_options_free(&o);
	xmlCleanupParser();
	return status;
}
