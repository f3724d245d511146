/*
 * session.c: the pipeline for one job, with what a run loads once.
 *
 *   load (YAML -> XML) -> validate -> translate -> lay out -> render
 *
 * Owns the schema, the catalogs and the layouts of a run (cached by
 * locale and name, behind a lock, so that workers share them), the plans
 * that several jobs of a batch render, and the jobs it is given.  Writes
 * nothing but the job's outputs and depfile.
 */
#include "session.h"

#include <pango/pangofc-font.h>
#include <string.h>

#include "layout.h"
#include "load.h"
#include "output.h"
#include "page.h"
#include "svgpost.h"
#include "translate.h"
#include "tree.h"

/* ---- Jobs ---- */

struct job *
job_new(const char *plan, const char *layout, const char *locale)
{
	struct job *j = g_new0(struct job, 1);

	j->plan = g_strdup(plan);
	j->layout = g_strdup(layout);
	j->locale = g_strdup(locale);
	j->outputs = g_array_new(FALSE, FALSE, sizeof(struct output));
	return j;
}

void
job_add_output(struct job *j, enum outfmt f, const char *path)
{
	struct output o = { f, g_strdup(path) };

	g_array_append_val(j->outputs, o);
}

void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	for (guint i = 0; i < j->outputs->len; i++)
		g_free(g_array_index(j->outputs, struct output, i).path);
	g_array_free(j->outputs, TRUE);
	g_free(j->plan);
	g_free(j->layout);
	g_free(j->locale);
	g_free(j->translations);
	g_free(j->depfile);
	g_free(j);
}

/* ---- Catalogs, layouts and plans read once ---- */

/* A catalog, a layout or a plan, read once by the first job or worker
 * that needs it while any other waits, with what reading it said. */
struct slot {
	gsize read;             /* g_once: value and diags are set */
	gpointer value;         /* owned; NULL when it could not be read */
	GDestroyNotify free;    /* of value */
	struct diags diags;     /* what reading it said */
};

static void
S_slot_free(gpointer p)
{
	struct slot *sl = p;

	if (sl->value != NULL)
		sl->free(sl->value);
	diags_clear(&sl->diags);
	g_free(sl);
}

/* The slot of key in table, made empty if there is none. */
static struct slot *
S_slot(struct session *s, GHashTable *table, const char *key,
    GDestroyNotify free)
{
	struct slot *sl;

	g_mutex_lock(&s->lock);
	if ((sl = g_hash_table_lookup(table, key)) == NULL) {
		sl = g_new0(struct slot, 1);
		sl->free = free;
		g_hash_table_insert(table, g_strdup(key), sl);
	}
	g_mutex_unlock(&s->lock);
	return sl;
}

/* ---- Plans that several jobs render ---- */

/* A plan read and checked once for all the jobs of a batch that render
 * it (in other layouts or languages): its slot's value is the tree (NULL
 * when it cannot be rendered), read by the first job that needs it; the
 * others wait for that, then take copies of its messages.  The jobs
 * only read the tree. */
struct shared_plan {
	struct slot slot;       /* first: freed as a slot */
	guint jobs;             /* jobs that render it */
	guint left;             /* of them, those still to take it */
};

/* ---- The session ---- */

bool
session_init(struct session *s, struct diags *diags)
{
	memset(s, 0, sizeof *s);
	g_mutex_init(&s->lock);
	s->catalogs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    S_slot_free);
	s->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    S_slot_free);
	s->warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	s->font_warned = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	s->plans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    S_slot_free);
	if (!datadir_find(&s->dd, diags))
		return false;
	s->catalog_dir = g_build_filename(s->dd.layouts, "catalogs", NULL);
	s->layout_xsd = g_build_filename(s->dd.layouts, "layout.xsd", NULL);
	s->schema = schema_load(s->dd.schema, diags);
	return s->schema != NULL;
}

