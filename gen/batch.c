/*
 * batch.c: running many jobs on worker threads.
 *
 * The session's schema, catalogs and layouts are loaded before the
 * workers start and only read after; each worker has its own fonts.  A
 * worker takes the next job, renders it into its own messages, and
 * hands the result to the main thread, the one that prints.  Owns the
 * results until they are printed.
 */
#include "batch.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct result {
	guint index;            /* of the job */
	bool ok;
	double ms;              /* how long the job took */
	struct diags diags;     /* owned */
};

struct shared {
	struct session *session;
	GPtrArray *jobs;
	const struct render_opts *opts;
	gint next;              /* the next job to take (atomic) */
	GAsyncQueue *done;      /* of struct result * */
};

static gpointer
S_worker(gpointer data)
{
	struct shared *sh = data;
	struct worker w = { 0 };

	for (;;) {
		guint i = (guint)g_atomic_int_add(&sh->next, 1);
		struct result *r;
		gint64 t0;

		if (i >= sh->jobs->len)
			break;
		r = g_new0(struct result, 1);
		r->index = i;
		diags_init(&r->diags);
		t0 = g_get_monotonic_time();
		r->ok = session_run(sh->session, &w, sh->jobs->pdata[i],
		    sh->opts, &r->diags);
		r->ms = (g_get_monotonic_time() - t0) / 1000.0;
		g_async_queue_push(sh->done, r);
	}
	worker_clear(&w);
	return NULL;
}

/* What a job made, for the progress: its first output and how many. */
static char *
S_what(const struct job *j)
{
	const char *first = j->outputs->len > 0 ?
	    g_array_index(j->outputs, struct output, 0).path : j->plan;

	if (j->outputs->len > 1)
		return g_strdup_printf("%s (+%u)", first, j->outputs->len - 1);
	return g_strdup(first);
}

int
batch_run(struct session *s, GPtrArray *jobs, const struct render_opts *o,
    int threads)
{
	struct shared sh = { s, jobs, o, 0, g_async_queue_new() };
	GPtrArray *pool = g_ptr_array_new();
	bool tty = isatty(fileno(stderr));
	int failed = 0, rendered = 0;
	GHashTable *printed = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);

	/* Catalogs and layouts once, before any worker reads them. */
	for (guint i = 0; i < jobs->len; i++) {
		struct diags d;

		diags_init(&d);
		session_prepare(s, jobs->pdata[i], o, &d);
		diags_sort(&d);
		diags_print_once(&d, stderr, o->strict, printed);
		diags_clear(&d);
	}
	threads = CLAMP(threads, 1, (int)MAX(jobs->len, 1));
	for (int t = 0; t < threads; t++)
		g_ptr_array_add(pool, g_thread_new("ucapgen-worker", S_worker,
		    &sh));
	for (guint n = 0; n < jobs->len; n++) {
		struct result *r = g_async_queue_pop(sh.done);
		char *what = S_what(jobs->pdata[r->index]);

		if (tty)
			fputs("\r\033[K", stderr);
		diags_sort(&r->diags);
		diags_print_once(&r->diags, stderr, o->strict, printed);
		if (r->ok)
			rendered++;
		else
			failed++;
		/* On a terminal a failure stays on its own line; the progress
		 * line is written over by the next. */
		if (tty && !r->ok)
			fprintf(stderr, "failed: %s\n", what);
		else if (tty)
			fprintf(stderr, "[%u/%u] rendered %s", n + 1,
			    jobs->len, what);
		else
			fprintf(stderr, "%s %s (%.0f ms)\n", r->ok ? "ok" :
			    "FAILED", what, r->ms);
		fflush(stderr);
		g_free(what);
		diags_clear(&r->diags);
		g_free(r);
	}
	g_hash_table_destroy(printed);
	for (guint t = 0; t < pool->len; t++)
		g_thread_join(pool->pdata[t]);
	g_ptr_array_free(pool, TRUE);
	g_async_queue_unref(sh.done);
	if (tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%d rendered, %d failed\n", rendered, failed);
	return failed;
}
