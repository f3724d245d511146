/*
 * flow.c: pieces, cells, rows and frames of a flow: making, measuring,
 * freeing.
 *
 * Each struct owns what flow.h says; pieces own their Pango layouts and
 * the references their decoration boxes hold.
 */
#include "flow.h"

struct piece *
piece_new(void)
{
	struct piece *p = g_new0(struct piece, 1);

	p->lines = g_array_new(FALSE, FALSE, sizeof(struct pline));
	p->links = g_array_new(FALSE, FALSE, sizeof(struct plink));
	p->decor = g_array_new(FALSE, FALSE, sizeof(struct pdecor));
	p->min_lines = 2;
	return p;
}

void
piece_free(struct piece *p)
{
	if (p == NULL)
		return;
	if (p->layout != NULL)
		g_object_unref(p->layout);
	if (p->marker != NULL)
		g_object_unref(p->marker);
	for (guint i = 0; i < p->links->len; i++)
		g_free(g_array_index(p->links, struct plink, i).uri);
	for (guint i = 0; i < p->decor->len; i++) {
		struct box *b = &g_array_index(p->decor, struct pdecor, i).box;

		if (b->layout != NULL)
			g_object_unref(b->layout);
		if (b->image != NULL)
			cairo_surface_destroy(b->image);
		g_free(b->uri);
	}
	g_array_free(p->decor, TRUE);
	if (p->alts != NULL)
		g_ptr_array_free(p->alts, TRUE);
	g_array_free(p->links, TRUE);
	g_array_free(p->lines, TRUE);
	g_free(p);
}

double
piece_height(const struct piece *p)
{
	if (p->lines->len == 0)
		return 0;
	return g_array_index(p->lines, struct pline, p->lines->len - 1).bottom;
}

void
piece_decor(struct piece *p, int line, int figure, const struct box *b)
{
	struct pdecor d;

	d.line = line;
	d.figure = figure;
	d.box = *b;
	if (d.box.layout != NULL)
		g_object_ref(d.box.layout);
	if (d.box.image != NULL)
		cairo_surface_reference(d.box.image);
	d.box.uri = g_strdup(b->uri);
	g_array_append_val(p->decor, d);
}

struct fcell *
fcell_new(double x, double width, const struct lstyle *style)
{
	struct fcell *c = g_new0(struct fcell, 1);

	c->x = x;
	c->width = width;
	c->style = style;
	c->pieces = g_ptr_array_new_with_free_func((GDestroyNotify)piece_free);
	return c;
}

void
fcell_free(struct fcell *c)
{
	if (c == NULL)
		return;
	g_ptr_array_free(c->pieces, TRUE);
	g_free(c);
}

double
fcell_height(const struct fcell *c)
{
	double h = 0;

	for (guint i = 0; i < c->pieces->len; i++) {
		const struct piece *p = c->pieces->pdata[i];

		if (p->lines->len == 0)
			continue;
		if (i > 0)
			h += p->space_before;
		h += piece_height(p) -
		    g_array_index(p->lines, struct pline, 0).top;
	}
	return h + c->style->padding[0] + c->style->padding[2];
}

struct frow *
frow_new(void)
{
	struct frow *r = g_new0(struct frow, 1);

	r->cells = g_ptr_array_new_with_free_func((GDestroyNotify)fcell_free);
	return r;
}

void
frow_free(struct frow *r)
{
	if (r == NULL)
		return;
	fcell_free(r->label);
	fcell_free(r->label_cont);
	g_ptr_array_free(r->cells, TRUE);
	g_free(r->outline);
	g_free(r);
}

static void
S_frame_free(gpointer p)
{
	struct fframe *f = p;

	fcell_free(f->cell);
	g_free(f);
}

struct flow *
flow_new(void)
{
	struct flow *f = g_new0(struct flow, 1);

	f->rows = g_ptr_array_new_with_free_func((GDestroyNotify)frow_free);
	f->frames = g_ptr_array_new_with_free_func(S_frame_free);
	return f;
}

void
flow_free(struct flow *f)
{
	if (f == NULL)
		return;
	g_ptr_array_free(f->rows, TRUE);
	g_ptr_array_free(f->frames, TRUE);
	g_free(f);
}
