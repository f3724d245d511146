/*
 * batch.c: running many jobs on worker threads.
 *
 * The session's schema is loaded before.  The workers start together:
 * each first reads catalogs and layouts the jobs need, one for each
 * language and layout, side by side with the others, then takes the
 * next group of jobs, a plan in one language in each of its layouts,
 * whose texts it sets once (with several workers, the groups of the
 * biggest plans first).  A worker left with no catalog or layout to
 * read starts on its plans while the others read: a plan is read and
 * checked without them, and a job waits for what it needs where it
 * needs it (session.c reads each once).  The last worker done reading
 * prints what the reading said, in the jobs' order, before any job is
 * reported.  Each worker has its own fonts and caches of text set.
 * The calling thread is one of the workers, so -j N runs N threads and
 * none waits idle on a core the others need.  A worker renders each job
 * into its own messages, and reports it under the batch's lock: its
 * messages, then its progress line.  Owns the workers' threads, the
 * groups and the record of messages already printed.
 */
#include "batch.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct shared {
	struct session *session;
	GPtrArray *jobs;
	const struct render_opts *opts;
	int threads;
	bool tty;               /* progress on a terminal */
	/* the catalogs and layouts to read: a job for each locale and
	 * layout, in the jobs' order, and what reading each said */
	GPtrArray *words;       /* of const struct job * (owned array) */
	struct diags *said;     /* one for each of words (owned) */
	gint next_words;        /* the next to read (atomic) */
	GPtrArray *groups;      /* of GArray of job numbers (owned) */
	gint next;              /* the next group to take (atomic) */
	GMutex lock;            /* over what follows */
	GCond told;             /* when words_told turns true */
	int readers_done;       /* workers done reading words */
	bool words_told;        /* what reading them said is printed */
	GHashTable *printed;    /* messages printed so far (owned) */
	guint done;             /* jobs reported */
	int rendered, failed;
};

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

/* Print one finished job's messages (sorted) and progress (what);
 * sh->lock is held. */
static void
S_report(struct shared *sh, const char *what, bool ok, double ms,
    const struct diags *d)
{
	sh->done++;
	if (sh->tty)
		fputs("\r\033[K", stderr);
	diags_print_once(d, stderr, sh->opts->strict, sh->printed);
	if (ok)
		sh->rendered++;
	else
		sh->failed++;
	/* On a terminal a failure stays on its own line; the progress
	 * line is written over by the next. */
	if (sh->tty && !ok)
		fprintf(stderr, "failed: %s\n", what);
	else if (sh->tty)
		fprintf(stderr, "[%u/%u] rendered %s", sh->done,
		    sh->jobs->len, what);
	else
		fprintf(stderr, "%s %s (%.0f ms)\n", ok ? "ok" : "FAILED",
		    what, ms);
	fflush(stderr);
}

/* Render job i and report it. */
static void
S_job(struct shared *sh, struct worker *w, guint i)
{
	struct diags d;
	gint64 t0;
	double ms;
	char *what;
	bool ok;

	diags_init(&d);
	t0 = g_get_monotonic_time();
	ok = session_run(sh->session, w, sh->jobs->pdata[i], sh->opts, &d);
	ms = (g_get_monotonic_time() - t0) / 1000.0;
	/* What the report needs is made before the lock. */
	diags_sort(&d);
	what = S_what(sh->jobs->pdata[i]);
	g_mutex_lock(&sh->lock);
	while (!sh->words_told)
		g_cond_wait(&sh->told, &sh->lock);
	S_report(sh, what, ok, ms, &d);
	g_mutex_unlock(&sh->lock);
	g_free(what);
	diags_clear(&d);
}

/* Read catalogs and layouts until none is left to start; the last
 * worker to be done prints what reading them said. */
static void
S_read_words(struct shared *sh)
{
	guint i;

	while ((i = (guint)g_atomic_int_add(&sh->next_words, 1)) <
	    sh->words->len)
		session_prepare(sh->session, sh->words->pdata[i], sh->opts,
		    &sh->said[i]);
	g_mutex_lock(&sh->lock);
	if (++sh->readers_done == sh->threads) {
		for (i = 0; i < sh->words->len; i++) {
			diags_sort(&sh->said[i]);
			diags_print_once(&sh->said[i], stderr,
			    sh->opts->strict, sh->printed);
		}
		sh->words_told = true;
		g_cond_broadcast(&sh->told);
	}
	g_mutex_unlock(&sh->lock);
}

static gpointer
S_worker(gpointer data)
{
	struct shared *sh = data;
	struct worker w = { 0 };
	guint g;

	S_read_words(sh);
	while ((g = (guint)g_atomic_int_add(&sh->next, 1)) < sh->groups->len) {
		GArray *group = sh->groups->pdata[g];

		for (guint k = 0; k < group->len; k++)
			S_job(sh, &w, g_array_index(group, guint, k));
	}
	worker_clear(&w);
	return NULL;
}

