/*
 * pdffont.c: the fonts of a PDF, embedded as subsets of their TrueType
 * font files.
 *
 * Each font file Pango draws with (one hb_face_t) is one PDF font: a
 * Type0 font with Identity-H encoding over a CIDFontType2.  Its codes
 * (CIDs) are ours, given from 1 in the order the page asks for a glyph
 * with a text; the same glyph for another text gets another code, so
 * that the ToUnicode map gives back every text exactly.  The subset is
 * HarfBuzz's, without hinting and without the tables a PDF viewer does
 * not read, its glyphs renumbered from 0 in the order of the original
 * file's; a CIDToGIDMap maps the codes to them.  (Keeping the original
 * numbers would save the map nothing and cost a full-length hmtx and
 * loca in every subset: with the Chinese font, 50 kB to cut and
 * deflate, five times the time of the rest.)
 *
 * The cache owns, per font file, a reference to its face, the face as
 * the subsetter sees it, what the PDF says of the font (names,
 * metrics, flags) and its latest subsets, deflated, for the next
 * document that draws the same glyphs.  A document's fonts own their
 * codes and texts, and a reference to each PangoFont asked about.
 */
#include "pdffont.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <math.h>
#include <string.h>

#include "append.h"

/* The most codes a font can have: two bytes each, and 0 is .notdef. */
#define CODES_MAX 0xFFFF

/* The most entries of a bfchar or bfrange block of a CMap. */
#define CMAP_BLOCK 100

/* The most UTF-16 code units a code's text has in the ToUnicode map
 * (a CMap string holds at most 512 bytes). */
#define TEXT_UNITS 256

/* The longest PostScript name kept, before the subset tag. */
#define PSNAME_MAX 63

/* The width of a code the /W array does not list (PDF's default). */
#define DW 1000

/* A face keeps its last SUBSETS_KEEP subsets, SUBSETS_BYTES of them at
 * most, for the next document that draws the same glyphs (the same text
 * in another layout of a batch). */
#define SUBSETS_KEEP 8
#define SUBSETS_BYTES (1 << 20)

/* The tables a subset keeps: what a PDF viewer reads of a CIDFontType2
 * font program.  Every other table is dropped. */
static const hb_tag_t S_keep[] = {
	HB_TAG('g', 'l', 'y', 'f'),
	HB_TAG('l', 'o', 'c', 'a'),
	HB_TAG('h', 'e', 'a', 'd'),
	HB_TAG('h', 'h', 'e', 'a'),
	HB_TAG('h', 'm', 't', 'x'),
	HB_TAG('m', 'a', 'x', 'p'),
	HB_TAG('p', 'o', 's', 't'),
};

/* FontDescriptor /Flags. */
#define FLAG_FIXED (1 << 0)
#define FLAG_SERIF (1 << 1)
#define FLAG_SYMBOLIC (1 << 2)
#define FLAG_SCRIPT (1 << 3)
#define FLAG_ITALIC (1 << 6)

/* A subset made, as a later document may want it again. */
struct subset {
	hb_set_t *glyphs;       /* owned; the glyphs asked for, .notdef too */
	hb_map_t *gids;         /* owned; glyph -> its number in the subset */
	GBytes *file;           /* the font program, deflated */
	gsize length1;          /* its length before */
};

/* One font file as the cache keeps it. */
struct face {
	hb_face_t *face;        /* a reference: the cache's key */
	hb_font_t *font;        /* owned; at scale upem, for advances */
	unsigned upem;          /* units per em */
	bool ready;             /* whether S_face_prepare ran */
	bool glyf;              /* it has TrueType outlines (set when ready) */
	hb_face_t *view;        /* owned; what is subset (S_view), or NULL */
	hb_subset_input_t *input; /* owned; flags and tables to drop; its
				   glyph set is each subset's */
	GQueue *subsets;        /* of struct subset * (owned), the latest
				   first */
	gsize subset_bytes;     /* the deflated bytes they hold */
	char *psname;           /* owned; PostScript name, fit for a name */
	char *family;           /* owned; family name, UTF-8 */
	int flags;              /* FontDescriptor /Flags */
	int bbox[4];            /* head's box, in thousandths of the em */
	int ascent, descent, capheight; /* the same */
	double italic;          /* italic angle, degrees */
};

struct pdffontcache {
	GHashTable *faces;      /* hb_face_t * -> struct face * (owned) */
};

