/*
 * watch.c: --watch, with GIO's file monitors.
 *
 * Each render tells which files it read; each of them is watched.  A
 * change waits a moment for the editor to finish writing, then renders
 * again and watches the files of that render.  Owns the monitors and
 * the main loop.
 */
#include "watch.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* How long to wait after a change before rendering, in milliseconds:
 * editors often write a file in several steps. */
#define SETTLE_MS 120

struct watch {
	struct session *session;
	const struct job *job;
	const struct render_opts *opts;
	struct worker worker;
	GMainLoop *loop;
	GHashTable *monitors;   /* path -> GFileMonitor *, both owned */
	guint pending;          /* the settle timeout, or 0 */
	int renders;
};

static void S_changed(GFileMonitor *, GFile *, GFile *, GFileMonitorEvent,
    gpointer);

/* Watch these files too.  The files of earlier renders stay watched: a
 * layout that no longer parses is not among the files of the render it
 * broke, and its next edit must still be seen. */
static void
S_watch(struct watch *w, GPtrArray *files)
{
	for (guint i = 0; i < files->len; i++) {
		GFile *f;
		GFileMonitor *m;

		if (g_hash_table_contains(w->monitors, files->pdata[i]))
			continue;
		f = g_file_new_for_path(files->pdata[i]);
		m = g_file_monitor_file(f, G_FILE_MONITOR_NONE, NULL, NULL);
		if (m != NULL) {
			g_signal_connect(m, "changed", G_CALLBACK(S_changed),
			    w);
			g_hash_table_insert(w->monitors,
			    g_strdup(files->pdata[i]), m);
		}
		g_object_unref(f);
	}
}

static void
S_render(struct watch *w)
{
	struct diags diags;
	GPtrArray *deps = g_ptr_array_new_with_free_func(g_free);
	bool ok;
	const char *out = g_array_index(w->job->outputs, struct output,
	    0).path;

	diags_init(&diags);
	/* What changed may be a layout or a catalog: read them again. */
	if (w->renders > 0)
		session_forget(w->session);
	ok = session_run_deps(w->session, &w->worker, w->job, w->opts,
	    &diags, deps);
	diags_sort(&diags);
	diags_print(&diags, stderr, w->opts->strict);
	diags_clear(&diags);
	w->renders++;
	if (ok)
		fprintf(stderr, "ucapgen: rendered %s\n", out);
	else if (g_file_test(out, G_FILE_TEST_EXISTS))
		fprintf(stderr, "ucapgen: %s kept as it was; waiting for "
		    "changes\n", out);
	else
		fprintf(stderr, "ucapgen: %s not written; waiting for "
		    "changes\n", out);
	fflush(stderr);
	S_watch(w, deps);
	g_ptr_array_free(deps, TRUE);
}

static gboolean
S_settled(gpointer data)
{
	struct watch *w = data;

	w->pending = 0;
	S_render(w);
	return G_SOURCE_REMOVE;
}

static void
S_changed(GFileMonitor *m, GFile *file, GFile *other,
    GFileMonitorEvent event, gpointer data)
{
	struct watch *w = data;

	(void)m;
	(void)file;
	(void)other;
	if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT &&
	    event != G_FILE_MONITOR_EVENT_CREATED &&
	    event != G_FILE_MONITOR_EVENT_CHANGED &&
	    event != G_FILE_MONITOR_EVENT_DELETED)
		return;
	if (w->pending != 0)
		g_source_remove(w->pending);
	w->pending = g_timeout_add(SETTLE_MS, S_settled, w);
}

static gboolean
S_quit(gpointer data)
{
	g_main_loop_quit(data);
	return G_SOURCE_REMOVE;
}

int
watch_run(struct session *s, const struct job *j, const struct render_opts *o)
{
	struct watch w = { 0 };

	w.session = s;
	w.job = j;
	w.opts = o;
	w.loop = g_main_loop_new(NULL, FALSE);
	w.monitors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_object_unref);
	g_unix_signal_add(SIGINT, S_quit, w.loop);
	g_unix_signal_add(SIGTERM, S_quit, w.loop);
	S_render(&w);
	g_main_loop_run(w.loop);
	if (w.pending != 0)
		g_source_remove(w.pending);
	g_hash_table_destroy(w.monitors);
	g_main_loop_unref(w.loop);
	worker_clear(&w.worker);
	return 0;
}
