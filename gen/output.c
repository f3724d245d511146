/*
 * output.c: atomic writing of one or several output files.
 *
 * A file takes its place by a rename, so that no reader ever sees half
 * of it; a symbolic link is followed (the link stays), and a device or
 * pipe (/dev/null, a FIFO) is written into, not replaced.  Owns the
 * temporary files it makes until they are renamed or removed.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
output_page_name(const char *target, int n)
{
	const char *slash = strrchr(target, '/');
	const char *dot = strrchr(target, '.');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == target ||
	    (slash != NULL && dot == slash + 1))
		return g_strdup_printf("%s-%d", target, n);
	return g_strdup_printf("%.*s-%d%s", (int)(dot - target), target, n,
	    dot);
}

/* Whether name is a regular file: a folder or a symbolic link of that
 * name is not ucapgen's to remove. */
static bool
S_is_file(const char *name)
{
	GStatBuf st;

	return g_lstat(name, &st) == 0 && S_ISREG(st.st_mode);
}

/* The input (of inputs, NULL-terminated, may be NULL) that the file of
 * st is, or NULL. */
static const char *
S_input_at(const GStatBuf *sn, char *const *inputs)
{
	GStatBuf si;

	for (guint i = 0; inputs != NULL && inputs[i] != NULL; i++)
		if (g_stat(inputs[i], &si) == 0 && si.st_dev == sn->st_dev &&
		    si.st_ino == sn->st_ino)
			return inputs[i];
	return NULL;
}

/* The input that name is, or NULL.  name is looked up once: a name that
 * does not exist yet, as in most runs, is no input, and the inputs are
 * not looked at. */
static const char *
S_which_input(const char *name, char *const *inputs)
{
	GStatBuf sn;

	if (inputs == NULL || inputs[0] == NULL || g_stat(name, &sn) != 0)
		return NULL;
	return S_input_at(&sn, inputs);
}

void
output_prune_pages(const char *target, guint nfiles, char *const *inputs)
{
	char *name;

	if (nfiles > 1 && S_is_file(target) && S_which_input(target, inputs) == NULL)
		g_unlink(target);
	for (int n = nfiles > 1 ? (int)nfiles + 1 : 1;; n++) {
		name = output_page_name(target, n);
		if (!S_is_file(name)) {
			g_free(name);
			break;
		}
		if (S_which_input(name, inputs) == NULL)
			g_unlink(name);
		g_free(name);
	}
}

static bool
S_write_all(int fd, GBytes *b)
{
	gsize len;
	const guint8 *p = g_bytes_get_data(b, &len);

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		len -= (gsize)n;
	}
	return true;
}

/* Whether the link at path (lstat st) belongs to another user in a folder
 * anyone may write in but only owners may delete from (/tmp): the kernel
 * follows no such link (fs.protected_symlinks), and neither does
 * ucapgen. */
static bool
S_foreign_link(const char *path, const GStatBuf *st)
{
	char *dir = g_path_get_dirname(path);
	GStatBuf ds;
	bool foreign = st->st_uid != geteuid() && g_stat(dir, &ds) == 0 &&
	    (ds.st_mode & S_ISVTX) != 0 && (ds.st_mode & S_IWOTH) != 0;

	g_free(dir);
	return foreign;
}

/*
 * Where writing name goes: name, or the file the symbolic link of that
 * name leads to (its links followed, the last one possibly dangling: the
 * file is made there), and in *st what is there now (st_mode 0: nothing);
 * NULL for a loop of links or another user's link in a shared folder,
 * with *why ELOOP or EACCES.  Caller frees.
 */
static char *
S_target(const char *name, GStatBuf *st, int *why)
{
	char *t = g_strdup(name);

	*why = 0;
	for (int i = 0; ; i++) {
		char *link, *dir;

		if (g_lstat(t, st) != 0) {
			st->st_mode = 0;
			break;
		}
		if (!S_ISLNK(st->st_mode))
			break;
		link = i < 32 ? g_file_read_link(t, NULL) : NULL;
		if (link == NULL || S_foreign_link(t, st)) {
			/* a loop of links, one that cannot be read, or
			 * another user's in a shared folder */
			*why = link == NULL ? ELOOP : EACCES;
			g_free(link);
			g_free(t);
			return NULL;
		}
		if (g_path_is_absolute(link)) {
			g_free(t);
			t = link;
			continue;
		}
		dir = g_path_get_dirname(t);
		g_free(t);
		t = g_build_filename(dir, link, NULL);
		g_free(dir);
		g_free(link);
	}
	return t;
}

/* The descriptor a name of one of the process's own open files stands
 * for (/dev/stdout, /dev/fd/N, /proc/self/fd/N), written to as it is
 * (where a shell's >> put its end); or -1. */
