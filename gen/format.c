/*
 * format.c: numbers, dates, periods and names in the catalog's words.
 *
 * Every word and separator comes from the catalog, so a translation can
 * change "7.7 million" into "7,7 Mio." without touching this file.
 */
#include "format.h"

#include <stdlib.h>
#include <string.h>

#include "tree.h"

bool
format_is_markup(enum format f)
{
	return f == FMT_TEXT;
}

bool
format_from_name(const char *s, enum format *f)
{
	static const struct {
		const char *name;
		enum format f;
	} names[] = {
		{ "text", FMT_TEXT },
		{ "population", FMT_POPULATION },
		{ "area", FMT_AREA },
		{ "month", FMT_MONTH },
		{ "period", FMT_PERIOD },
		{ "topic", FMT_TOPIC },
		{ "short-name", FMT_SHORT_NAME },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
		if (strcmp(s, names[i].name) == 0) {
			*f = names[i].f;
			return true;
		}
	return false;
}

static const char *
S_word(const struct catalog *c, const char *key, const char *fallback)
{
	const char *t = catalog_key(c, key);

	return t != NULL ? t : fallback;
}

/* Digits with the catalog's thousands separator. */
static void
S_group(GString *out, const char *digits, const char *sep)
{
	size_t n = strlen(digits);

	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0 && n > 4)
			g_string_append(out, sep);
		g_string_append_c(out, digits[i]);
	}
}

/* A decimal as written in the plan ("478.7"), in the catalog's style. */
static char *
S_decimal(const struct catalog *c, const char *v)
{
	GString *s = g_string_new(NULL);
	const char *dot = strchr(v, '.');
	char *ip = dot ? g_strndup(v, (gsize)(dot - v)) : g_strdup(v);
	const char *ipd = ip;

	if (*ipd == '+')
		ipd++;
	while (ipd[0] == '0' && ipd[1] != '\0')
		ipd++;
	S_group(s, ipd, S_word(c, "thousands-separator", ","));
	if (dot != NULL) {
		char *frac = g_strdup(dot + 1);
		size_t n = strlen(frac);

		while (n > 0 && frac[n - 1] == '0')
			frac[--n] = '\0';
		if (n > 0) {
			g_string_append(s, S_word(c, "decimal-point", "."));
			g_string_append(s, frac);
		}
		g_free(frac);
	}
	g_free(ip);
	return g_string_free(s, FALSE);
}

static char *
S_fill1(const struct catalog *c, const char *key, const char *fallback,
    const char *name, const char *value)
{
	const char *args[] = { name, value, NULL };

	return catalog_fill(S_word(c, key, fallback), args);
}

/*
 * A population.  Under one unit ("population-unit": a million in
 * English, 万 = 10 000 in Chinese) it is written out in digits; from one
 * unit on, as the number of units with one decimal, rounded, and none
 * when it is 0: "7.7 million", "2 million", "770万".
 */
static char *
S_population(const struct catalog *c, const char *v)
{
	gint64 n = g_ascii_strtoll(v, NULL, 10);
	const char *u = S_word(c, "population-unit", "1000000");
	gint64 unit = g_ascii_strtoll(u, NULL, 10);
	char *num, *r;

	if (unit < 10 || strspn(u, "0123456789") != strlen(u))
		unit = 1000000;
	if (n >= unit) {
		gint64 tenths = (n * 10 + unit / 2) / unit;
		char *digits = g_strdup_printf("%" G_GINT64_FORMAT, tenths / 10);
		GString *s = g_string_new(NULL);

		S_group(s, digits, S_word(c, "thousands-separator", ","));
		if (tenths % 10 != 0)
			g_string_append_printf(s, "%s%d", S_word(c,
			    "decimal-point", "."), (int)(tenths % 10));
		num = g_string_free(s, FALSE);
		r = S_fill1(c, tenths == 10 ? "population-one" :
		    "population-large", "{n} million", "n", num);
		g_free(digits);
	} else {
		num = S_decimal(c, v);
		r = S_fill1(c, "population-small", "{n}", "n", num);
	}
	g_free(num);
	return r;
}

/* A month ("2017-03") or a day ("2017-05-31").  Languages that inflect
 * the month in a date have a form of its own for it: "month-N" goes with
 * a year alone, "date-month-N" in a date (Greek: Μάρτιος 2017, 31
 * Μαρτίου 2017). */
