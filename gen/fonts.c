/*
 * fonts.c: a private fontconfig configuration on the bundled fonts, and
 * the Pango font map made from it.
 *
 * Owns the configuration, the font map and the coverage set.
 */
#include "fonts.h"

#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>
#include <unistd.h>

/* A folder fontconfig can write its cache to.  Caller frees. */
static char *
S_cachedir(void)
{
	char *dir = g_build_filename(g_get_user_cache_dir(), "ucapgen",
	    "fontconfig", NULL);

	if (g_mkdir_with_parents(dir, 0755) == 0 && access(dir, W_OK) == 0)
		return dir;
	g_free(dir);
	dir = g_strdup_printf("%s/ucapgen-fontconfig-%u", g_get_tmp_dir(),
	    (unsigned)getuid());
	g_mkdir_with_parents(dir, 0700);
	return dir;
}

static char *
S_escape(const char *s)
{
	return g_markup_escape_text(s, -1);
}

static gint
S_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The coverage of the characters below FONTS_LOW as a bitmap, copied
 * from the set's own pages of 256: every character of every text is
 * looked up. */
static void
S_low(struct fonts *f)
{
	FcChar32 map[FC_CHARSET_MAP_SIZE], next;

	memset(f->low, 0, sizeof f->low);
	for (FcChar32 base = FcCharSetFirstPage(f->coverage, map, &next);
	    base != FC_CHARSET_DONE && base < FONTS_LOW;
	    base = FcCharSetNextPage(f->coverage, map, &next))
		memcpy(&f->low[base / 32], map, sizeof map);
}

bool
fonts_init(struct fonts *f, const char *fontdir, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	char *cache = S_cachedir();
	char *edir = S_escape(fontdir), *ecache = S_escape(cache);
	char *conf = g_strdup_printf(
	    "<?xml version=\"1.0\"?>\n"
	    "<fontconfig>\n"
	    "  <dir>%s</dir>\n"
	    "  <cachedir>%s</cachedir>\n"
	    "  <config><rescan><int>0</int></rescan></config>\n"
	    "</fontconfig>\n", edir, ecache);
	FcFontSet *set;
	bool ok;

	memset(f, 0, sizeof *f);
	f->config = FcConfigCreate();
	ok = FcConfigParseAndLoadFromMemory(f->config, (const FcChar8 *)conf,
	    FcTrue) && FcConfigBuildFonts(f->config);
	g_free(conf);
	g_free(edir);
	g_free(ecache);
	g_free(cache);
	set = ok ? FcConfigGetFonts(f->config, FcSetSystem) : NULL;
	if (set == NULL || set->nfont == 0) {
		diags_add(diags, SEV_ERROR, fontdir, none, "no fonts found "
		    "here; is ucapgen installed completely?");
		fonts_clear(f);
		return false;
	}
	f->coverage = FcCharSetCreate();
	f->families = g_ptr_array_new_with_free_func(g_free);
	for (int i = 0; i < set->nfont; i++) {
		FcCharSet *cs;
		FcChar8 *name;

		if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) ==
		    FcResultMatch)
			FcCharSetMerge(f->coverage, cs, NULL);
		for (int k = 0; FcPatternGetString(set->fonts[i], FC_FAMILY, k,
		    &name) == FcResultMatch; k++)
			if (!fonts_has_family(f, (const char *)name))
				g_ptr_array_add(f->families,
				    g_strdup((const char *)name));
	}
	g_ptr_array_sort(f->families, S_cmp);
	S_low(f);
	/* Pango's font map must see this configuration, not the system's. */
	FcConfigSetCurrent(f->config);
	f->map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), f->config);
	return true;
}

void
fonts_clear(struct fonts *f)
{
	if (f->map != NULL) {
		/* Pango 1.50 keeps its reference to the configuration
		 * when the map goes: it is handed back here, the map
		 * closed first so that it makes nothing new without it. */
		pango_fc_font_map_shutdown(PANGO_FC_FONT_MAP(f->map));
		pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(f->map), NULL);
		g_object_unref(f->map);
	}
	if (f->coverage != NULL)
		FcCharSetDestroy(f->coverage);
	if (f->families != NULL)
		g_ptr_array_free(f->families, TRUE);
	if (f->config != NULL)
		FcConfigDestroy(f->config);
	memset(f, 0, sizeof *f);
}

/* Family names as fontconfig compares them: case and spaces aside. */
static bool
S_same_family(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (g_ascii_tolower(*a) != g_ascii_tolower(*b))
			return false;
		a++;
		b++;
	}
}

bool
fonts_has_family(const struct fonts *f, const char *family)
{
	for (guint i = 0; i < f->families->len; i++)
		if (S_same_family(f->families->pdata[i], family))
			return true;
	return false;
}

bool
fonts_covers(const struct fonts *f, gunichar c)
{
	/* White space and invisible marks need no glyph. */
	if (c == '\n' || c == '\t' || c == ' ' || c == 0x00A0 ||
	    c == 0x202F || c == 0x200B || c == 0x2060 || c == 0xFEFF)
		return true;
	if (c < FONTS_LOW)
		return (f->low[c / 32] >> (c % 32)) & 1;
	return FcCharSetHasChar(f->coverage, c);
}
