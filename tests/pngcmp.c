/*
 * pngcmp.c: compare two PNG images the way Cairo's test suite does.
 *
 *   pngcmp [-t THRESHOLD] [-p PERCENT | -n PIXELS] [-b BLOCK] [-s PREFIX]
 *          REF OUT
 *   pngcmp --size FILE
 *
 * Identical files pass at once.  Otherwise both images are read with
 * cairo_image_surface_create_from_png and compared pixel by pixel: a
 * pixel differs when one of its four channels differs by more than
 * THRESHOLD (0-255, default 24).  The images match when they have the
 * same size and at most PERCENT per cent of the pixels differ (default
 * 0.1), or at most PIXELS pixels when -n is given.  The verdict and the
 * numbers go to standard output.  When the images do not match and -s is
 * given, PREFIX.out.png (a copy of OUT) and PREFIX.diff.png (the
 * reference, faded, with every differing pixel or square in red and every
 * pixel that differs within the threshold in orange) are written.
 *
 * -b BLOCK first replaces both images by the averages of their BLOCK x
 * BLOCK squares (a box filter; pixels then means squares).  Two
 * rasterisers (Cairo's and Poppler's Splash) draw the same glyph edges a
 * little differently everywhere; averages hide that, not a missing,
 * moved or recoloured line of text.
 *
 * --size prints the image's width and height in pixels, and checks that
 * the file is a PNG Cairo can read.
 *
 * Exit status: 0 the images match, 1 they do not, 2 a file could not be
 * read or written, or a usage error.  (cairo test/buffer-diff.c)
 */
#include <cairo.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole of a file, or NULL; *len is its size. */
static unsigned char *
S_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			unsigned char *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static bool
S_same_bytes(const char *a, const char *b)
{
	size_t la, lb;
	unsigned char *ba = S_slurp(a, &la), *bb = S_slurp(b, &lb);
	bool same = ba != NULL && bb != NULL && la == lb &&
	    memcmp(ba, bb, la) == 0;

	free(ba);
	free(bb);
	return same;
}

/* An ARGB32 copy of a PNG file, or NULL with a message. */
static cairo_surface_t *
S_load(const char *path)
{
	cairo_surface_t *png = cairo_image_surface_create_from_png(path);
	cairo_surface_t *img;
	cairo_t *cr;

	if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngcmp: %s: %s\n", path,
		    cairo_status_to_string(cairo_surface_status(png)));
		cairo_surface_destroy(png);
		return NULL;
	}
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    cairo_image_surface_get_width(png),
	    cairo_image_surface_get_height(png));
	cr = cairo_create(img);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_surface(cr, png, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(png);
	cairo_surface_flush(img);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngcmp: %s: %s\n", path,
		    cairo_status_to_string(cairo_surface_status(img)));
		cairo_surface_destroy(img);
		return NULL;
	}
	return img;
}

/* The averages of the block x block squares of img (ARGB32), as a new
 * image; the squares at the right and bottom edges may be smaller. */
static cairo_surface_t *
S_average(cairo_surface_t *img, int block)
{
	int w = cairo_image_surface_get_width(img);
	int h = cairo_image_surface_get_height(img);
	int bw = (w + block - 1) / block, bh = (h + block - 1) / block;
	cairo_surface_t *avg = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
	    bw, bh);
	int is = cairo_image_surface_get_stride(img);
	const unsigned char *ip = cairo_image_surface_get_data(img);
	unsigned char *ap;
	int as;

	if (cairo_surface_status(avg) != CAIRO_STATUS_SUCCESS)
		return avg;
	cairo_surface_flush(avg);
	ap = cairo_image_surface_get_data(avg);
	as = cairo_image_surface_get_stride(avg);
	for (int by = 0; by < bh; by++)
		for (int bx = 0; bx < bw; bx++) {
			unsigned long sum[4] = { 0, 0, 0, 0 };
			unsigned long n = 0;
			uint32_t v = 0;

			for (int y = by * block; y < h && y < (by + 1) * block;
			    y++) {
				const uint32_t *row =
				    (const uint32_t *)(const void *)(ip + y * is);

				for (int x = bx * block;
				    x < w && x < (bx + 1) * block; x++) {
					for (int c = 0; c < 4; c++)
						sum[c] += (row[x] >> (8 * c)) &
						    0xff;
					n++;
				}
			}
			for (int c = 0; c < 4; c++)
				v |= (uint32_t)((sum[c] + n / 2) / n) << (8 * c);
			((uint32_t *)(void *)(ap + by * as))[bx] = v;
		}
	cairo_surface_mark_dirty(avg);
	return avg;
}