/* What a group of jobs weighs: the size of its plan's file times its
 * jobs, the length of what it sets.  0 when the plan cannot be looked
 * up (standard input, a missing file: its job fails soon). */
static double
S_weight(GPtrArray *jobs, GArray *group)
{
	const struct job *j = jobs->pdata[g_array_index(group, guint, 0)];
	GStatBuf st;

	if (strcmp(j->plan, "-") == 0 || g_stat(j->plan, &st) != 0)
		return 0;
	return (double)st.st_size * group->len;
}

struct weighed {
	GArray *group;
	double weight;
};

static gint
S_heavier(gconstpointer a, gconstpointer b)
{
	const struct weighed *x = a, *y = b;

	return x->weight > y->weight ? -1 : x->weight < y->weight;
}

/* The heaviest groups first (equal ones in the jobs' order), so that
 * no worker is left with a long plan at the end while the others wait
 * with nothing to do. */
static void
S_heaviest_first(GPtrArray *jobs, GPtrArray *groups)
{
	GArray *w = g_array_sized_new(FALSE, FALSE, sizeof(struct weighed),
	    groups->len);

	for (guint i = 0; i < groups->len; i++) {
		struct weighed g = { groups->pdata[i], 0 };

		g.weight = S_weight(jobs, g.group);
		g_array_append_val(w, g);
	}
	/* (GLib's sort is stable.) */
	g_array_sort(w, S_heavier);
	for (guint i = 0; i < groups->len; i++)
		groups->pdata[i] = g_array_index(w, struct weighed, i).group;
	g_array_free(w, TRUE);
}

/* The jobs in groups of one plan and one locale, in the jobs' order:
 * the jobs of a group set the same texts, in other layouts, and one
 * worker sets them once.  Returns a new array. */
static GPtrArray *
S_groups(GPtrArray *jobs)
{
	GPtrArray *groups = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)g_array_unref);
	GHashTable *index = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);

	for (guint i = 0; i < jobs->len; i++) {
		const struct job *j = jobs->pdata[i];
		char *key = g_strconcat(j->plan, "\n", j->locale != NULL ?
		    j->locale : "", NULL);
		GArray *group = g_hash_table_lookup(index, key);

		if (group == NULL) {
			group = g_array_new(FALSE, FALSE, sizeof(guint));
			g_ptr_array_add(groups, group);
			g_hash_table_insert(index, key, group);
		} else
			g_free(key);
		g_array_append_val(group, i);
	}
	g_hash_table_destroy(index);
	return groups;
}

/* Start threads - 1 threads on fn, run it here too, wait for them. */
static void
S_side_by_side(GThreadFunc fn, gpointer data, int threads)
{
	GPtrArray *pool = g_ptr_array_new();

	for (int t = 1; t < threads; t++)
		g_ptr_array_add(pool, g_thread_new("ucapgen-worker", fn,
		    data));
	fn(data);
	for (guint t = 0; t < pool->len; t++)
		g_thread_join(pool->pdata[t]);
	g_ptr_array_free(pool, TRUE);
}

/* The catalogs and layouts the jobs need: a job for each locale and
 * layout, in the jobs' order.  Each job is counted among its plan's
 * (session_expect) before any runs. */
static GPtrArray *
S_words(struct session *s, GPtrArray *jobs)
{
	GPtrArray *words = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);

	for (guint i = 0; i < jobs->len; i++) {
		const struct job *j = jobs->pdata[i];

		session_expect(s, j);
		if (g_hash_table_add(seen, job_layout_key(j)))
			g_ptr_array_add(words, (gpointer)j);
	}
	g_hash_table_destroy(seen);
	return words;
}

int
batch_run(struct session *s, GPtrArray *jobs, const struct render_opts *o,
    int threads)
{
	struct shared sh = { .session = s, .jobs = jobs, .opts = o,
	    .tty = isatty(fileno(stderr)) };

	g_mutex_init(&sh.lock);
	g_cond_init(&sh.told);
	sh.printed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	sh.words = S_words(s, jobs);
	sh.said = g_new(struct diags, MAX(sh.words->len, 1));
	for (guint i = 0; i < sh.words->len; i++)
		diags_init(&sh.said[i]);
	sh.groups = S_groups(jobs);
	/* One worker takes them in the order given. */
	if (threads > 1 && sh.groups->len > 1)
		S_heaviest_first(jobs, sh.groups);
	sh.threads = CLAMP(threads, 1, (int)MAX(MAX(sh.groups->len,
	    sh.words->len), 1));
	S_side_by_side(S_worker, &sh, sh.threads);
	for (guint i = 0; i < sh.words->len; i++)
		diags_clear(&sh.said[i]);
	g_free(sh.said);
	g_ptr_array_free(sh.words, TRUE);
	g_ptr_array_free(sh.groups, TRUE);
	g_hash_table_destroy(sh.printed);
	g_cond_clear(&sh.told);
	g_mutex_clear(&sh.lock);
	if (sh.tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%d rendered, %d failed\n", sh.rendered, sh.failed);
	return sh.failed;
}
