/*
 * layoutmsg.h: schema messages about a layout, rewritten for designers.
 */
#ifndef UCAPGEN_LAYOUTMSG_H
#define UCAPGEN_LAYOUTMSG_H

#include <glib.h>

struct layoutmsg;

/* Learn the layout schema in the file xsd.  Free with layoutmsg_free. */
struct layoutmsg *layoutmsg_new(const char *xsd);
void layoutmsg_free(struct layoutmsg *);

/*
 * One message, in plain words, for libxml2's raw messages (raw[0..n-1])
 * about one element (and one of its attributes, or NULL).  Caller frees.
 */
char *layoutmsg_explain(const struct layoutmsg *, const char *element,
    const char *attr, char **raw, guint n);

#endif
