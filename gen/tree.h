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

/* Where a node came from: its key (for a mapping entry) and its value. */
struct nodepos {
	struct srcpos key;
	struct srcpos val;
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

#endif