static int
S_open_fd(const char *name)
{
	const char *n = NULL;
	char *end;
	long fd;

	if (strcmp(name, "/dev/stdout") == 0)
		return 1;
	if (strcmp(name, "/dev/stderr") == 0)
		return 2;
	if (g_str_has_prefix(name, "/dev/fd/"))
		n = name + strlen("/dev/fd/");
	else if (g_str_has_prefix(name, "/proc/self/fd/"))
		n = name + strlen("/proc/self/fd/");
	if (n == NULL || !g_ascii_isdigit(*n))
		return -1;
	fd = strtol(n, &end, 10);
	return *end == '\0' && fd <= G_MAXINT && fcntl((int)fd, F_GETFD) != -1 ?
	    (int)fd : -1;
}

/* Whether what is there (st_mode 0: nothing) is written into, not
 * replaced: a device, a pipe, a socket. */
static bool
S_into(mode_t mode)
{
	return mode != 0 && !S_ISREG(mode) && !S_ISDIR(mode);
}

bool
output_into(const char *name)
{
	GStatBuf st;

	/* /dev/stdout of a shell's redirection to a file is that file's
	 * end, not a file to replace. */
	if (S_open_fd(name) >= 0)
		return true;
	return g_stat(name, &st) == 0 && S_into(st.st_mode);
}

/* Why a link was not followed, said at name. */
static void
S_link_error(const char *name, int why, struct diags *diags)
{
	struct srcpos none = { 0, 0 };

	if (why == EACCES)
		diags_add(diags, SEV_ERROR, name, none, "cannot write: this "
		    "symbolic link belongs to another user, in a folder "
		    "anyone may write in; ucapgen does not follow it");
	else
		diags_add(diags, SEV_ERROR, name, none, "cannot write: %s",
		    g_strerror(why));
}

/* Write b into the device or pipe name (a message at shown if not). */
static bool
S_write_into(const char *name, const char *shown, GBytes *b,
    struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	int given = S_open_fd(name);
	int fd = given >= 0 ? given : open(name, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || !S_write_all(fd, b) || (given < 0 && close(fd) != 0)) {
		diags_add(diags, SEV_ERROR, shown, none, "cannot write: %s",
		    g_strerror(errno));
		return false;
	}
	return true;
}

/*
 * Write b to a new temporary file beside name; returns its path.  A
 * message names the file as shown (what the user wrote).  When it
 * replaces a file that has something in it, it is flushed to disk
 * before it takes its place, so that a crash cannot leave an empty file
 * where a good one was (GLib's rule in g_file_set_contents).  A new file
 * is not: after a crash it is missing or empty, and nothing was lost.
 */
static char *
S_temp(const char *name, const char *shown, GBytes *b, bool replaces,
    struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	char *dir = g_path_get_dirname(name);
	char *base = g_path_get_basename(name);
	char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
	mode_t mask = umask(0);
	int fd;

	umask(mask);
	g_free(dir);
	g_free(base);
	fd = g_mkstemp_full(tmpl, O_WRONLY, 0666 & ~mask);
	if (fd < 0) {
		diags_add(diags, SEV_ERROR, shown, none, "cannot write: %s",
		    g_strerror(errno));
		g_free(tmpl);
		return NULL;
	}
	fchmod(fd, 0666 & ~mask);
	if (!S_write_all(fd, b) || (replaces && fsync(fd) != 0)) {
		diags_add(diags, SEV_ERROR, shown, none, "cannot write: %s",
		    g_strerror(errno));
		close(fd);
		g_unlink(tmpl);
		g_free(tmpl);
		return NULL;
	}
	if (close(fd) != 0) {
		diags_add(diags, SEV_ERROR, shown, none, "cannot write: %s",
		    g_strerror(errno));
		g_unlink(tmpl);
		g_free(tmpl);
		return NULL;
	}
	return tmpl;
}

bool
output_folder(const char *name, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	char *dir = g_path_get_dirname(name);
	bool ok = g_mkdir_with_parents(dir, 0777) == 0;

	if (!ok)
		diags_add(diags, SEV_ERROR, dir, none, "cannot make the "
		    "folder: %s", g_strerror(errno));
	g_free(dir);
	return ok;
}

