/*
 * page.c: pages of boxes and the laid-out document that holds them.
 *
 * Owns the boxes' link addresses and references to their Pango layouts.
 */
#include "page.h"

struct page *
page_new(void)
{
	struct page *p = g_new0(struct page, 1);

	p->boxes = g_array_new(FALSE, FALSE, sizeof(struct box));
	return p;
}

void
page_free(struct page *p)
{
	if (p == NULL)
		return;
	for (guint i = 0; i < p->boxes->len; i++) {
		struct box *b = &g_array_index(p->boxes, struct box, i);

		if (b->layout != NULL)
			g_object_unref(b->layout);
		if (b->image != NULL)
			cairo_surface_destroy(b->image);
		g_free(b->uri);
	}
	g_array_free(p->boxes, TRUE);
	g_free(p);
}

/* Takes references to the layout and image and a copy of the address. */
void
page_add(struct page *p, const struct box *b)
{
	struct box c = *b;

	if (c.layout != NULL)
		g_object_ref(c.layout);
	if (c.image != NULL)
		cairo_surface_reference(c.image);
	c.uri = g_strdup(b->uri);
	g_array_append_val(p->boxes, c);
}

struct document *
document_new(double width, double height)
{
	struct document *d = g_new0(struct document, 1);

	d->width = width;
	d->height = height;
	d->pages = g_ptr_array_new_with_free_func((GDestroyNotify)page_free);
	d->nodes = g_array_new(FALSE, TRUE, sizeof(struct snode));
	return d;
}

int
document_node(struct document *d, const char *type, int parent,
    const char *alt, const char *outline)
{
	struct snode n = { type, parent, g_strdup(alt), g_strdup(outline),
	    NULL };

	g_array_append_val(d->nodes, n);
	return (int)d->nodes->len;
}

void
document_free(struct document *d)
{
	if (d == NULL)
		return;
	g_ptr_array_free(d->pages, TRUE);
	for (guint i = 0; i < d->nodes->len; i++) {
		g_free(g_array_index(d->nodes, struct snode, i).alt);
		g_free(g_array_index(d->nodes, struct snode, i).outline);
		g_free(g_array_index(d->nodes, struct snode, i).lang);
	}
	g_array_free(d->nodes, TRUE);
	g_free(d->title);
	g_free(d->author);
	g_free(d->subject);
	g_free(d->keywords);
	g_free(d->language);
	g_free(d->date);
	g_free(d->id_prefix);
	g_free(d);
}

char *
document_dump(const struct document *d)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "document %.1f x %.1f, %u pages\n",
	    d->width, d->height, d->pages->len);
	for (guint i = 0; i < d->pages->len; i++) {
		const struct page *p = d->pages->pdata[i];

		g_string_append_printf(s, "page %u\n", i + 1);
		for (guint j = 0; j < p->boxes->len; j++) {
			const struct box *b = &g_array_index(p->boxes,
			    struct box, j);

			switch (b->kind) {
			case BOX_FILL:
				g_string_append_printf(s, "  fill %.1f %.1f "
				    "%.1f %.1f\n", b->x, b->y, b->w, b->h);
				break;
			case BOX_RULE:
				g_string_append_printf(s, "  rule %.1f %.1f "
				    "%.1f %.1f\n", b->x, b->y, b->w, b->h);
				break;
			case BOX_IMAGE:
				g_string_append_printf(s, "  image %.1f %.1f "
				    "%.1f %.1f\n", b->x, b->y, b->w, b->h);
				break;
			case BOX_LINK:
				g_string_append_printf(s, "  link %.1f %.1f "
				    "%.1f %.1f %s\n", b->x, b->y, b->w, b->h,
				    b->uri);
				break;
			case BOX_TEXT: {
				const struct tline *l = b->line;
				const char *t = pango_layout_get_text(b->layout);
				char *line = g_strndup(t + l->start,
				    (gsize)l->length);

				/* Without the invisible word joiners that
				 * keep names whole. */
				g_string_append_printf(s, "  text %.1f %.1f "
				    "\"", b->x, b->y);
				for (const char *c = line; *c != '\0';
				    c = g_utf8_next_char(c))
					if (g_utf8_get_char(c) != 0x2060)
						g_string_append_len(s, c,
						    g_utf8_next_char(c) - c);
				g_string_append(s, "\"\n");
				g_free(line);
				break;
			}
			}
		}
	}
	return g_string_free(s, FALSE);
}
