/*
 * format.h: plan values as the sheet writes them, in the catalog's words.
 */
#ifndef UCAPGEN_FORMAT_H
#define UCAPGEN_FORMAT_H

#include <libxml/tree.h>

#include "catalog.h"

enum format {
	FMT_TEXT,          /* the text as written, inline markup and all */
	FMT_POPULATION,    /* 7700000 -> "7.7 million" (Chinese: "770万") */
	FMT_AREA,          /* 478.7 -> "478.7 km²" */
	FMT_MONTH,         /* 2017-03 -> "March 2017"; 2017-05-31 -> "31 May 2017"
			      (each language's order: "2017年3月") */
	FMT_PERIOD,        /* {start, end} -> "March 2017 – October 2017" */
	FMT_TOPIC,         /* an Urban Agenda topic, translated */
	FMT_SHORT_NAME,    /* a city: "Agii Anargiri-Kamatero (AAK)", with its
			      name in its own script: "Varna · Варна" */
};

/* Whether a format's result is inline markup (else plain text). */
bool format_is_markup(enum format);
/* Parse a format name of a layout; returns false if unknown. */
bool format_from_name(const char *, enum format *);

/*
 * The value of node in the given format, or NULL when the node is
 * missing or empty.  Caller frees.
 */
char *format_value(const struct catalog *, enum format, const xmlNode *);
/* "SDG 3: Good health and well-being".  Caller frees. */
char *format_sdg(const struct catalog *, int goal);

#endif
