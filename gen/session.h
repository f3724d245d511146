/*
 * session.h: rendering plans with what is loaded once: the schema, the
 * catalogs, the layouts; fonts once per worker.
 *
 * A job is one plan in one layout and one locale, written in one or more
 * formats.  main.c makes the jobs; batch.c runs many of them in
 * parallel; watch.c runs one again when its files change.
 */
#ifndef UCAPGEN_SESSION_H
#define UCAPGEN_SESSION_H

#include <glib.h>
#include <stdbool.h>

#include "catalog.h"
#include "data.h"
#include "diag.h"
#include "fonts.h"
#include "layoutfile.h"
#include "pdffont.h"
#include "render.h"
#include "text.h"
#include "validate.h"

/* How every job of a run is rendered. */
struct render_opts {
	const char *paper;      /* a paper size for the layouts, or NULL */
	double dpi;             /* PNG resolution */
	int width;              /* PNG width in pixels, or 0: dpi */
	int page;               /* PNG: the one page to write, or 0 */
	bool strict;            /* warnings fail the job */
	bool dump_layout;       /* print the boxes instead of rendering */
	char *const *allow;     /* folders images may come from */
	bool check_only;        /* lay out (images, fonts, fit), write
				   nothing */
};

struct output {
	enum outfmt format;
	char *path;             /* owned; "-" for standard output */
};

struct job {
	char *plan;             /* owned; the plan file */
	char *layout;           /* owned; a layout name or file, NULL: sheet */
	char *locale;           /* owned; or NULL: English */
	char *translations;     /* owned; a PO file for the plan, or NULL */
	GArray *outputs;        /* owned; of struct output */
	char *depfile;          /* owned; write one here, or NULL */
};

struct job *job_new(const char *plan, const char *layout,
    const char *locale);
void job_add_output(struct job *, enum outfmt, const char *path);
void job_free(struct job *);
/* "locale\nlayout" ("" for English, "sheet" for none): the key of the
 * layout as a job's locale checks it.  Caller frees. */
char *job_layout_key(const struct job *);

struct session {
	struct datadir dd;
	struct schema *schema;          /* owned */
	char *catalog_dir;              /* owned */
	char *layout_xsd;               /* owned */
	xmlSchemaPtr layout_schema;     /* owned; read with the first layout */
	gsize layout_schema_read;       /* g_once: layout_schema is set */
	GHashTable *catalogs;           /* locale ("" English) -> its catalog,
					   read once (session.c) */
	GHashTable *layouts;            /* "locale\nname" -> its layout,
					   read once */
	GHashTable *warned;             /* owned: "catalog\nlocale" and
					   "layout\nlocale\nname" of those
					   whose reading gave warnings */
	GHashTable *font_warned;        /* owned: the places of layouts' fonts
					   already warned about */
	GHashTable *plans;              /* plan file -> the plan, read and
					   checked once for the jobs
					   session_expect counted */
	GMutex lock;                    /* for the caches */
};

/* What one thread needs of its own: fonts (Pango is not shared), the
 * texts it has set, the fonts' subsets and the images it has loaded. */
struct worker {
	struct fonts fonts;
	bool ready;
	struct textcache *cache;        /* owned, or NULL */
	struct pdffontcache *pdffonts;  /* owned, or NULL */
	struct imagecache *images;      /* owned, or NULL */
};

/* Find the data and load the schema.  false with messages in diags. */
bool session_init(struct session *, struct diags *);
void session_clear(struct session *);
/* Forget the layouts and catalogs read so far (and which font warnings
 * were given): the next job reads them again, as --watch needs after a
 * change. */
void session_forget(struct session *);
/* Count the job among its plan's, before any job runs: a plan that
 * several jobs render is read and checked once, by the first, and
 * forgotten after the last. */
void session_expect(struct session *, const struct job *);
/* Read, once, what the job needs (its catalog and layout), so that
 * workers find it ready; several threads may prepare at once.  Every
 * message of reading them goes to diags, for each job: print them with
 * diags_print_once.  false when they could not be read. */
bool session_prepare(struct session *, const struct job *,
    const struct render_opts *, struct diags *);

void worker_clear(struct worker *);

/*
 * The whole pipeline for one job: load and validate the plan, apply its
 * translations, lay it out and write every output (or its dependency
 * file).  Messages go to diags.  Returns true when every output was
 * written.  Safe to call from several threads, each with its worker.
 */
bool session_run(struct session *, struct worker *, const struct job *,
    const struct render_opts *, struct diags *);
/* The same, and every file the job read added to deps_out (if not
 * NULL): the plan, its translations, schema, layouts, catalogs, images
 * and fonts. */
bool session_run_deps(struct session *, struct worker *, const struct job *,
    const struct render_opts *, struct diags *, GPtrArray *deps_out);

#endif
