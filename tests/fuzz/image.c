/*
 * image.c: a libFuzzer target for the PNG and JPEG readers (raster.c):
 * any bytes as a picture, drawn small (rows averaged) or large (kept).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "raster.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Where the pixels are added up, so that each is read. */
static volatile unsigned S_sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The last byte picks the size it is drawn at: 1 to 256 pt wide,
	 * at most as high (even) or of any height (odd). */
	struct raster_fit fit = { 1 + (size > 0 ? data[size - 1] : 0),
	    size > 0 && data[size - 1] % 2 ? INFINITY : 40 };
	cairo_surface_t *s = NULL;
	guint w, h;
	char *err = NULL;

	if (size >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0)
		s = raster_png(data, size, &fit, &w, &h, &err);
	else if (size >= 3 && memcmp(data, "\xff\xd8\xff", 3) == 0)
		s = raster_jpeg(data, size, &fit, &w, &h, &err);
	else
		return 0;
	if (s != NULL) {
		/* Every pixel is read: a short buffer shows to ASan. */
		const unsigned char *p = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		int rows = cairo_image_surface_get_height(s);

		for (int i = 0; p != NULL && i < stride * rows; i++)
			S_sink += p[i];
		cairo_surface_destroy(s);
	}
	g_free(err);
	return 0;
}
