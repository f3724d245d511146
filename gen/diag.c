/*
 * diag.c: the diagnostics list and its printer.
 *
 * Owns every message text.  Stages add, main prints; nothing else writes
 * to stderr.
 */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

void
diags_init(struct diags *d)
{
	d->list = g_array_new(FALSE, FALSE, sizeof(struct diag));
	d->said = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	d->errors = 0;
	d->warnings = 0;
}

void
diags_clear(struct diags *d)
{
	if (d->list == NULL)
		return;
	for (guint i = 0; i < d->list->len; i++) {
		struct diag *m = &g_array_index(d->list, struct diag, i);
		g_free(m->file);
		g_free(m->msg);
	}
	g_array_free(d->list, TRUE);
	g_hash_table_destroy(d->said);
	d->list = NULL;
	d->said = NULL;
	d->errors = d->warnings = 0;
}

void
diags_addv(struct diags *d, enum severity sev, const char *file,
    struct srcpos pos, const char *fmt, va_list ap)
{
	struct diag m;

	m.sev = sev;
	m.file = g_strdup(file);
	m.pos = pos;
	m.msg = g_strdup_vprintf(fmt, ap);
	m.seq = d->list->len;
	m.filerank = m.seq;
	if (sev == SEV_ERROR)
		d->errors++;
	else
		d->warnings++;
	/* A message said already (the same style's problem in every cell)
	 * is kept once; it still counts. */
	if (!g_hash_table_add(d->said, g_strdup_printf("%d\n%s\n%d:%d\n%s",
	    (int)sev, file != NULL ? file : "", pos.line, pos.col, m.msg))) {
		g_free(m.file);
		g_free(m.msg);
		return;
	}
	for (guint i = 0; i < d->list->len; i++) {
		const struct diag *o = &g_array_index(d->list, struct diag, i);
		if (g_strcmp0(o->file, file) == 0) {
			m.filerank = o->filerank;
			break;
		}
	}
	g_array_append_val(d->list, m);
}

void
diags_add(struct diags *d, enum severity sev, const char *file,
    struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diags_addv(d, sev, file, pos, fmt, ap);
	va_end(ap);
}

void
diags_append(struct diags *d, const struct diags *src)
{
	int errors = d->errors + src->errors;
	int warnings = d->warnings + src->warnings;

	for (guint i = 0; i < src->list->len; i++) {
		const struct diag *m = &g_array_index(src->list, struct diag,
		    i);

		diags_add(d, m->sev, m->file, m->pos, "%s", m->msg);
	}
	/* A message src was given twice counted twice there. */
	d->errors = errors;
	d->warnings = warnings;
}

/* Messages of one file stay together in the order the files came;
 * within a file they go by position. */
static gint
S_cmp(gconstpointer a, gconstpointer b)
{
	const struct diag *x = a, *y = b;

	if (x->filerank != y->filerank)
		return x->filerank < y->filerank ? -1 : 1;
	if (x->pos.line != y->pos.line)
		return x->pos.line < y->pos.line ? -1 : 1;
	if (x->pos.col != y->pos.col)
		return x->pos.col < y->pos.col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diags_sort(struct diags *d)
{
	g_array_sort(d->list, S_cmp);
}

/* One message as it is printed, newline included.  Caller frees. */
static char *
S_line(const struct diag *m, bool strict)
{
	const char *sev = m->sev == SEV_ERROR || strict ? "error" : "warning";

	if (m->file == NULL)
		return g_strdup_printf("ucapgen: %s: %s\n", sev, m->msg);
	if (m->pos.line <= 0)
		return g_strdup_printf("%s: %s: %s\n", m->file, sev, m->msg);
	return g_strdup_printf("%s:%d:%d: %s: %s\n", m->file, m->pos.line,
	    m->pos.col > 0 ? m->pos.col : 1, sev, m->msg);
}

void
diags_print(const struct diags *d, FILE *f, bool strict)
{
	diags_print_once(d, f, strict, NULL);
}

void
diags_print_once(const struct diags *d, FILE *f, bool strict,
    GHashTable *printed)
{
	for (guint i = 0; i < d->list->len; i++) {
		char *line = S_line(&g_array_index(d->list, struct diag, i),
		    strict);

		if (printed != NULL && g_hash_table_contains(printed, line)) {
			g_free(line);
			continue;
		}
		fputs(line, f);
		if (printed != NULL)
			g_hash_table_add(printed, line);
		else
			g_free(line);
	}
}

bool
diags_failed(const struct diags *d, bool strict)
{
	return d->errors > 0 || (strict && d->warnings > 0);
}
