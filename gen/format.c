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

static char *
S_population(const struct catalog *c, const char *v)
{
	gint64 n = g_ascii_strtoll(v, NULL, 10);
	char *num, *r;

	if (n >= 1000000) {
		/* One decimal, rounded; "2 million", not "2.0 million". */
		gint64 tenths = (n + 50000) / 100000;
		char *whole = g_strdup_printf("%" G_GINT64_FORMAT, tenths / 10);

		num = tenths % 10 == 0 ? g_strdup(whole) :
		    g_strdup_printf("%s%s%d", whole, S_word(c, "decimal-point",
		    "."), (int)(tenths % 10));
		g_free(whole);
		r = S_fill1(c, "population-millions", "{n} million", "n", num);
	} else {
		num = S_decimal(c, v);
		r = S_fill1(c, "population-thousands", "{n}", "n", num);
	}
	g_free(num);
	return r;
}

static char *
S_month(const struct catalog *c, const char *v)
{
	int y = 0, m = 0, d = 0;
	int k = sscanf(v, "%d-%d-%d", &y, &m, &d);
	char key[16], year[16], day[8];
	const char *month;

	if (k < 2 || m < 1 || m > 12)
		return g_strdup(v);
	g_snprintf(key, sizeof key, "month-%d", m);
	g_snprintf(year, sizeof year, "%d", y);
	month = S_word(c, key, key);
	if (k == 3) {
		const char *args[] = { "day", day, "month", month, "year",
		    year, NULL };

		g_snprintf(day, sizeof day, "%d", d);
		return catalog_fill(S_word(c, "day-month-year",
		    "{day} {month} {year}"), args);
	}
	{
		const char *args[] = { "month", month, "year", year, NULL };

		return catalog_fill(S_word(c, "month-year", "{month} {year}"),
		    args);
	}
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
		if (local != NULL) {
			const char *largs[] = { "name", r, "local", local,
			    NULL };
			char *both = catalog_fill(S_word(c, "local-name",
			    "{name} · {local}"), largs);

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