/* A code: a glyph drawn for a text. */
struct code {
	guint glyph;
	guint next;             /* the next code of the same glyph; 0 none */
	guint off;              /* its text: len bytes at off in texts */
	guint len;
	int width;              /* advance, thousandths of the em */
};

/* One font of the document. */
struct font {
	struct face *face;      /* the cache's */
	GArray *codes;          /* struct code, by code; 0 is .notdef */
	GArray *byglyph;        /* of guint: a glyph's first code, or 0 */
	GString *texts;         /* the codes' texts, end to end */
	bool full;              /* some glyph found no code left */
};

/* What a PangoFont is in the document. */
struct size {
	int n;                  /* font number */
	double em;              /* size in points */
};

struct pdffonts {
	struct pdffontcache *cache;
	struct pdffontcache *own; /* owned: the cache when given none */
	GHashTable *bypango;    /* PangoFont * (a reference) -> struct size *
				   (owned) */
	GHashTable *byface;     /* hb_face_t * -> font number + 1 */
	GPtrArray *fonts;       /* struct font * (owned), by number */
};

/* ---- The cache ---- */

static void
S_subset_free(gpointer p)
{
	struct subset *s = p;

	hb_set_destroy(s->glyphs);
	hb_map_destroy(s->gids);
	g_bytes_unref(s->file);
	g_free(s);
}

static void
S_face_free(gpointer p)
{
	struct face *f = p;

	g_queue_free_full(f->subsets, S_subset_free);
	hb_subset_input_destroy(f->input);
	hb_face_destroy(f->view);
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	g_free(f->psname);
	g_free(f->family);
	g_free(f);
}

struct pdffontcache *
pdffontcache_new(void)
{
	struct pdffontcache *c = g_new0(struct pdffontcache, 1);

	c->faces = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
	    S_face_free);
	return c;
}

void
pdffontcache_free(struct pdffontcache *c)
{
	if (c == NULL)
		return;
	g_hash_table_destroy(c->faces);
	g_free(c);
}

/* The cache's entry of a face, made if new: only what drawing needs
 * (the advances); the rest waits for S_face_prepare. */
static struct face *
S_face(struct pdffontcache *c, hb_face_t *face)
{
	struct face *f = g_hash_table_lookup(c->faces, face);

	if (f != NULL)
		return f;
	f = g_new0(struct face, 1);
	f->face = hb_face_reference(face);
	f->subsets = g_queue_new();
	f->upem = hb_face_get_upem(face);
	f->font = hb_font_create(face);
	hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
	g_hash_table_insert(c->faces, face, f);
	return f;
}

/* ---- What the PDF says of a font file ---- */

/* A name of the face's name table, or NULL. */
static char *
S_name(hb_face_t *face, hb_ot_name_id_t id)
{
	char buf[256];
	unsigned len = sizeof buf;

	if (hb_ot_name_get_utf8(face, id, HB_LANGUAGE_INVALID, &len, buf) == 0
	    || len == 0)
		return NULL;
	return g_strndup(buf, len);
}

/* The PostScript name, with only what a PDF name holds as it is and
 * other fonts' names commonly hold: printable ASCII, no delimiter. */
static char *
S_psname(hb_face_t *face, const char *family)
{
	char *ps = S_name(face, HB_OT_NAME_ID_POSTSCRIPT_NAME);
	const char *from = ps != NULL ? ps : family;
	GString *s = g_string_new(NULL);

	for (const char *p = from; p != NULL && *p != '\0' &&
	    s->len < PSNAME_MAX; p++)
		if (*p > ' ' && *p < 0x7f && strchr("()<>[]{}/%#", *p) == NULL)
			g_string_append_c(s, *p);
	if (s->len == 0)
		append_lit(s, "Font");
	g_free(ps);
	return g_string_free(s, FALSE);
}

/* A big-endian integer of n bytes at off in a table, 0 past its end. */
static guint32
S_be(hb_blob_t *table, unsigned off, unsigned n)
{
	unsigned len;
	const guint8 *d = (const guint8 *)hb_blob_get_data(table, &len);
	guint32 v = 0;

	if (off + n > len)
		return 0;
	for (unsigned i = 0; i < n; i++)
		v = v << 8 | d[off + i];
	return v;
}

/* Font units in thousandths of the em. */
static int
S_thousandths(const struct face *f, double units)
{
	return (int)lround(units * 1000.0 / f->upem);
}