static char *
S_month(const struct catalog *c, const char *v)
{
	int y = 0, m = 0, d = 0;
	int k = sscanf(v, "%d-%d-%d", &y, &m, &d);
	char key[24], year[16], day[8];
	const char *args[] = { "day", day, "month", NULL, "year", year, NULL };

	if (k < 2 || m < 1 || m > 12)
		return g_strdup(v);
	g_snprintf(year, sizeof year, "%d", y);
	g_snprintf(day, sizeof day, "%d", d);
	if (k == 3)
		g_snprintf(key, sizeof key, "date-month-%d", m);
	else
		g_snprintf(key, sizeof key, "month-%d", m);
	args[3] = S_word(c, key, key);
	return catalog_fill(k == 3 ? S_word(c, "day-month-year",
	    "{day} {month} {year}") : S_word(c, "month-year",
	    "{month} {year}"), args);
}

static bool
S_ideograph(gunichar c)
{
	GUnicodeScript s = g_unichar_get_script(c);

	return s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
	    s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_HANGUL;
}

/* A name in its own script kept on one line: a word joiner (U+2060)
 * between two ideographs, where Chinese would allow a break.  Caller
 * frees. */
static char *
S_unbroken(const char *s)
{
	GString *out = g_string_new(NULL);
	gunichar prev = 0;

	for (const char *p = s; *p != '\0'; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);

		if (prev != 0 && S_ideograph(prev) && S_ideograph(c))
			g_string_append(out, "\u2060");
		g_string_append_len(out, p, g_utf8_next_char(p) - p);
		prev = c;
	}
	return g_string_free(out, FALSE);
}

char *
format_value(const struct catalog *c, enum format f, const xmlNode *n)
{
	const char *v = tree_text(n);

	if (n == NULL)
		return NULL;
	if (f == FMT_PERIOD) {
		char *start = format_value(c, FMT_MONTH, tree_child(n, "start"));
		char *end = format_value(c, FMT_MONTH, tree_child(n, "end"));
		const char *args[] = { "start", start, "end", end, NULL };
		char *r = start && end ? catalog_fill(S_word(c, "period-value",
		    "{start} – {end}"), args) : NULL;

		g_free(start);
		g_free(end);
		return r;
	}
	if (f == FMT_SHORT_NAME) {
		const char *name = tree_text(tree_child(n, "name"));
		const char *sh = tree_text(tree_child(n, "short"));
		const char *local = tree_text(tree_child(n, "local-name"));
		const char *args[] = { "name", name, "short", sh, NULL };
		char *r;

		if (name == NULL)
			return v != NULL ? g_strdup(v) : NULL;
		r = sh == NULL ? g_strdup(name) : catalog_fill(S_word(c,
		    "short-name", "{name} ({short})"), args);
		/* A local name the same as the name is not said twice. */
		if (local != NULL && strcmp(local, name) != 0) {
			char *whole = S_unbroken(local);
			const char *largs[] = { "name", r, "local", whole,
			    NULL };
			char *both = catalog_fill(S_word(c, "local-name",
			    "{name} · {local}"), largs);

			g_free(whole);
			g_free(r);
			r = both;
		}
		return r;
	}
	if (v == NULL || *v == '\0')
		return NULL;
	switch (f) {
	case FMT_POPULATION:
		return S_population(c, v);
	case FMT_AREA: {
		char *num = S_decimal(c, v);
		char *r = S_fill1(c, "area-value", "{n} km²", "n", num);

		g_free(num);
		return r;
	}
	case FMT_MONTH:
		return S_month(c, v);
	case FMT_TOPIC:
		return g_strdup(catalog_msg(c, "urban-agenda", v));
	case FMT_TEXT:
	case FMT_PERIOD:
	case FMT_SHORT_NAME:
		break;
	}
	return g_strdup(v);
}

char *
format_sdg(const struct catalog *c, int goal)
{
	char key[16], num[8];
	const char *args[] = { "number", num, "title", NULL, NULL };

	g_snprintf(key, sizeof key, "sdg-%d", goal);
	g_snprintf(num, sizeof num, "%d", goal);
	args[3] = S_word(c, key, key);
	return catalog_fill(S_word(c, "sdg-line", "SDG {number}: {title}"),
	    args);
}
