/*
 * batch.h: many jobs, rendered in parallel, with progress.
 */
#ifndef UCAPGEN_BATCH_H
#define UCAPGEN_BATCH_H

#include "session.h"

/*
 * Render every job (a GPtrArray of struct job *) with threads workers.
 * A failing job does not stop the others.  Prints each job's messages
 * as it finishes, a progress line on a terminal (one line per job
 * otherwise), and "N rendered, N failed" at the end, all on standard
 * error.  Returns the number of jobs that failed.
 */
int batch_run(struct session *, GPtrArray *jobs, const struct render_opts *,
    int threads);

#endif
