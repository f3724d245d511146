/*
 * output.h: writing rendered files without ever leaving half of one.
 */
#ifndef UCAPGEN_OUTPUT_H
#define UCAPGEN_OUTPUT_H

#include <glib.h>
#include <stdbool.h>

#include "diag.h"

/* The name of page n's file for a target: "summary.png" gives
 * "summary-2.png".  Caller frees. */
char *output_page_name(const char *target, int n);

/*
 * Remove the page files an earlier render of target left that the one
 * just written, of nfiles files, does not replace: "summary.png" when
 * there are several pages now, "summary-N.png" from N = nfiles + 1 on
 * (from 1 when one file was written) for as long as they follow.  None
 * of inputs (NULL-terminated, may be NULL: the files the summary is made
 * from, such as a logo named like a page) is removed.
 */
void output_prune_pages(const char *target, guint nfiles,
    char *const *inputs);

/* Make the folder a file is to be written in, with its parents, when it
 * does not exist.  false with a message naming the folder. */
bool output_folder(const char *name, struct diags *);

/*
 * Write files[i] (GBytes) to names[i], or the one file to standard output
 * when names[0] is "-".  A target's folder is made when it does not
 * exist, with its parents.  Each file goes to a temporary file beside
 * its target first; only when all are written are they renamed into
 * place.  On any failure no target changes and no temporary file remains
 * (a folder made for a target may).
 */
bool output_write(char **names, GPtrArray *files, struct diags *);

/* Whether name is written into rather than replaced: a device, a pipe, a
 * socket, or one of the process's open files (/dev/stdout, /dev/fd/N). */
bool output_into(const char *name);

/*
 * Whether names (NULL-terminated; "-" is standard output) can be written:
 * none of them is one of inputs (NULL-terminated, may be NULL: the files
 * the outputs are made from), and no two are the same file.  false with a
 * message at each name that cannot.
 */
bool output_check(char *const *names, char *const *inputs, struct diags *);

#endif
