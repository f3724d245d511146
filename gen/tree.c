/*
 * tree.c: the positioned plan tree: positions, navigation, names.
 *
 * Owns the XML document and the position table of a loaded file.
 */
#include "tree.h"

#include <string.h>

static void
S_clear_pos(gpointer p)
{
	struct nodepos *np = p;

	if (np->marks != NULL)
		g_array_free(np->marks, TRUE);
	g_free(np->origin);
}

struct tree *
tree_new(const char *file)
{
	struct tree *t = g_new0(struct tree, 1);

	t->pos = g_array_new(FALSE, FALSE, sizeof(struct nodepos));
	g_array_set_clear_func(t->pos, S_clear_pos);
	t->file = g_strdup(file);
	t->dir = g_path_get_dirname(file);
	return t;
}

void
tree_free(struct tree *t)
{
	if (t == NULL)
		return;
	if (t->xml != NULL)
		xmlFreeDoc(t->xml);
	g_array_free(t->pos, TRUE);
	g_free(t->file);
	g_free(t->dir);
	g_free(t);
}

void
tree_setpos(struct tree *t, xmlNodePtr n, struct srcpos key, struct srcpos val)
{
	struct nodepos p = { .key = key, .val = val };

	g_array_append_val(t->pos, p);
	n->_private = GUINT_TO_POINTER(t->pos->len);
}

static const struct nodepos *
S_pos(const struct tree *t, const xmlNode *n)
{
	for (; n != NULL; n = n->parent) {
		guint i = GPOINTER_TO_UINT(n->_private);

		if (n->type == XML_ELEMENT_NODE && i > 0 && i <= t->pos->len)
			return &g_array_index(t->pos, struct nodepos, i - 1);
	}
	return NULL;
}

struct srcpos
tree_keypos(const struct tree *t, const xmlNode *n)
{
	const struct nodepos *p = S_pos(t, n);
	struct srcpos none = { 1, 1 };

	return p != NULL ? p->key : none;
}

struct srcpos
tree_valpos(const struct tree *t, const xmlNode *n)
{
	const struct nodepos *p = S_pos(t, n);
	struct srcpos none = { 1, 1 };

	return p != NULL ? p->val : none;
}

/* The node's own entry in the position table, not an ancestor's. */
static struct nodepos *
S_own(const struct tree *t, const xmlNode *n)
{
	guint i = n != NULL ? GPOINTER_TO_UINT(n->_private) : 0;

	if (n == NULL || n->type != XML_ELEMENT_NODE || i == 0 ||
	    i > t->pos->len)
		return NULL;
	return &g_array_index(t->pos, struct nodepos, i - 1);
}

void
tree_refuse(struct tree *t, const xmlNode *n)
{
	struct nodepos *p = S_own(t, n);

	if (p != NULL)
		p->refused = true;
}

bool
tree_refused(const struct tree *t, const xmlNode *n)
{
	const struct nodepos *p = S_own(t, n);

	return p != NULL && p->refused;
}

void
tree_setmarks(struct tree *t, const xmlNode *n, GArray *marks)
{
	struct nodepos *p = S_own(t, n);
	const char *text = tree_text(n);

	if (p == NULL || text == NULL || marks->len == 0) {
		g_array_free(marks, TRUE);
		return;
	}
	if (p->marks != NULL)
		g_array_free(p->marks, TRUE);
	p->marks = marks;
	p->text_len = strlen(text);
}

