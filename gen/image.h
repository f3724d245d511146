/*
 * image.h: the images a plan names (a logo, a photo), loaded for drawing.
 */
#ifndef UCAPGEN_IMAGE_H
#define UCAPGEN_IMAGE_H

#include <cairo.h>
#include <stdbool.h>

#include "raster.h"

/* The largest image file ucapgen reads, and the most pixels a side. */
#define IMAGE_MAX_BYTES (32u * 1024u * 1024u)
#define IMAGE_MAX_SIDE 12000

struct image {
	cairo_surface_t *surface;       /* owned; drawn at (0, 0) */
	double width, height;           /* its natural size in points */
};

/*
 * Load a PNG, JPEG or SVG file (told apart by their first bytes), to be
 * drawn as fit says.  PNG and JPEG become image surfaces, with no more
 * pixels than fit needs (raster.h; a JPEG keeps its own bytes, which PDF
 * and SVG embed as they are); SVG becomes a recording surface, so it
 * stays vector.  Returns false with *err (caller frees) in plain words,
 * which call the file name (as the plan wrote it).
 */
bool image_load(const char *path, const char *name,
    const struct raster_fit *fit, struct image *, char **err);

/*
 * What a worker keeps of the images it loaded, so that the same file's
 * bytes drawn at the same fit are decoded once: a plan's logo in each
 * layout and language of a batch.  Not shared between threads (a
 * drawing's recording surface is not safe to replay from two).
 */
struct imagecache;

struct imagecache *imagecache_new(void);
void imagecache_free(struct imagecache *);
/* image_load, with what was loaded before kept in cache (may be NULL:
 * nothing kept).  The image is the same either way. */
bool image_load_cached(struct imagecache *cache, const char *path,
    const char *name, const struct raster_fit *fit, struct image *,
    char **err);
void image_clear(struct image *);

/* What a surface image_load made shows, for caches of what it is made
 * into: the same for the same file loaded at the same size (its SHA-256
 * and the size).  NULL for a JPEG embedded as it is, a picture whose
 * file is over a megabyte, or a surface image_load did not make.
 * Owned by the surface. */
const char *image_key(cairo_surface_t *);

/*
 * The file a plan's reference names, relative to the plan's folder.  It
 * must stay inside that folder's tree, or inside one of the allowed
 * folders (NULL-terminated; may be NULL).  Returns the path (caller
 * frees), or NULL with *err.
 */
char *image_resolve(const char *plan_dir, const char *ref,
    char *const *allowed, char **err);

#endif