void
session_clear(struct session *s)
{
	g_hash_table_destroy(s->plans);
	g_hash_table_destroy(s->layouts);
	g_hash_table_destroy(s->font_warned);
	g_hash_table_destroy(s->warned);
	g_hash_table_destroy(s->catalogs);
	schema_free(s->schema);
	if (s->layout_schema != NULL)
		xmlSchemaFree(s->layout_schema);
	g_free(s->catalog_dir);
	g_free(s->layout_xsd);
	datadir_clear(&s->dd);
	g_mutex_clear(&s->lock);
}

void
session_forget(struct session *s)
{
	g_mutex_lock(&s->lock);
	g_hash_table_remove_all(s->layouts);
	if (s->layout_schema != NULL)
		xmlSchemaFree(s->layout_schema);
	s->layout_schema = NULL;
	s->layout_schema_read = 0;
	g_hash_table_remove_all(s->catalogs);
	g_hash_table_remove_all(s->font_warned);
	g_hash_table_remove_all(s->warned);
	g_mutex_unlock(&s->lock);
}

char *
job_layout_key(const struct job *j)
{
	return g_strdup_printf("%s\n%s", j->locale != NULL ? j->locale : "",
	    j->layout != NULL ? j->layout : "sheet");
}

/* Mark what gave warnings when it was read ("catalog\nlocale" or
 * "layout\nlocale\nname"). */
static void
S_mark_warned(struct session *s, const char *what, const char *key)
{
	g_mutex_lock(&s->lock);
	g_hash_table_add(s->warned, g_strconcat(what, "\n", key, NULL));
	g_mutex_unlock(&s->lock);
}

/* The catalog of a locale (NULL: English), read once (its warnings
 * worded for strict or not: a run is one or the other) over a copy of
 * the English one, which is read first.  *mine: this call read it. */
static struct slot *
S_catalog(struct session *s, const char *locale, bool strict, bool *mine)
{
	const char *key = locale != NULL ? locale : "";
	struct slot *sl = S_slot(s, s->catalogs, key,
	    (GDestroyNotify)catalog_free);

	*mine = false;
	if (g_once_init_enter(&sl->read)) {
		bool en_mine;
		const struct slot *en = locale != NULL ?
		    S_catalog(s, NULL, strict, &en_mine) : NULL;

		diags_init(&sl->diags);
		sl->value = catalog_open(s->catalog_dir, locale, strict,
		    en != NULL ? en->value : NULL, &sl->diags);
		/* English's warnings are the locale's too. */
		if (sl->diags.warnings > 0 || (en != NULL &&
		    en->diags.warnings > 0))
			S_mark_warned(s, "catalog", key);
		*mine = true;
		g_once_init_leave(&sl->read, 1);
	}
	return sl;
}

/* The layout of a job, read once (its keys are checked against the
 * catalog, so once per locale).  *mine: this call read it. */
static struct slot *
S_layout(struct session *s, const struct job *j, const struct catalog *cat,
    const struct render_opts *o, bool *mine)
{
	char *key = job_layout_key(j);
	struct slot *sl = S_slot(s, s->layouts, key,
	    (GDestroyNotify)layoutfile_free);

	*mine = false;
	if (g_once_init_enter(&sl->read)) {
		char *path = layoutfile_resolve(s->dd.layouts,
		    j->layout != NULL ? j->layout : "sheet");
		struct layoutfile *lf;

		if (g_once_init_enter(&s->layout_schema_read)) {
			s->layout_schema = layoutfile_schema(s->layout_xsd);
			g_once_init_leave(&s->layout_schema_read, 1);
		}
		diags_init(&sl->diags);
		lf = layoutfile_load(path, s->dd.layouts, s->layout_xsd,
		    s->layout_schema, cat, schema_keys(s->schema),
		    &sl->diags);
		if (lf != NULL && o->paper != NULL &&
		    !layoutfile_set_paper(lf, o->paper, &sl->diags)) {
			layoutfile_free(lf);
			lf = NULL;
		}
		sl->value = lf;
		if (sl->diags.warnings > 0)
			S_mark_warned(s, "layout", key);
		*mine = true;
		g_free(path);
		g_once_init_leave(&sl->read, 1);
	}
	g_free(key);
	return sl;
}