/* The FontDescriptor's metrics and flags, from head, hhea, OS/2, post. */
static void
S_face_metrics(struct face *f)
{
	hb_blob_t *head = hb_face_reference_table(f->face,
	    HB_TAG('h', 'e', 'a', 'd'));
	hb_blob_t *os2 = hb_face_reference_table(f->face,
	    HB_TAG('O', 'S', '/', '2'));
	hb_blob_t *post = hb_face_reference_table(f->face,
	    HB_TAG('p', 'o', 's', 't'));
	hb_position_t asc, desc, cap;
	unsigned class, panose;

	/* xMin, yMin, xMax, yMax: int16 at 36. */
	for (int i = 0; i < 4; i++)
		f->bbox[i] = S_thousandths(f,
		    (gint16)S_be(head, 36 + 2 * (unsigned)i, 2));
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &asc);
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &desc);
	hb_ot_metrics_get_position_with_fallback(f->font,
	    HB_OT_METRICS_TAG_CAP_HEIGHT, &cap);
	f->ascent = S_thousandths(f, asc);
	f->descent = S_thousandths(f, desc);
	f->capheight = S_thousandths(f, cap);
	f->italic = hb_style_get_value(f->font, HB_STYLE_TAG_SLANT_ANGLE);

	/* Codes are CIDs, not a standard encoding: always symbolic. */
	f->flags = FLAG_SYMBOLIC;
	if (S_be(post, 12, 4) != 0)             /* isFixedPitch */
		f->flags |= FLAG_FIXED;
	class = S_be(os2, 30, 2) >> 8;          /* sFamilyClass */
	panose = S_be(os2, 32, 2);              /* family kind, serif style */
	if ((class >= 1 && class <= 5) || class == 7 || (class == 0 &&
	    panose >> 8 == 2 && (panose & 0xFF) >= 2 && (panose & 0xFF) <= 10))
		f->flags |= FLAG_SERIF;
	else if (class == 10 || (class == 0 && panose >> 8 == 3))
		f->flags |= FLAG_SCRIPT;
	if ((S_be(head, 44, 2) & 2) != 0 ||     /* macStyle italic */
	    (S_be(os2, 62, 2) & 1) != 0 ||      /* fsSelection italic */
	    f->italic != 0)
		f->flags |= FLAG_ITALIC;
	hb_blob_destroy(head);
	hb_blob_destroy(os2);
	hb_blob_destroy(post);
}

/* The subset input of a face: its flags, and every table it has that
 * a subset drops.  The glyph set is filled for each subset. */
