/*
 * tree.h: a plan as an XML tree whose nodes remember where they came from.
 *
 * load.c builds it from YAML; validate.c checks it; layout.c reads it.
 * Each element's _private field holds an index (plus one) into the tree's
 * position table, so a message about any node can name its line and
 * column in the YAML file.
 */
#ifndef UCAPGEN_TREE_H
#define UCAPGEN_TREE_H

#include <libxml/tree.h>
#include <stdbool.h>

#include "diag.h"

#define PLAN_NS "urn:ucapgen:plan:1"

/* Where a stretch of a text is in the file: the len bytes of the text
 * at off are at pos, as they are written there.  A text written over
 * several lines has one for each line. */
struct textmark {
	gsize off;
	gsize len;
	struct srcpos pos;
};

/* Where a node came from: its key (for a mapping entry) and its value,
 * and for a text, where each of its lines is. */
struct nodepos {
	struct srcpos key;
	struct srcpos val;
	GArray *marks;      /* owned; of struct textmark by offset; or NULL */
	gsize text_len;     /* the length of the text the marks are for */
	char *origin;       /* owned, or NULL: the file its text now comes
	                       from (a translation's PO file) */
	int origin_line;    /* and the line there */
	bool refused;       /* the loader refused the value, and said why
	                       elsewhere than where it starts */
};

struct tree {
	xmlDocPtr xml;      /* owned; NULL until loaded */
	GArray *pos;        /* owned; of struct nodepos */
	char *file;         /* owned; the file name as the user gave it */
	char *dir;          /* owned; the folder of the file */
};

struct tree *tree_new(const char *file);
void tree_free(struct tree *);
void tree_setpos(struct tree *, xmlNodePtr, struct srcpos key,
    struct srcpos val);
/* Positions of a node, or of its nearest ancestor that has one. */
struct srcpos tree_keypos(const struct tree *, const xmlNode *);
struct srcpos tree_valpos(const struct tree *, const xmlNode *);
/* The loader left the node's value out, with a message of its own (at
 * a character of the text, say): the validator says nothing more of it. */
void tree_refuse(struct tree *, const xmlNode *);
bool tree_refused(const struct tree *, const xmlNode *);

/* Where the node's text came from, line by line; takes marks.  Set after
 * the text, which changes after only through tree_settext. */
void tree_setmarks(struct tree *, const xmlNode *, GArray *marks);
/* Put text in place of the node's (a translation): its marks go, as the
 * new text is not where they say. */
void tree_settext(struct tree *, xmlNodePtr, const char *text);
/* The position of a byte of the node's text, or of the first text of its
 * subtree (its own first) that holds part; the value's position when it
 * cannot be told. */
struct srcpos tree_textpos(const struct tree *, const xmlNode *, gsize off);
struct srcpos tree_findpos(const struct tree *, const xmlNode *,
    const char *part);
/* The first element of n's subtree, n itself first, whose own text holds
 * part; NULL if none.  (A partner's entry holds its name's text.) */
const xmlNode *tree_holding(const xmlNode *n, const char *part);

/* The node's text now comes from line of file (a translation). */
void tree_setorigin(struct tree *, const xmlNode *, const char *file,
    int line);
/* Whether the text of n, or of the first node of its subtree that has
 * one, comes from another file: then its name (the tree's) in *file and
 * the line in *pos. */
bool tree_origin(const struct tree *, const xmlNode *, const char **file,
    struct srcpos *pos);

/* Navigation over the element tree. */
xmlNodePtr tree_first(const xmlNode *parent);
xmlNodePtr tree_next(const xmlNode *node);
xmlNodePtr tree_child(const xmlNode *parent, const char *name);
/* The text of an element (its direct text children); NULL if none.
 * The string belongs to the tree. */
const char *tree_text(const xmlNode *);
/* Whether an element holds a YAML list (its children are <item>s). */
bool tree_is_list(const xmlNode *);
/* The 1-based index of an <item> among its siblings. */
int tree_item_index(const xmlNode *);
/* A short name for messages: "population", "sdgs item 3". Caller frees. */
char *tree_label(const xmlNode *);

/* The first character of s (UTF-8, len bytes) that a plan's text cannot
 * hold (a control character, or one XML cannot hold), or 0. */
gunichar tree_bad_char(const char *s, gsize len);

#endif