/*
 * The catalog and the layout of a job, read if they were not, with the
 * English catalog first.  The messages of reading them go to diags:
 * all of them, or (all false) those of what this call read, so that a
 * run prints them once.  NULL when either could not be read.
 */
static struct layoutfile *
S_words(struct session *s, const struct job *j, const struct render_opts *o,
    bool all, struct diags *diags, const struct catalog **cat)
{
	bool en_mine, loc_mine = false, lf_mine = false;
	struct slot *en = S_catalog(s, NULL, o->strict, &en_mine);
	struct slot *loc = j->locale != NULL ?
	    S_catalog(s, j->locale, o->strict, &loc_mine) : en;
	struct slot *lf = loc->value != NULL ?
	    S_layout(s, j, loc->value, o, &lf_mine) : NULL;

	if (all || en_mine)
		diags_append(diags, &en->diags);
	if (loc != en && (all || loc_mine))
		diags_append(diags, &loc->diags);
	if (lf != NULL && (all || lf_mine))
		diags_append(diags, &lf->diags);
	*cat = loc->value;
	return lf != NULL ? lf->value : NULL;
}

void
session_expect(struct session *s, const struct job *j)
{
	struct shared_plan *sp;

	/* A job with translations changes its tree: it reads its own. */
	if (j->translations != NULL)
		return;
	g_mutex_lock(&s->lock);
	if ((sp = g_hash_table_lookup(s->plans, j->plan)) == NULL) {
		sp = g_new0(struct shared_plan, 1);
		sp->slot.free = (GDestroyNotify)tree_free;
		g_hash_table_insert(s->plans, g_strdup(j->plan), sp);
	}
	sp->jobs++;
	sp->left++;
	g_mutex_unlock(&s->lock);
}

bool
session_prepare(struct session *s, const struct job *j,
    const struct render_opts *o, struct diags *diags)
{
	const struct catalog *cat;

	return S_words(s, j, o, true, diags, &cat) != NULL;
}

void
worker_clear(struct worker *w)
{
	/* The cache's layouts hold the fonts: they go first. */
	textcache_free(w->cache);
	w->cache = NULL;
	pdffontcache_free(w->pdffonts);
	w->pdffonts = NULL;
	imagecache_free(w->images);
	w->images = NULL;
	if (w->ready)
		fonts_clear(&w->fonts);
	w->ready = false;
}

/* ---- One job ---- */