static int
S_channel_diff(uint32_t a, uint32_t b)
{
	int worst = 0;

	for (int shift = 0; shift < 32; shift += 8) {
		int d = abs((int)((a >> shift) & 0xff) -
		    (int)((b >> shift) & 0xff));

		if (d > worst)
			worst = d;
	}
	return worst;
}

/*
 * A faded copy of the full-size reference ref with the differences
 * painted on it: red where the compared images cref and cout (ref and out
 * themselves, or their block x block averages) differ by more than the
 * threshold, orange (pixels only) where they differ by less.
 */
static cairo_status_t
S_write_diff(cairo_surface_t *ref, cairo_surface_t *cref,
    cairo_surface_t *cout, int block, int threshold, const char *path)
{
	int w = cairo_image_surface_get_width(ref);
	int h = cairo_image_surface_get_height(ref);
	cairo_surface_t *d = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    w, h);
	int rs = cairo_image_surface_get_stride(ref);
	int crs = cairo_image_surface_get_stride(cref);
	int cos = cairo_image_surface_get_stride(cout);
	int ds = cairo_image_surface_get_stride(d);
	const unsigned char *rp = cairo_image_surface_get_data(ref);
	const unsigned char *crp = cairo_image_surface_get_data(cref);
	const unsigned char *cop = cairo_image_surface_get_data(cout);
	unsigned char *dp;
	cairo_status_t st;

	if (cairo_surface_status(d) != CAIRO_STATUS_SUCCESS) {
		st = cairo_surface_status(d);
		cairo_surface_destroy(d);
		return st;
	}
	cairo_surface_flush(d);
	dp = cairo_image_surface_get_data(d);
	for (int y = 0; y < h; y++) {
		const uint32_t *r = (const uint32_t *)(const void *)(rp +
		    y * rs);
		const uint32_t *cr = (const uint32_t *)(const void *)(crp +
		    (y / block) * crs);
		const uint32_t *co = (const uint32_t *)(const void *)(cop +
		    (y / block) * cos);
		uint32_t *p = (uint32_t *)(void *)(dp + y * ds);

		for (int x = 0; x < w; x++) {
			int diff = S_channel_diff(cr[x / block], co[x / block]);
			int lum = (int)(((r[x] >> 16) & 0xff) +
			    ((r[x] >> 8) & 0xff) + (r[x] & 0xff)) / 3;
			int fade = 255 - (255 - lum) / 4;

			if (diff > threshold)
				p[x] = 0xff0000u;
			else if (diff > 0 && block == 1)
				p[x] = 0xffa000u;
			else
				p[x] = (uint32_t)fade << 16 |
				    (uint32_t)fade << 8 | (uint32_t)fade;
		}
	}
	cairo_surface_mark_dirty(d);
	st = cairo_surface_write_to_png(d, path);
	cairo_surface_destroy(d);
	return st;
}

/* The pixels of a and b (same size) that differ by more than threshold
 * in a channel; *worst is the largest channel difference. */
static long long
S_count(cairo_surface_t *a, cairo_surface_t *b, int threshold, int *worst)
{
	int w = cairo_image_surface_get_width(a);
	int h = cairo_image_surface_get_height(a);
	int as = cairo_image_surface_get_stride(a);
	int bs = cairo_image_surface_get_stride(b);
	const unsigned char *ap = cairo_image_surface_get_data(a);
	const unsigned char *bp = cairo_image_surface_get_data(b);
	long long count = 0;

	*worst = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *r = (const uint32_t *)(const void *)(ap +
		    y * as);
		const uint32_t *o = (const uint32_t *)(const void *)(bp +
		    y * bs);

		for (int x = 0; x < w; x++) {
			int d = S_channel_diff(r[x], o[x]);

			if (d > *worst)
				*worst = d;
			if (d > threshold)
				count++;
		}
	}
	return count;
}

static int
S_usage(void)
{
	fprintf(stderr, "usage: pngcmp [-t THRESHOLD] [-p PERCENT | "
	    "-n PIXELS] [-b BLOCK] [-s PREFIX] REF OUT\n       pngcmp --size FILE\n");
	return 2;
}

static bool
S_number(const char *s, double lo, double hi, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && *v >= lo && *v <= hi;
}