bool
output_write(char **names, GPtrArray *files, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	char **temps, **targets;
	GStatBuf *there;
	bool ok = true;
	guint n = files->len;

	if (strcmp(names[0], "-") == 0) {
		gsize len;
		const void *p = g_bytes_get_data(files->pdata[0], &len);

		if (fwrite(p, 1, len, stdout) != len || fflush(stdout) != 0) {
			diags_add(diags, SEV_ERROR, "<stdout>", none, "cannot "
			    "write: %s", g_strerror(errno));
			return false;
		}
		return true;
	}
	for (guint i = 0; i < n; i++)
		if (!output_folder(names[i], diags))
			return false;
	temps = g_new0(char *, n + 1);
	targets = g_new0(char *, n + 1);
	there = g_new0(GStatBuf, n);
	for (guint i = 0; i < n; i++) {
		int why;

		/* One of the process's own files is written as it is. */
		if (S_open_fd(names[i]) >= 0) {
			targets[i] = g_strdup(names[i]);
			there[i].st_mode = S_IFCHR;
		} else if ((targets[i] = S_target(names[i], &there[i],
		    &why)) == NULL) {
			S_link_error(names[i], why, diags);
			ok = false;
			targets[i] = g_strdup(names[i]);
		}
	}
	for (guint i = 0; i < n && ok; i++)
		if (!S_into(there[i].st_mode))
			ok = (temps[i] = S_temp(targets[i], names[i],
			    files->pdata[i], S_ISREG(there[i].st_mode) &&
			    there[i].st_size > 0, diags)) != NULL;
	for (guint i = 0; i < n && ok; i++)
		if (temps[i] == NULL)
			ok = S_write_into(targets[i], names[i],
			    files->pdata[i], diags);
		else if (g_rename(temps[i], targets[i]) != 0) {
			diags_add(diags, SEV_ERROR, names[i], none, "cannot "
			    "write: %s", g_strerror(errno));
			ok = false;
		} else {
			g_free(temps[i]);
			temps[i] = NULL;
		}
	for (guint i = 0; i < n; i++)
		if (temps[i] != NULL)
			g_unlink(temps[i]);
	g_strfreev(temps);
	g_strfreev(targets);
	g_free(there);
	return ok;
}

/* A file's path with its folder's symbolic links resolved (the file
 * itself need not exist).  Caller frees. */
static char *
S_canonical(const char *path)
{
	char *dir = g_path_get_dirname(path);
	char *base = g_path_get_basename(path);
	char *real = realpath(dir, NULL);
	char *r = real != NULL ? g_build_filename(real, base, NULL) :
	    g_canonicalize_filename(path, NULL);

	free(real);
	g_free(dir);
	g_free(base);
	return r;
}

/* A file that exists, as the system knows it: two names of it, links
 * or hard links, are the same key. */
struct fileid {
	dev_t dev;
	ino_t ino;
};

static guint
S_fileid_hash(gconstpointer p)
{
	const struct fileid *f = p;
	guint64 ino = (guint64)f->ino;

	return (guint)ino ^ (guint)(ino >> 32) ^ (guint)f->dev * 31u;
}

static gboolean
S_fileid_equal(gconstpointer a, gconstpointer b)
{
	const struct fileid *x = a, *y = b;

	return x->dev == y->dev && x->ino == y->ino;
}

/* An output written to the same file as an earlier one (other, its
 * name), said at name. */
static void
S_twice(const char *name, const char *other, struct diags *diags)
{
	struct srcpos none = { 0, 0 };

	if (strcmp(name, other) == 0)
		diags_add(diags, SEV_ERROR, name, none, "two outputs would be "
		    "written to this file; choose another name for one");
	else
		diags_add(diags, SEV_ERROR, name, none, "two outputs would be "
		    "written to this file (also named '%s'); choose another "
		    "name for one", other);
}

bool
output_check(char *const *names, char *const *inputs, struct diags *diags)
{
	struct srcpos none = { 0, 0 };
	/* the outputs so far: their paths with their folders' links
	 * resolved (owned), and those that exist -> their names; each
	 * output is looked up once, however many pages a PNG has */
	GHashTable *paths = g_hash_table_new_full(g_str_hash, g_str_equal,
	    g_free, NULL);
	GHashTable *files = g_hash_table_new_full(S_fileid_hash,
	    S_fileid_equal, g_free, NULL);
	bool ok = true;

	for (guint i = 0; names[i] != NULL; i++) {
		GStatBuf st;
		struct fileid id;
		const char *in, *other;
		char *t, *ct;
		int why;

		if (strcmp(names[i], "-") == 0 || S_open_fd(names[i]) >= 0)
			continue;
		if ((t = S_target(names[i], &st, &why)) == NULL) {
			S_link_error(names[i], why, diags);
			ok = false;
			continue;
		}
		/* A device or a pipe is written into, not replaced. */
		if (S_into(st.st_mode)) {
			g_free(t);
			continue;
		}
		/* (A name with nothing there yet is no input.) */
		if (st.st_mode != 0 && (in = S_input_at(&st, inputs)) != NULL) {
			diags_add(diags, SEV_ERROR, names[i], none,
			    "writing here would replace '%s', which the "
			    "output is made from; choose another name", in);
			ok = false;
		}
		ct = S_canonical(t);
		id.dev = st.st_dev;
		id.ino = st.st_ino;
		if ((other = g_hash_table_lookup(paths, ct)) != NULL ||
		    (st.st_mode != 0 &&
		    (other = g_hash_table_lookup(files, &id)) != NULL)) {
			S_twice(names[i], other, diags);
			ok = false;
		}
		if (!g_hash_table_contains(paths, ct))
			g_hash_table_insert(paths, ct, names[i]);
		else
			g_free(ct);
		if (st.st_mode != 0 && !g_hash_table_contains(files, &id))
			g_hash_table_insert(files, g_memdup2(&id, sizeof id),
			    names[i]);
		g_free(t);
	}
	g_hash_table_destroy(paths);
	g_hash_table_destroy(files);
	return ok;
}