static hb_subset_input_t *
S_face_input(hb_face_t *face)
{
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_set_t *drop;
	hb_tag_t tags[64];
	unsigned start = 0, n;

	if (in == NULL)
		return NULL;
	/* .notdef keeps its outline: it is what an unknown character is
	 * drawn with. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING |
	    HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
	drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	do {
		n = G_N_ELEMENTS(tags);
		hb_face_get_table_tags(face, start, &n, tags);
		for (unsigned i = 0; i < n; i++) {
			size_t k = 0;

			while (k < G_N_ELEMENTS(S_keep) && S_keep[k] != tags[i])
				k++;
			if (k == G_N_ELEMENTS(S_keep))
				hb_set_add(drop, tags[i]);
		}
		start += n;
	} while (n == G_N_ELEMENTS(tags));
	return in;
}

static hb_blob_t *
S_view_table(hb_face_t *view, hb_tag_t tag, void *face)
{
	(void)view;
	if (tag == HB_TAG('c', 'm', 'a', 'p') || tag == HB_TAG_NONE)
		return NULL;
	return hb_face_reference_table(face, tag);
}

static void
S_view_free(void *face)
{
	hb_face_destroy(face);
}

/*
 * The face as the subsetter sees it: its tables but cmap.  HarfBuzz
 * 6.0 reads a face's whole cmap for each subset of glyphs (to keep the
 * characters that map to them, and their variation sequences), which
 * is nine tenths of the time a subset of Noto Sans takes (0.3 ms
 * against 0.03); the subsets here keep no cmap and want none of its
 * glyphs.  This makes preparing the face (hb_subset_preprocess, 16 to
 * 28 ms a face for the same 0.03 ms a subset) needless.
 */
static hb_face_t *
S_view(hb_face_t *face)
{
	return hb_face_create_for_tables(S_view_table,
	    hb_face_reference(face), S_view_free);
}

/*
 * Everything about a face that only writing needs, once per cache: its
 * names and metrics, and, for a face with TrueType outlines, what is
 * subset and how.  False if the face cannot be subset (no glyf table,
 * or HarfBuzz failed).
 */
static bool
S_face_prepare(struct face *f)
{
	hb_blob_t *glyf;

	if (!f->ready) {
		f->ready = true;
		f->family = S_name(f->face,
		    HB_OT_NAME_ID_TYPOGRAPHIC_FAMILY);
		if (f->family == NULL)
			f->family = S_name(f->face, HB_OT_NAME_ID_FONT_FAMILY);
		if (f->family == NULL)
			f->family = g_strdup("");
		f->psname = S_psname(f->face, f->family);
		S_face_metrics(f);
		glyf = hb_face_reference_table(f->face,
		    HB_TAG('g', 'l', 'y', 'f'));
		f->glyf = hb_blob_get_length(glyf) > 0;
		hb_blob_destroy(glyf);
		if (f->glyf) {
			f->view = S_view(f->face);
			f->input = S_face_input(f->face);
		}
	}
	return f->glyf && f->input != NULL;
}

/* ---- The document's fonts ---- */

static void
S_font_free(gpointer p)
{
	struct font *f = p;

	g_array_free(f->codes, TRUE);
	g_array_free(f->byglyph, TRUE);
	g_string_free(f->texts, TRUE);
	g_free(f);
}

struct pdffonts *
pdffonts_new(struct pdffontcache *cache)
{
	struct pdffonts *p = g_new0(struct pdffonts, 1);

	if (cache == NULL)
		cache = p->own = pdffontcache_new();
	p->cache = cache;
	p->bypango = g_hash_table_new_full(g_direct_hash, g_direct_equal,
	    g_object_unref, g_free);
	p->byface = g_hash_table_new(g_direct_hash, g_direct_equal);
	p->fonts = g_ptr_array_new_with_free_func(S_font_free);
	return p;
}

void
pdffonts_free(struct pdffonts *p)
{
	if (p == NULL)
		return;
	g_hash_table_destroy(p->bypango);
	g_hash_table_destroy(p->byface);
	g_ptr_array_free(p->fonts, TRUE);
	pdffontcache_free(p->own);
	g_free(p);
}

/* The number of the document's font for a face, added if new. */
static int
S_font(struct pdffonts *p, hb_face_t *face)
{
	guint n = GPOINTER_TO_UINT(g_hash_table_lookup(p->byface, face));
	struct font *f;

	if (n != 0)
		return (int)n - 1;
	f = g_new0(struct font, 1);
	f->face = S_face(p->cache, face);
	f->codes = g_array_sized_new(FALSE, TRUE, sizeof(struct code), 128);
	g_array_set_size(f->codes, 1);          /* .notdef */
	f->byglyph = g_array_new(FALSE, TRUE, sizeof(guint));
	f->texts = g_string_sized_new(256);
	g_ptr_array_add(p->fonts, f);
	g_hash_table_insert(p->byface, face, GUINT_TO_POINTER(p->fonts->len));
	return (int)p->fonts->len - 1;
}

int
pdffonts_font(struct pdffonts *p, PangoFont *font, double *em)
{
	struct size *s = g_hash_table_lookup(p->bypango, font);
	hb_font_t *hb;
	int xscale;

	if (s == NULL) {
		hb = pango_font_get_hb_font(font);
		/* Pango 1.50 scales a font's hb_font to its size in Pango
		 * units of the layout (points, at 72 dpi): 8.5 pt is
		 * 8.5 * PANGO_SCALE.  Glyph positions are in the same. */
		hb_font_get_scale(hb, &xscale, NULL);
		s = g_new(struct size, 1);
		s->n = S_font(p, hb_font_get_face(hb));
		s->em = (double)xscale / PANGO_SCALE;
		g_hash_table_insert(p->bypango, g_object_ref(font), s);
	}
	*em = s->em;
	return s->n;
}

guint
pdffonts_code(struct pdffonts *p, int fn, guint glyph, const char *text,
    gsize len, int *width)
{
	struct font *f = g_ptr_array_index(p->fonts, fn);
	struct code *c = NULL, nc;
	guint n, last = 0;

	n = glyph < f->byglyph->len ?
	    g_array_index(f->byglyph, guint, glyph) : 0;
	for (; n != 0; n = c->next) {
		c = &g_array_index(f->codes, struct code, n);
		if (c->len == len && (len == 0 ||
		    memcmp(f->texts->str + c->off, text, len) == 0)) {
			*width = c->width;
			return n;
		}
		last = n;
	}
	/* Not a glyph (Pango's empty or unknown ones), or no code left. */
	if (glyph > 0xFFFF || f->codes->len > CODES_MAX) {
		f->full = f->full || glyph <= 0xFFFF;
		*width = 0;
		return 0;
	}
	memset(&nc, 0, sizeof nc);
	nc.glyph = glyph;
	nc.off = (guint)f->texts->len;
	nc.len = (guint)len;
	if (last != 0)
		nc.width = g_array_index(f->codes, struct code, last).width;
	else
		nc.width = S_thousandths(f->face,
		    hb_font_get_glyph_h_advance(f->face->font, glyph));
	if (len > 0)
		g_string_append_len(f->texts, text, (gssize)len);
	n = f->codes->len;
	g_array_append_val(f->codes, nc);
	if (last != 0)
		g_array_index(f->codes, struct code, last).next = n;
	else {
		if (glyph >= f->byglyph->len)
			g_array_set_size(f->byglyph, glyph + 1);
		g_array_index(f->byglyph, guint, glyph) = n;
	}
	*width = nc.width;
	return n;
}

/* ---- Writing ---- */

static void
S_hex4(GString *s, guint v)
{
	static const char digits[] = "0123456789ABCDEF";

	g_string_append_c(s, digits[v >> 12 & 15]);
	g_string_append_c(s, digits[v >> 8 & 15]);
	g_string_append_c(s, digits[v >> 4 & 15]);
	g_string_append_c(s, digits[v & 15]);
}

/*
 * The subset tag: six capital letters from a hash (FNV-1a) of the
 * PostScript name and the glyphs, so that the same subset has the same
 * name in every run.
 */
static void
S_tag(char tag[7], const char *psname, const hb_set_t *glyphs)
{
	guint64 h = 14695981039346656037u;
	hb_codepoint_t g = HB_SET_VALUE_INVALID;

	for (const char *p = psname; *p != '\0'; p++)
		h = (h ^ (guchar)*p) * 1099511628211u;
	while (hb_set_next(glyphs, &g)) {
		h = (h ^ (g >> 8 & 0xFF)) * 1099511628211u;
		h = (h ^ (g & 0xFF)) * 1099511628211u;
	}
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = '\0';
}

/* The glyphs the font's codes draw, and .notdef, as the face's subset
 * input's glyph set. */
static hb_set_t *
S_glyphs(const struct font *f)
{
	hb_set_t *glyphs = hb_subset_input_glyph_set(f->face->input);

	hb_set_clear(glyphs);
	hb_set_add(glyphs, 0);
	for (guint i = 1; i < f->codes->len; i++)
		hb_set_add(glyphs, g_array_index(f->codes, struct code,
		    i).glyph);
	return glyphs;
}

/* Keep a subset as the face's latest, forgetting the oldest ones past
 * SUBSETS_KEEP or SUBSETS_BYTES. */
static void
S_subset_keep(struct face *f, struct subset *s)
{
	g_queue_push_head(f->subsets, s);
	f->subset_bytes += g_bytes_get_size(s->file);
	while (f->subsets->length > 1 && (f->subsets->length > SUBSETS_KEEP ||
	    f->subset_bytes > SUBSETS_BYTES)) {
		struct subset *old = g_queue_pop_tail(f->subsets);

		f->subset_bytes -= g_bytes_get_size(old->file);
		S_subset_free(old);
	}
}

/*
 * The subset of a face with the glyphs of its input's glyph set: one
 * kept from an earlier document, or cut by HarfBuzz, deflated and kept.
 * Its glyphs are renumbered from 0 in their order in the face.  NULL if
 * HarfBuzz fails.
 */
static const struct subset *
S_subset(struct face *f, struct pdfout *out)
{
	const hb_set_t *glyphs = hb_subset_input_glyph_set(f->input);
	hb_subset_plan_t *plan;
	hb_face_t *sub;
	hb_blob_t *blob;
	struct subset *s;
	const char *data;
	unsigned len;
	guint8 *z;
	gsize zlen;

	for (GList *l = f->subsets->head; l != NULL; l = l->next) {
		s = l->data;
		if (hb_set_is_equal(s->glyphs, glyphs)) {
			g_queue_unlink(f->subsets, l);
			g_queue_push_head_link(f->subsets, l);
			return s;
		}
	}
	if ((plan = hb_subset_plan_create_or_fail(f->view, f->input)) == NULL)
		return NULL;
	sub = hb_subset_plan_execute_or_fail(plan);
	blob = sub != NULL ? hb_face_reference_blob(sub) : hb_blob_get_empty();
	data = hb_blob_get_data(blob, &len);
	if (len == 0) {
		hb_blob_destroy(blob);
		hb_face_destroy(sub);
		hb_subset_plan_destroy(plan);
		return NULL;
	}
	s = g_new0(struct subset, 1);
	s->glyphs = hb_set_copy(glyphs);
	s->gids = hb_map_copy(hb_subset_plan_old_to_new_glyph_mapping(plan));
	z = pdfout_deflate(out, data, len, &zlen);
	s->file = g_bytes_new_take(z, zlen);
	s->length1 = len;
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_plan_destroy(plan);
	S_subset_keep(f, s);
	return s;
}

/* The CIDToGIDMap's bytes: each code's glyph in the subset, two bytes
 * big-endian.  Caller frees. */
static guint8 *
S_cid_to_gid(const struct font *f, const struct subset *sub, gsize *len)
{
	guint8 *map = g_malloc0(2 * f->codes->len);

	for (guint i = 1; i < f->codes->len; i++) {
		hb_codepoint_t g = hb_map_get(sub->gids,
		    g_array_index(f->codes, struct code, i).glyph);

		if (g == HB_MAP_VALUE_INVALID)
			g = 0;
		map[2 * i] = (guint8)(g >> 8);
		map[2 * i + 1] = (guint8)g;
	}
	*len = 2 * f->codes->len;
	return map;
}

/*
 * The /W array: runs of three codes or more of one width as "first last
 * width", runs of the default width left out, the other codes as
 * "first [width width ...]".  Nothing if every code has the default.
 */
static void
S_widths(GString *s, const struct font *f)
{
	guint n = f->codes->len, i = 1, j;
	bool any = false, list = false;
	int w;

	while (i < n) {
		w = g_array_index(f->codes, struct code, i).width;
		for (j = i + 1; j < n &&
		    g_array_index(f->codes, struct code, j).width == w; j++)
			continue;
		/* Codes i to j - 1 have width w. */
		if ((w == DW && j - i >= 2) || j - i >= 3) {
			if (list)
				g_string_append_c(s, ']');
			list = false;
			if (w != DW) {
				g_string_append_printf(s, "%s%u %u %d",
				    any ? " " : " /W [", i, j - 1, w);
				any = true;
			}
			i = j;
			continue;
		}
		for (; i < j; i++) {
			if (!list)
				g_string_append_printf(s, "%s%u [",
				    any ? " " : " /W [", i);
			g_string_append_printf(s, list ? " %d" : "%d", w);
			list = any = true;
		}
	}
	if (list)
		g_string_append_c(s, ']');
	if (any)
		g_string_append_c(s, ']');
}

/* A code's text as UTF-16BE hex, at most TEXT_UNITS units.  Invalid
 * UTF-8 ends it. */
static void
S_utf16(GString *s, const char *text, gsize len)
{
	const char *p = text, *end = text + len;
	guint units = 0;

	while (p < end) {
		gunichar u = g_utf8_get_char_validated(p, end - p);

		if (u == (gunichar)-1 || u == (gunichar)-2)
			break;
		if (u >= 0x10000) {
			if (units + 2 > TEXT_UNITS)
				break;
			u -= 0x10000;
			S_hex4(s, 0xD800 + (u >> 10));
			S_hex4(s, 0xDC00 + (u & 0x3FF));
			units += 2;
		} else {
			if (units + 1 > TEXT_UNITS)
				break;
			S_hex4(s, u);
			units++;
		}
		p = g_utf8_next_char(p);
	}
}

/* The one character of a text, if it is one character of the Basic
 * Multilingual Plane (a bfrange's destination); else -1. */
static int
S_single(const char *text, gsize len)
{
	gunichar u;

	if (len == 0 || len > 3)
		return -1;
	u = g_utf8_get_char_validated(text, (gssize)len);
	if (u >= 0x10000 || (u >= 0xD800 && u < 0xE000) ||
	    (gsize)(g_utf8_next_char(text) - text) != len)
		return -1;
	return (int)u;
}

/* A run of codes for the ToUnicode map: first to last, whose texts are
 * the characters from first's on (a bfrange), or one code (a bfchar). */
struct span {
	guint first, last;
	int u;                  /* first's character, or -1 */
};

/* The ToUnicode CMap (as cairo writes it): every code with a text. */
static void
S_tounicode(GString *s, const struct font *f)
{
	GArray *spans = g_array_new(FALSE, FALSE, sizeof(struct span));
	struct span *sp = NULL;
	guint nchar = 0, nrange = 0, done;

	for (guint i = 1; i < f->codes->len; i++) {
		const struct code *c = &g_array_index(f->codes, struct code,
		    i);
		const char *text = f->texts->str + c->off;
		int u;

		if (c->len == 0 || !g_utf8_validate_len(text, c->len, NULL))
			continue;
		u = S_single(text, c->len);
		/* A bfrange changes only the last byte, of code and text. */
		if (sp != NULL && u >= 0 && sp->u >= 0 && sp->last + 1 == i &&
		    (i & 0xFF) != 0 && u == sp->u + (int)(i - sp->first) &&
		    (u & 0xFF) != 0) {
			sp->last = i;
			continue;
		}
		g_array_set_size(spans, spans->len + 1);
		sp = &g_array_index(spans, struct span, spans->len - 1);
		sp->first = sp->last = i;
		sp->u = u;
	}
	for (guint k = 0; k < spans->len; k++)
		if (g_array_index(spans, struct span, k).first ==
		    g_array_index(spans, struct span, k).last)
			nchar++;
	nrange = spans->len - nchar;

	g_string_append(s,
	    "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo\n"
	    "<< /Registry (Adobe)\n"
	    "   /Ordering (UCS)\n"
	    "   /Supplement 0\n"
	    ">> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n"
	    "<0000> <FFFF>\n"
	    "endcodespacerange\n");
	done = 0;
	for (guint k = 0; k < spans->len; k++) {
		const struct span *x = &g_array_index(spans, struct span, k);
		const struct code *c;

		if (x->first != x->last)
			continue;
		if (done % CMAP_BLOCK == 0)
			g_string_append_printf(s, "%u beginbfchar\n",
			    MIN(CMAP_BLOCK, nchar - done));
		c = &g_array_index(f->codes, struct code, x->first);
		g_string_append_c(s, '<');
		S_hex4(s, x->first);
		append_lit(s, "> <");
		S_utf16(s, f->texts->str + c->off, c->len);
		append_lit(s, ">\n");
		if (++done % CMAP_BLOCK == 0 || done == nchar)
			append_lit(s, "endbfchar\n");
	}
	done = 0;
	for (guint k = 0; k < spans->len; k++) {
		const struct span *x = &g_array_index(spans, struct span, k);

		if (x->first == x->last)
			continue;
		if (done % CMAP_BLOCK == 0)
			g_string_append_printf(s, "%u beginbfrange\n",
			    MIN(CMAP_BLOCK, nrange - done));
		g_string_append_c(s, '<');
		S_hex4(s, x->first);
		append_lit(s, "> <");
		S_hex4(s, x->last);
		append_lit(s, "> <");
		S_hex4(s, (guint)x->u);
		append_lit(s, ">\n");
		if (++done % CMAP_BLOCK == 0 || done == nrange)
			append_lit(s, "endbfrange\n");
	}
	g_string_append(s,
	    "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n");
	g_array_free(spans, TRUE);
}

/* Whether any code of the font has a text. */
static bool
S_has_text(const struct font *f)
{
	return f->texts->len > 0;
}

/* The FontDescriptor's body. */
static void
S_descriptor(GString *s, const struct face *face, const char *basefont,
    int file)
{
	append_lit(s, "<< /Type /FontDescriptor /FontName ");
	pdfout_name(s, basefont);
	if (face->family[0] != '\0') {
		append_lit(s, " /FontFamily ");
		pdfout_text(s, face->family);
	}
	g_string_append_printf(s, " /Flags %d /FontBBox [%d %d %d %d]"
	    " /ItalicAngle ", face->flags, face->bbox[0], face->bbox[1],
	    face->bbox[2], face->bbox[3]);
	pdfout_num(s, face->italic, 2);
	g_string_append_printf(s, " /Ascent %d /Descent %d /CapHeight %d"
	    " /StemV 80 /FontFile2 %d 0 R >>", face->ascent, face->descent,
	    face->capheight, file);
}

/* The objects of font number n, its subset sub; the entry of its
 * resource into resources. */
static void
S_font_objects(const struct font *f, int n, const struct subset *sub,
    const char *basefont, struct pdfout *out, GString *resources,
    GString *s)
{
	int type0 = pdfout_reserve(out), cidfont = pdfout_reserve(out);
	int desc = pdfout_reserve(out), file = pdfout_reserve(out);
	int map = pdfout_reserve(out), tounicode = 0;
	guint8 *bytes;
	gsize len;

	g_string_printf(s, "/Length1 %" G_GSIZE_FORMAT, sub->length1);
	pdfout_stream(out, file, s->str, g_bytes_get_data(sub->file, NULL),
	    g_bytes_get_size(sub->file), "/FlateDecode");

	bytes = S_cid_to_gid(f, sub, &len);
	pdfout_stream(out, map, "", bytes, len, NULL);
	g_free(bytes);

	if (S_has_text(f)) {
		tounicode = pdfout_reserve(out);
		g_string_truncate(s, 0);
		S_tounicode(s, f);
		pdfout_stream(out, tounicode, "", s->str, s->len, NULL);
	}

	g_string_truncate(s, 0);
	S_descriptor(s, f->face, basefont, file);
	pdfout_object(out, desc, s->str, s->len);

	g_string_assign(s, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont ");
	pdfout_name(s, basefont);
	g_string_append_printf(s, " /CIDSystemInfo << /Registry (Adobe)"
	    " /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R",
	    desc);
	S_widths(s, f);
	g_string_append_printf(s, " /CIDToGIDMap %d 0 R >>", map);
	pdfout_object(out, cidfont, s->str, s->len);

	g_string_assign(s, "<< /Type /Font /Subtype /Type0 /BaseFont ");
	pdfout_name(s, basefont);
	g_string_append_printf(s, " /Encoding /Identity-H"
	    " /DescendantFonts [%d 0 R]", cidfont);
	if (tounicode != 0)
		g_string_append_printf(s, " /ToUnicode %d 0 R", tounicode);
	append_lit(s, " >>");
	pdfout_object(out, type0, s->str, s->len);

	if (resources->len > 0)
		g_string_append_c(resources, ' ');
	g_string_append_printf(resources, "/F%d %d 0 R", n, type0);
}

/*
 * Write font number n of the document: its subset first, since that may
 * fail (and then nothing is written), then its objects.
 */
static bool
S_font_write(const struct font *f, int n, struct pdfout *out,
    GString *resources, GString *s, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	struct face *face = f->face;
	const struct subset *sub;
	char tag[7], *basefont;

	if (!S_face_prepare(face)) {
		if (!face->glyf)
			diags_add(diags, SEV_ERROR, NULL, none, "the font "
			    "\"%s\" has PostScript (CFF) outlines or none; "
			    "only fonts with TrueType outlines can be "
			    "embedded in a PDF", face->family);
		else
			diags_add(diags, SEV_ERROR, NULL, none, "the font "
			    "\"%s\" could not be read for embedding in the "
			    "PDF", face->family);
		return false;
	}
	if (f->full) {
		diags_add(diags, SEV_ERROR, NULL, none, "the font \"%s\" is "
		    "drawn with more than %d different glyphs in one "
		    "document, more than a PDF font can hold", face->family,
		    CODES_MAX);
		return false;
	}
	S_tag(tag, face->psname, S_glyphs(f));
	if ((sub = S_subset(face, out)) == NULL) {
		diags_add(diags, SEV_ERROR, NULL, none, "the font \"%s\" "
		    "could not be subset for embedding in the PDF",
		    face->family);
		return false;
	}
	basefont = g_strdup_printf("%s+%s", tag, face->psname);
	S_font_objects(f, n, sub, basefont, out, resources, s);
	g_free(basefont);
	return true;
}

bool
pdffonts_write(struct pdffonts *p, struct pdfout *out, GString *resources,
    struct diags *diags)
{
	GString *s = g_string_sized_new(4096);
	bool ok = true;

	for (guint i = 0; i < p->fonts->len; i++)
		if (!S_font_write(g_ptr_array_index(p->fonts, i), (int)i, out,
		    resources, s, diags))
			ok = false;
	g_string_free(s, TRUE);
	return ok;
}