/* The document's metadata, from the plan and the catalog. */
static void
S_metadata(struct document *doc, const struct tree *plan,
    const struct catalog *cat, const char *layout)
{
	const xmlNode *root = xmlDocGetRootElement(plan->xml);
	const xmlNode *city = tree_child(root, "city");
	const xmlNode *contact = tree_child(root, "contact");
	const char *lang = catalog_language(cat);
	const char *args[] = { "city", tree_text(tree_child(city, "name")),
	    NULL };
	const char *epoch = g_getenv("SOURCE_DATE_EPOCH");
	const char *issued = tree_text(tree_child(root, "issued"));
	const char *title = catalog_key(cat, "running-head");
	GString *kw = g_string_new(NULL);
	const xmlNode *themes = tree_child(root, "themes");
	const xmlNode *sdgs = tree_child(root, "sdgs");

	/* The document's language: the locale's, else the plan's. */
	if (lang == NULL)
		lang = tree_text(tree_child(root, "language"));
	doc->title = catalog_fill(title != NULL ? title : "{city}", args);
	doc->subject = g_strdup(catalog_key(cat, "title"));
	doc->author = g_strdup(tree_text(tree_child(contact, "name")));
	doc->language = g_strdup(lang != NULL ? lang : "en");
	{
		/* The ids of an SVG: the same for the same plan, another for
		 * another plan, even of the same city. */
		xmlChar *xml;
		int len;

		xmlDocDumpMemory(plan->xml, &xml, &len);
		doc->id_prefix = svgpost_prefix(args[1], layout,
		    doc->language, (const char *)xml, (gsize)len);
		xmlFree(xml);
	}
	for (xmlNodePtr t = tree_first(themes); t != NULL; t = tree_next(t))
		g_string_append_printf(kw, "%s%s", kw->len ? "; " : "",
		    tree_text(t));
	for (xmlNodePtr t = tree_first(sdgs); t != NULL; t = tree_next(t))
		g_string_append_printf(kw, "%sSDG %s", kw->len ? "; " : "",
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

/* The file names the rendered files of an output go to.  Caller frees. */
static char **
S_names(const char *target, enum outfmt f, guint nfiles)
{
	char **v = g_new0(char *, nfiles + 1);

	if (f != OUT_PNG || nfiles == 1) {
		v[0] = g_strdup(target);
		return v;
	}
	for (guint i = 0; i < nfiles; i++)
		v[i] = output_page_name(target, (int)i + 1);
	return v;
}

static void
S_dep(GPtrArray *deps, const char *path)
{
	for (guint i = 0; i < deps->len; i++)
		if (strcmp(deps->pdata[i], path) == 0)
			return;
	g_ptr_array_add(deps, g_strdup(path));
}

/* The strings of a (borrowed), and extra unless NULL, as a NULL-ended
 * array: free with g_ptr_array_free(r, TRUE). */
static GPtrArray *
S_strv(const GPtrArray *a, const char *extra)
{
	GPtrArray *r = g_ptr_array_sized_new(a->len + 2);

	for (guint i = 0; i < a->len; i++)
		g_ptr_array_add(r, a->pdata[i]);
	if (extra != NULL)
		g_ptr_array_add(r, (char *)extra);
	g_ptr_array_add(r, NULL);
	return r;
}

/* Whether the outputs and the depfile (may be NULL) replace none of the
 * files they are made from, nor each other (a message if they do). */
static bool
S_clobbers_nothing(const GPtrArray *names, const char *depfile,
    const GPtrArray *deps, struct diags *diags)
{
	GPtrArray *out = S_strv(names, depfile), *in = S_strv(deps, NULL);
	bool ok = output_check((char **)out->pdata, (char **)in->pdata,
	    diags);

	g_ptr_array_free(out, TRUE);
	g_ptr_array_free(in, TRUE);
	return ok;
}

/* Clear the page files an earlier render of target left, but none of
 * the files the summary is made from. */
static void
S_prune(const char *target, guint npages, const GPtrArray *deps)
{
	GPtrArray *in = S_strv(deps, NULL);

	output_prune_pages(target, npages, (char **)in->pdata);
	g_ptr_array_free(in, TRUE);
}

/* The font files the document's text is set in. */
static void
S_font_deps(const struct document *doc, GPtrArray *deps)
{
	GHashTable *seen = g_hash_table_new(NULL, NULL);

	for (guint i = 0; i < doc->pages->len; i++) {
		const struct page *p = doc->pages->pdata[i];

		for (guint j = 0; j < p->boxes->len; j++) {
			const struct box *b = &g_array_index(p->boxes,
			    struct box, j);
			const struct tline *line;

			if (b->kind != BOX_TEXT)
				continue;
			line = b->line;
			for (GSList *r = line->runs; r != NULL; r = r->next) {
				PangoFont *f = ((PangoGlyphItem *)r->data)
				    ->item->analysis.font;
				FcChar8 *file;

				if (f == NULL || !PANGO_IS_FC_FONT(f) ||
				    !g_hash_table_add(seen, f))
					continue;
				if (FcPatternGetString(pango_fc_font_get_pattern(
				    PANGO_FC_FONT(f)), FC_FILE, 0, &file) ==
				    FcResultMatch)
					S_dep(deps, (const char *)file);
			}
		}
	}
	g_hash_table_destroy(seen);
}

/* A file name as Make reads it: spaces, '#' and '\\' escaped, '$'
 * doubled. */
static void
S_make_name(GString *s, const char *name)
{
	for (const char *c = name; *c != '\0'; c++) {
		if (*c == ' ' || *c == '#' || *c == '\\')
			g_string_append_c(s, '\\');
		if (*c == '$')
			g_string_append_c(s, '$');
		g_string_append_c(s, *c);
	}
}

/* "OUT OUT: DEP DEP …" in Make's syntax, then an empty rule for each
 * DEP (as gcc -MP writes), so that a dependency that has gone away
 * rebuilds the outputs instead of stopping Make. */
static void
S_depfile(const struct job *j, GPtrArray *targets, GPtrArray *deps,
    struct diags *diags)
{
	GString *s = g_string_new(NULL);
	GPtrArray *files = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_bytes_unref);
	char *names[2] = { j->depfile, NULL };

	for (guint i = 0; i < targets->len; i++) {
		if (i > 0)
			g_string_append_c(s, ' ');
		S_make_name(s, targets->pdata[i]);
	}
	g_string_append_c(s, ':');
	for (guint i = 0; i < deps->len; i++) {
		g_string_append(s, " \\\n  ");
		S_make_name(s, deps->pdata[i]);
	}
	g_string_append_c(s, '\n');
	for (guint i = 0; i < deps->len; i++) {
		g_string_append_c(s, '\n');
		S_make_name(s, deps->pdata[i]);
		g_string_append(s, ":\n");
	}
	g_ptr_array_add(files, g_bytes_new(s->str, s->len));
	output_write(names, files, diags);
	g_ptr_array_unref(files);
	g_string_free(s, TRUE);
}

/*
 * Whether the catalog or the layout of a job gave warnings when they were
 * read (the layout's fonts too): the warnings are printed once a run,
 * with the job that read them first, but every job that uses them fails
 * with --strict.  Call with the lock held.
 */
static const char *
S_warned(struct session *s, const struct job *j)
{
	char *key = job_layout_key(j);
	char *ck = g_strconcat("catalog\n", j->locale != NULL ? j->locale :
	    "", NULL);
	char *lk = g_strconcat("layout\n", key, NULL);
	const char *which = g_hash_table_contains(s->warned, ck) ?
	    "language catalog" : g_hash_table_contains(s->warned, lk) ?
	    "layout" : NULL;

	g_free(key);
	g_free(ck);
	g_free(lk);
	return which;
}

/* Lay out and write every output of a valid plan. */
static bool
S_render(struct session *s, struct worker *w, const struct job *j,
    const struct render_opts *o, const struct tree *plan,
    GPtrArray *deps, GPtrArray *written, struct diags *diags)
{
	const struct catalog *cat;
	struct layoutfile *lf;
	struct document *doc;
	const char *warned;
	bool ok = true;

	lf = S_words(s, j, o, false, diags, &cat);
	if (lf == NULL)
		return false;
	if (!w->ready && !(w->ready = fonts_init(&w->fonts, s->dd.fonts,
	    diags)))
		return false;
	g_mutex_lock(&s->lock);
	if (layoutfile_check_fonts(lf, &w->fonts, s->font_warned, o->strict,
	    diags) > 0) {
		char *key = job_layout_key(j);

		g_hash_table_add(s->warned, g_strconcat("layout\n", key,
		    NULL));
		g_free(key);
	}
	warned = S_warned(s, j);
	g_mutex_unlock(&s->lock);
	/* Printed with another job (a batch): this one fails too. */
	if (o->strict && warned != NULL && !diags_failed(diags, true)) {
		struct srcpos none = { 0, 0 };

		diags_add(diags, SEV_ERROR, NULL, none, "not written: with "
		    "--strict, the warnings about the %s are errors", warned);
		return false;
	}
	if (w->cache == NULL)
		w->cache = textcache_new();
	if (w->images == NULL)
		w->images = imagecache_new();
	doc = layout_plan(lf, cat, plan, &w->fonts, w->cache, w->images,
	    o->allow, deps, diags);
	if (doc == NULL)
		return false;
	S_metadata(doc, plan, cat, lf->name);
	for (guint i = 0; i < lf->files->len; i++)
		S_dep(deps, lf->files->pdata[i]);
	S_dep(deps, s->layout_xsd);
	if (catalog_path(cat) != NULL)
		S_dep(deps, catalog_path(cat));
	{
		char *en = g_build_filename(s->catalog_dir, "en.po", NULL);

		S_dep(deps, en);
		g_free(en);
	}
	S_font_deps(doc, deps);
	if (o->dump_layout) {
		char *d = document_dump(doc);

		fputs(d, stdout);
		g_free(d);
		document_free(doc);
		return true;
	}
	if (diags_failed(diags, o->strict) || o->check_only) {
		document_free(doc);
		return !diags_failed(diags, o->strict);
	}
	/* Every format is drawn before any is written: a failure leaves
	 * every target as it was. */
	{
		GPtrArray *all = g_ptr_array_new_with_free_func(
		    (GDestroyNotify)g_bytes_unref);
		GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
		/* the PNG pages each output has, to clear away older ones */
		GArray *npages = g_array_new(FALSE, TRUE, sizeof(guint));

		for (guint i = 0; i < j->outputs->len && ok; i++) {
			const struct output *out = &g_array_index(j->outputs,
			    struct output, i);
			double dpi = o->width > 0 ? o->width * 72.0 /
			    doc->width : o->dpi;
			GPtrArray *files;

			if (out->format == OUT_PDF && w->pdffonts == NULL)
				w->pdffonts = pdffontcache_new();
			files = render_document(doc, out->format, dpi,
			    o->page, w->pdffonts, diags);
			char **n;

			if (files == NULL) {
				ok = false;
				break;
			}
			if (files->len > 1 && (strcmp(out->path, "-") == 0 ||
			    output_into(out->path))) {
				struct srcpos none = { 0, 0 };

				diags_add(diags, SEV_ERROR, j->plan, none, "the "
				    "summary has %u pages, and %s takes one "
				    "PNG: choose one with --page N, or write to "
				    "a file (-o NAME.png writes NAME-1.png, "
				    "NAME-2.png …)", files->len,
				    strcmp(out->path, "-") == 0 ?
				    "standard output" : "a device or a pipe");
				g_ptr_array_unref(files);
				ok = false;
				break;
			}
			n = S_names(out->path, out->format, files->len);
			for (guint k = 0; k < files->len; k++) {
				g_ptr_array_add(all,
				    g_bytes_ref(files->pdata[k]));
				g_ptr_array_add(names, g_strdup(n[k]));
			}
			g_strfreev(n);
			g_array_append_val(npages, files->len);
			g_ptr_array_unref(files);
		}
		ok = ok && !diags_failed(diags, o->strict);
		ok = ok && S_clobbers_nothing(names, j->depfile, deps, diags);
		/* The depfile's folder too, before any output is written. */
		ok = ok && (j->depfile == NULL ||
		    output_folder(j->depfile, diags));
		if (ok) {
			g_ptr_array_add(names, NULL);
			ok = output_write((char **)names->pdata, all, diags);
			for (guint k = 0; ok && k + 1 < names->len; k++)
				g_ptr_array_add(written,
				    g_strdup(names->pdata[k]));
		}
		for (guint i = 0; ok && o->page == 0 && i < npages->len; i++) {
			const struct output *out = &g_array_index(j->outputs,
			    struct output, i);

			if (out->format == OUT_PNG &&
			    strcmp(out->path, "-") != 0 &&
			    !output_into(out->path))
				S_prune(out->path, g_array_index(npages, guint,
				    i), deps);
		}
		g_array_free(npages, TRUE);
		g_ptr_array_free(names, TRUE);
		g_ptr_array_unref(all);
	}
	document_free(doc);
	return ok;
}

bool
session_run(struct session *s, struct worker *w, const struct job *j,
    const struct render_opts *o, struct diags *diags)
{
	return session_run_deps(s, w, j, o, diags, NULL);
}

/* Read and check a plan.  NULL, with messages in diags, when it cannot
 * be rendered; else the caller frees it. */
static struct tree *
S_read(struct session *s, const char *file, struct diags *diags)
{
	int errors = diags->errors;
	struct tree *plan = load_plan_file(file, diags);

	if (plan != NULL && (!validate_plan(s->schema, plan, diags) ||
	    diags->errors != errors)) {
		tree_free(plan);
		plan = NULL;
	}
	return plan;
}

/* The shared plan of a job, if several jobs render it; NULL: the job
 * reads its own. */
static struct shared_plan *
S_take(struct session *s, const struct job *j)
{
	struct shared_plan *sp;

	if (j->translations != NULL)
		return NULL;
	g_mutex_lock(&s->lock);
	sp = g_hash_table_lookup(s->plans, j->plan);
	if (sp != NULL && sp->jobs < 2) {
		g_hash_table_remove(s->plans, j->plan);
		sp = NULL;
	}
	g_mutex_unlock(&s->lock);
	if (sp == NULL)
		return NULL;
	if (g_once_init_enter(&sp->slot.read)) {
		diags_init(&sp->slot.diags);
		sp->slot.value = S_read(s, j->plan, &sp->slot.diags);
		g_once_init_leave(&sp->slot.read, 1);
	}
	return sp;
}

/* A job is done with its shared plan: the last one frees it. */
static void
S_give_back(struct session *s, const struct job *j, struct shared_plan *sp)
{
	g_mutex_lock(&s->lock);
	if (--sp->left == 0)
		g_hash_table_remove(s->plans, j->plan);
	g_mutex_unlock(&s->lock);
}

bool
session_run_deps(struct session *s, struct worker *w, const struct job *j,
    const struct render_opts *o, struct diags *diags, GPtrArray *deps_out)
{
	struct shared_plan *sp = S_take(s, j);
	struct tree *plan;
	GPtrArray *deps = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *written = g_ptr_array_new_with_free_func(g_free);
	bool ok = false;

	if (sp != NULL) {
		diags_append(diags, &sp->slot.diags);
		plan = sp->slot.value;
	} else
		plan = S_read(s, j->plan, diags);
	if (plan != NULL && (j->translations == NULL ||
	    translate_apply(plan, s->dd.schema, j->translations, o->strict,
	    diags))) {
		S_dep(deps, j->plan);
		S_dep(deps, s->dd.schema);
		if (j->translations != NULL)
			S_dep(deps, j->translations);
		ok = S_render(s, w, j, o, plan, deps, written, diags);
	}
	if (ok && j->depfile != NULL && !o->dump_layout && !o->check_only)
		S_depfile(j, written, deps, diags);
	/* The plan is a dependency even when it could not be read. */
	if (deps->len == 0)
		S_dep(deps, j->plan);
	for (guint i = 0; deps_out != NULL && i < deps->len; i++)
		g_ptr_array_add(deps_out, g_strdup(deps->pdata[i]));
	if (sp != NULL)
		S_give_back(s, j, sp);
	else
		tree_free(plan);
	g_ptr_array_free(deps, TRUE);
	g_ptr_array_free(written, TRUE);
	return ok && !diags_failed(diags, o->strict);
}