void
tree_settext(struct tree *t, xmlNodePtr n, const char *text)
{
	struct nodepos *p = S_own(t, n);
	xmlNodePtr c = n->children;

	while (c != NULL) {
		xmlNodePtr next = c->next;

		if (c->type == XML_TEXT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		c = next;
	}
	xmlNodeAddContent(n, BAD_CAST text);
	if (p != NULL && p->marks != NULL) {
		g_array_free(p->marks, TRUE);
		p->marks = NULL;
	}
}

struct srcpos
tree_textpos(const struct tree *t, const xmlNode *n, gsize off)
{
	const struct nodepos *p = S_own(t, n);
	const char *text = tree_text(n);
	const struct textmark *m = NULL;
	struct srcpos pos;

	if (p == NULL || p->marks == NULL || text == NULL || off > p->text_len)
		return tree_valpos(t, n);
	for (guint i = 0; i < p->marks->len; i++) {
		const struct textmark *k = &g_array_index(p->marks,
		    struct textmark, i);

		if (k->off > off)
			break;
		m = k;
	}
	if (m == NULL)
		return tree_valpos(t, n);
	/* Characters on from the mark; past its stretch (a line break
	 * YAML made, an escape), the stretch's end. */
	pos = m->pos;
	off = MIN(off, m->off + m->len);
	for (const char *c = text + m->off; c < text + off;
	    c = g_utf8_next_char(c))
		pos.col++;
	return pos;
}

struct srcpos
tree_findpos(const struct tree *t, const xmlNode *n, const char *part)
{
	const xmlNode *in = tree_holding(n, part);
	const char *text = in != NULL ? tree_text(in) : NULL;

	if (text == NULL)
		return tree_valpos(t, n);
	return tree_textpos(t, in, (gsize)(strstr(text, part) - text));
}

/* The next element after n in document order, within the subtree of top
 * (its descendants first). */
static const xmlNode *
S_following(const xmlNode *n, const xmlNode *top)
{
	const xmlNode *c = tree_first(n);

	if (c != NULL)
		return c;
	for (; n != NULL && n != top; n = n->parent) {
		c = tree_next(n);
		if (c != NULL)
			return c;
	}
	return NULL;
}

void
tree_setorigin(struct tree *t, const xmlNode *n, const char *file, int line)
{
	struct nodepos *p = S_own(t, n);

	if (p == NULL)
		return;
	g_free(p->origin);
	p->origin = g_strdup(file);
	p->origin_line = line;
}

bool
tree_origin(const struct tree *t, const xmlNode *n, const char **file,
    struct srcpos *pos)
{
	for (const xmlNode *k = n; k != NULL; k = S_following(k, n)) {
		const struct nodepos *p = S_own(t, k);

		if (p != NULL && p->origin != NULL) {
			*file = p->origin;
			pos->line = p->origin_line;
			pos->col = 0;
			return true;
		}
	}
	return false;
}

const xmlNode *
tree_holding(const xmlNode *n, const char *part)
{
	if (part == NULL || *part == '\0')
		return NULL;
	for (const xmlNode *k = n; k != NULL; k = S_following(k, n)) {
		const char *text = tree_text(k);

		if (text != NULL && strstr(text, part) != NULL)
			return k;
	}
	return NULL;
}

xmlNodePtr
tree_first(const xmlNode *parent)
{
	xmlNodePtr c;

	if (parent == NULL)
		return NULL;
	for (c = parent->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNodePtr
tree_next(const xmlNode *node)
{
	xmlNodePtr c;

	for (c = node->next; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return c;
	return NULL;
}

xmlNodePtr
tree_child(const xmlNode *parent, const char *name)
{
	for (xmlNodePtr c = tree_first(parent); c != NULL; c = tree_next(c))
		if (strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

const char *
tree_text(const xmlNode *n)
{
	if (n == NULL)
		return NULL;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			return (const char *)c->content;
	return NULL;
}

bool
tree_is_list(const xmlNode *n)
{
	xmlNodePtr c = tree_first(n);

	return c != NULL && strcmp((const char *)c->name, "item") == 0;
}

int
tree_item_index(const xmlNode *n)
{
	int i = 1;

	for (xmlNodePtr c = n->prev; c != NULL; c = c->prev)
		if (c->type == XML_ELEMENT_NODE)
			i++;
	return i;
}

char *
tree_label(const xmlNode *n)
{
	if (n == NULL)
		return g_strdup("the plan");
	if (strcmp((const char *)n->name, "item") != 0)
		return g_strdup((const char *)n->name);
	if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE) {
		char *up = tree_label(n->parent);
		char *s = g_strdup_printf("%s item %d", up, tree_item_index(n));

		g_free(up);
		return s;
	}
	return g_strdup("item");
}

gunichar
tree_bad_char(const char *s, gsize len)
{
	const char *end = s + len;

	for (const char *c = s; c < end; c = g_utf8_next_char(c)) {
		gunichar u = g_utf8_get_char(c);

		if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') ||
		    u == 0x7F || (u >= 0x80 && u < 0xA0) ||
		    u == 0xFFFE || u == 0xFFFF)
			return u;
	}
	return 0;
}