int
main(int argc, char **argv)
{
	double threshold = 24, percent = 0.1, pixels = -1, block = 1, v;
	const char *prefix = NULL, *refpath, *outpath;
	cairo_surface_t *ref, *out;
	long long count = 0, total;
	int worst = 0, i;
	bool ok;

	if (argc == 3 && strcmp(argv[1], "--size") == 0) {
		cairo_surface_t *s = S_load(argv[2]);

		if (s == NULL)
			return 2;
		printf("%d %d\n", cairo_image_surface_get_width(s),
		    cairo_image_surface_get_height(s));
		cairo_surface_destroy(s);
		return 0;
	}
	/* Each option takes the word after it. */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0';
	    i += 2) {
		if (i + 1 >= argc)
			return S_usage();
		if (strcmp(argv[i], "-t") == 0 && S_number(argv[i + 1], 0, 255,
		    &v))
			threshold = v;
		else if (strcmp(argv[i], "-p") == 0 &&
		    S_number(argv[i + 1], 0, 100, &v))
			percent = v;
		else if (strcmp(argv[i], "-n") == 0 &&
		    S_number(argv[i + 1], 0, 1e12, &v))
			pixels = v;
		else if (strcmp(argv[i], "-b") == 0 &&
		    S_number(argv[i + 1], 1, 256, &v))
			block = v;
		else if (strcmp(argv[i], "-s") == 0)
			prefix = argv[i + 1];
		else
			return S_usage();
	}
	if (argc - i != 2)
		return S_usage();
	refpath = argv[i];
	outpath = argv[i + 1];

	if (S_same_bytes(refpath, outpath)) {
		printf("%s: identical\n", outpath);
		return 0;
	}
	if ((ref = S_load(refpath)) == NULL)
		return 2;
	if ((out = S_load(outpath)) == NULL) {
		cairo_surface_destroy(ref);
		return 2;
	}
	int w = cairo_image_surface_get_width(ref);
	int h = cairo_image_surface_get_height(ref);

	if (w != cairo_image_surface_get_width(out) ||
	    h != cairo_image_surface_get_height(out)) {
		printf("%s: %dx%d pixels, the reference %s is %dx%d\n", outpath,
		    cairo_image_surface_get_width(out),
		    cairo_image_surface_get_height(out), refpath, w, h);
		/* No diff image for different sizes; still keep the output. */
		if (prefix != NULL) {
			size_t n = strlen(prefix) + 16;
			char *o = malloc(n);

			snprintf(o, n, "%s.out.png", prefix);
			if (cairo_surface_write_to_png(out, o) !=
			    CAIRO_STATUS_SUCCESS)
				fprintf(stderr, "pngcmp: cannot write %s\n", o);
			else
				printf("wrote %s\n", o);
			free(o);
		}
		cairo_surface_destroy(ref);
		cairo_surface_destroy(out);
		return 1;
	}

	/* The images compared: the pictures, or their averages. */
	cairo_surface_t *cref = cairo_surface_reference(ref);
	cairo_surface_t *cout = cairo_surface_reference(out);
	int status = 0;

	if ((int)block > 1) {
		cairo_surface_destroy(cref);
		cairo_surface_destroy(cout);
		cref = S_average(ref, (int)block);
		cout = S_average(out, (int)block);
	}
	if (cairo_surface_status(cref) != CAIRO_STATUS_SUCCESS ||
	    cairo_surface_status(cout) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngcmp: out of memory\n");
		cairo_surface_destroy(cref);
		cairo_surface_destroy(cout);
		cairo_surface_destroy(ref);
		cairo_surface_destroy(out);
		return 2;
	}
	count = S_count(cref, cout, (int)threshold, &worst);
	total = (long long)cairo_image_surface_get_width(cref) *
	    cairo_image_surface_get_height(cref);
	double share = total > 0 ? 100.0 * (double)count / (double)total : 0;
	double allowed = pixels >= 0 ? pixels : percent * (double)total / 100;

	ok = (double)count <= allowed;
	status = ok ? 0 : 1;
	printf("%s: %s: %lld of %lld %s differ by more than %g "
	    "(%.3f%%; allowed %.0f); largest channel difference %d\n",
	    outpath, ok ? "match" : "DIFFERENT", count, total,
	    (int)block > 1 ? "squares" : "pixels", threshold, share, allowed,
	    worst);
	if (!ok && prefix != NULL) {
		size_t n = strlen(prefix) + 16;
		char *o = malloc(n), *d = malloc(n);

		snprintf(o, n, "%s.out.png", prefix);
		snprintf(d, n, "%s.diff.png", prefix);
		if (cairo_surface_write_to_png(out, o) != CAIRO_STATUS_SUCCESS ||
		    S_write_diff(ref, cref, cout, (int)block, (int)threshold,
		    d) != CAIRO_STATUS_SUCCESS) {
			fprintf(stderr, "pngcmp: cannot write %s or %s\n", o, d);
			status = 2;
		} else
			printf("wrote %s and %s\n", o, d);
		free(o);
		free(d);
	}
	cairo_surface_destroy(cref);
	cairo_surface_destroy(cout);
	cairo_surface_destroy(ref);
	cairo_surface_destroy(out);
	return status;
}
