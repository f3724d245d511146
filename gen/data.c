/*
 * data.c: finding the data folder, installed or in the source tree.
 *
 * Owns the paths it hands out in struct datadir.
 */
#include "data.h"

#include <string.h>

#include "config.h"

/* Fill d from a candidate folder; the source tree keeps the schema in
 * gen/, an installed tree at its top. */
static bool
S_try(struct datadir *d, const char *root)
{
	char *in_src = g_build_filename(root, "gen", "plan.xsd", NULL);
	char *installed = g_build_filename(root, "plan.xsd", NULL);
	char *schema = NULL;

	if (g_file_test(in_src, G_FILE_TEST_IS_REGULAR))
		schema = g_strdup(in_src);
	else if (g_file_test(installed, G_FILE_TEST_IS_REGULAR))
		schema = g_strdup(installed);
	g_free(in_src);
	g_free(installed);
	if (schema == NULL)
		return false;
	d->root = g_strdup(root);
	d->schema = schema;
	d->layouts = g_build_filename(root, "layouts", NULL);
	d->fonts = g_build_filename(root, "fonts", NULL);
	return true;
}

/* The folder of the running program, or NULL. Caller frees. */
static char *
S_exe_dir(void)
{
	char *exe = g_file_read_link("/proc/self/exe", NULL);
	char *dir;

	if (exe == NULL)
		return NULL;
	dir = g_path_get_dirname(exe);
	g_free(exe);
	return dir;
}

bool
datadir_find(struct datadir *d, struct diags *diags)
{
	const char *env = g_getenv("UCAPGEN_DATADIR");
	char *exe_dir;
	bool ok = false;
	struct srcpos none = { 0, 0 };

	memset(d, 0, sizeof *d);
	if (env != NULL && *env != '\0') {
		if (S_try(d, env))
			return true;
		diags_add(diags, SEV_ERROR, NULL, none, "UCAPGEN_DATADIR is "
		    "'%s', which holds no plan schema (plan.xsd)", env);
		return false;
	}
	exe_dir = S_exe_dir();
	if (exe_dir != NULL) {
		char *canon = g_canonicalize_filename(UCAPGEN_BUILD_DIR, NULL);

		if (strcmp(exe_dir, canon) == 0)
			ok = S_try(d, UCAPGEN_SOURCE_DIR);
		g_free(canon);
		if (!ok) {
			char *rel = g_build_filename(exe_dir, "..", "share",
			    "ucapgen", NULL);

			ok = S_try(d, rel);
			g_free(rel);
		}
		g_free(exe_dir);
	}
	if (!ok)
		ok = S_try(d, UCAPGEN_DATA_DIR);
	if (!ok)
		diags_add(diags, SEV_ERROR, NULL, none, "cannot find the data "
		    "folder (plan.xsd, layouts, fonts); looked in %s; set "
		    "UCAPGEN_DATADIR", UCAPGEN_DATA_DIR);
	return ok;
}

void
datadir_clear(struct datadir *d)
{
	g_free(d->root);
	g_free(d->schema);
	g_free(d->layouts);
	g_free(d->fonts);
	memset(d, 0, sizeof *d);
}
