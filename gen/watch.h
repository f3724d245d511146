/*
 * watch.h: rendering a plan again whenever one of its files changes.
 */
#ifndef UCAPGEN_WATCH_H
#define UCAPGEN_WATCH_H

#include "session.h"

/*
 * Render the job, then again each time the plan or a file it depends on
 * changes, until interrupted (SIGINT, SIGTERM).  An invalid plan prints
 * its messages and leaves the last good output in place.  Returns the
 * exit status.
 */
int watch_run(struct session *, const struct job *,
    const struct render_opts *);

#endif
