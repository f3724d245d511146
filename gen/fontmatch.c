/*
 * fontmatch.c: Pango's font matching, done in the thread that asks.
 *
 * Pango 1.50 (Debian 12's) starts two threads for every font pattern it
 * has not seen, one to match the pattern against the fonts and one to
 * sort them, and waits for their answers.  With our ten bundled fonts
 * each answer takes microseconds, and starting and ending the threads
 * costs far more: a summary in a new layout or language meets a dozen
 * new patterns, a frame that shrinks its text to fit meets one a size,
 * and a CI batch of every example in every layout and language started
 * about a thousand threads.  Each one also stopped the other workers of
 * a batch while its stack was mapped and given back.
 *
 * So ucapgen defines g_thread_new itself: a dynamic executable's
 * definition comes before GLib's for every library that calls it.  The
 * two threads Pango names "[pango] FcFontSetMatch" and "[pango]
 * FcFontSetSort" run at once in the calling thread, which gets the
 * answers as the threads would have given them; every other thread is
 * started as GLib does.  The output does not change (the tests compare
 * bytes and pictures).  Owns nothing.
 */
#include <glib.h>
#include <string.h>

GThread *
g_thread_new(const gchar *name, GThreadFunc func, gpointer data)
{
	GError *err = NULL;
	GThread *t;

	if (name != NULL && g_str_has_prefix(name, "[pango] FcFontSet")) {
		func(data);
		/* Pango only drops its reference: give it one to drop. */
		return g_thread_ref(g_thread_self());
	}
	t = g_thread_try_new(name, func, data, &err);
	if (t == NULL)
		g_error("creating thread '%s': %s", name != NULL ? name : "",
		    err->message);
	return t;
}
