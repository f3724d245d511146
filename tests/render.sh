# The rendering tests (sourced by tests/run; see tests/lib.sh for pass,
# fail, check, golden).  What they compare, and with what tolerance:
#
#  1. Text: `pdftotext` (its default mode: one block per cell, each list
#     marker before its item, the label, city and partner columns in
#     order; -raw follows the drawing order, which puts each marker after
#     its item and runs the cells of a row together) of the Changchun PDF
#     must equal tests/render/changchun.txt exactly.
#  2. Seed fidelity: every sentence of the real sheet
#     (tests/render/changchun-seed.txt, a copy of
#     ../shared/seed/000_e68b5fb457a9f898.txt) appears in that text, but
#     for the fragments listed, with the reason, in
#     tests/render/seed-reworded.txt (tests/render/seedcheck.py).  No raw
#     HTML tag (<p>, </p>, <ul, <u>, </u>, style=) in any example's text.
#  3. Pictures: every page of examples/changchun.yaml as PNG at 60 dpi is
#     compared with tests/render/changchun-N.png by tests/pngcmp.c, in
#     Cairo's order: identical files pass; otherwise a pixel differs when
#     a channel differs by more than 24 (of 255), and the page passes when
#     at most 0.1% of its pixels differ (348 of 496x702).  On a failure
#     tests/render/changchun-N.out.png (what we drew) and
#     changchun-N.diff.png (red: the differing pixels) are written beside
#     the reference (git ignores them).
#     PDF against PNG: `pdftoppm` rasterises each example's PDF at the
#     same 60 dpi, and pngcmp compares it with our own PNG of the page
#     after averaging 4x4-pixel squares, a square differing when a
#     channel of its average differs by more than 64, and at most 0.05%
#     of the squares may differ.  Poppler's Splash and Cairo draw every
#     glyph edge a little differently (about 8% of the pixels differ by
#     more than 24 at 60 dpi, and up to 240), so a pixel tolerance would
#     have to be huge; the averages hide those edges (all but a few
#     squares stay under 64 today, the worst at 76) but not a missing or
#     moved line, another font or a lost background.  Failures: NAME-N-pdf.out.png (Poppler's
#     picture) and NAME-N-pdf.diff.png beside the references.
#  4. Every example in every format: PDF (pdfinfo: A4 pages 595.276 x
#     841.89, at least one; pdffonts: every font embedded, no Type 3), SVG
#     (xmllint: well-formed; width, height and viewBox of the stacked
#     pages), PNG at 150 dpi (one file a page, PNG signature, 1240x1754
#     pixels), nothing on standard error.
#  5. Layout sanity of every page of every example (tests/pagecheck.py
#     over --dump layout, the PDF's word boxes and the plan): inside the
#     page and margins, above the footer, inside the cells, no overlaps,
#     the PDF draws the dump's text, every plan paragraph shown, and the
#     page-break rules, which examples/long.yaml must exercise.  Then
#     tests/render/breakdump.py spoils the long example's dump in fourteen
#     ways, and pagecheck.py must name each fault.
#  6. The page-break rules wherever the breaks fall: changchun and long
#     with 0 to 40 (16) extra themes, which move every later line down,
#     line by line, across the page ends.
#  7. A paragraph of 600,000 characters breaks into lines like any
#     other (Pango's units overflow on a line that long): over a hundred
#     pages, and pagecheck.py finds nothing wrong.
#  8. Images in the PDF: a PNG logo, a JPEG, a CMYK JPEG and an SVG logo
#     (tests/images/logo-*.yaml) in every layout, each page's PDF
#     against its PNG as in 3; the JPEG's own bytes in the PDF, the
#     PNG's transparency a soft mask, the SVG vector (pdfimages -list).
#  9. Text of every kind in the PDF: accents, ligatures, Greek, Cyrillic,
#     Chinese, right-to-left letters and emoji no font has, joiners, soft
#     hyphens, an overlong word: qpdf --check clean, every font embedded,
#     and pdftotext gives the words back.
# 10. Characters no bundled font has: the PDF draws the box with the
#     character's code that the PNG shows (the PDF at 150 dpi against
#     the PNG as in 3), and pdftotext still gives the characters back.
#
# After an intended change of the output, refresh the golden text and the
# reference pictures with `tests/run --regenerate render`, look at the
# new pictures and review the diff like code.
#
# Needs: poppler-utils (pdftotext, pdftoppm, pdfinfo, pdffonts, pdfimages),
# libxml2-utils (xmllint), python3 (standard library only).

R=$TOP/tests/render
RW=$WORK/render
PNGCMP=$BUILD/tests/pngcmp
PY=${PYTHON:-python3}
PAGECHECK="$TOP/tests/pagecheck.py"
mkdir -p "$RW"

# Plan values the sheet does not show; the content check skips them: the
# contact's name and web address, and image files (drawn, not written).
NOT_SHOWN=contact/name,contact/url,city/logo,photo/file,summary

# render_need TOOL PACKAGE: fail once when a tool is missing.
render_need() {
	if command -v "$1" >/dev/null 2>&1; then
		return 0
	fi
	fail "render: no $1 (apt-get install $2)"
	return 1
}

render_tools=1
render_need pdftotext poppler-utils || render_tools=0
render_need pdftoppm poppler-utils || render_tools=0
render_need pdfinfo poppler-utils || render_tools=0
render_need pdffonts poppler-utils || render_tools=0
render_need xmllint libxml2-utils || render_tools=0
render_need "$PY" python3 || render_tools=0
[ -x "$PNGCMP" ] || { fail "render: no $PNGCMP (tests/meson.build)"; render_tools=0; }

# ---- Every example: render each format once, check what was made ----

render_example() {
	local yaml=$1 name out pages n f size i w h vb
	name=$(basename "$yaml" .yaml)
	out=$RW/$name
	mkdir -p "$out"

	# PDF
	if ! "$UCAPGEN" "$yaml" -o "$out/$name.pdf" 2>"$out/pdf.err"; then
		fail "render: $name.pdf" "$(head -5 "$out/pdf.err")"
		return
	fi
	if [ -s "$out/pdf.err" ]; then
		fail "render: $name.pdf: messages on standard error" \
		    "$(head -5 "$out/pdf.err")"
	else
		pass
	fi
	pages=$(pdf_pages "$out/$name.pdf")
	if [ -z "$pages" ] || [ "$pages" -lt 1 ]; then
		fail "render: $name.pdf: pdfinfo finds no pages" \
		    "$(pdfinfo "$out/$name.pdf" 2>&1 | head -5)"
		return
	fi
	pass
	echo "$pages" >"$out/pages"
	# Every page A4.
	pdfinfo -f 1 -l "$pages" "$out/$name.pdf" 2>&1 |
	    grep '^Page  *[0-9]* size:' >"$out/sizes"
	n=$(grep -c ' size: *595.276 x 841.89 pts (A4)$' "$out/sizes")
	if [ "$n" = "$pages" ]; then
		pass
	else
		fail "render: $name.pdf: every page A4 (595.276 x 841.89)" \
		    "$(grep -v ' 595.276 x 841.89 ' "$out/sizes" | head -5)" \
		    "($n of $pages pages)"
	fi
	# Every font embedded, none of Type 3.
	pdffonts "$out/$name.pdf" >"$out/fonts" 2>&1
	if awk 'NR == 1 { e = index($0, "emb"); t = index($0, "type"); next }
	    NR == 2 { next }
	    substr($0, e, 3) != "yes" { print "not embedded: " $0; bad = 1 }
	    /Type 3/ { print "Type 3: " $0; bad = 1 }
	    END { exit bad || NR < 3 }' "$out/fonts" >"$out/fonts.bad"; then
		pass
	else
		fail "render: $name.pdf: every font embedded, no Type 3" \
		    "$(cat "$out/fonts.bad")" "$(head -12 "$out/fonts")"
	fi

	# SVG: well-formed, and its size is the pages stacked.
	if ! "$UCAPGEN" "$yaml" -o "$out/$name.svg" 2>"$out/svg.err" ||
	    [ -s "$out/svg.err" ]; then
		fail "render: $name.svg" "$(head -5 "$out/svg.err")"
	elif ! xmllint --noout "$out/$name.svg" 2>"$out/xmllint.err"; then
		fail "render: $name.svg is not well-formed XML" \
		    "$(head -5 "$out/xmllint.err")"
	else
		w=$(xmllint --xpath 'string(/*[local-name()="svg"]/@width)' \
		    "$out/$name.svg" 2>/dev/null)
		h=$(xmllint --xpath 'string(/*[local-name()="svg"]/@height)' \
		    "$out/$name.svg" 2>/dev/null)
		vb=$(xmllint --xpath 'string(/*[local-name()="svg"]/@viewBox)' \
		    "$out/$name.svg" 2>/dev/null)
		if awk -v w="$w" -v h="$h" -v vb="$vb" -v n="$pages" 'BEGIN {
		    split(vb, v, " ")
		    if (w != "595.276pt" || h !~ /pt$/) exit 1
		    hh = h + 0
		    if (v[1] != 0 || v[2] != 0 || v[3] != 595.276) exit 1
		    if (v[4] - hh > 0.01 || hh - v[4] > 0.01) exit 1
		    if (n == 1 && (hh < 841.88 || hh > 841.9)) exit 1
		    if (hh < n * 841.89 - 0.01) exit 1 }'; then
			pass
		else
			fail "render: $name.svg: width, height, viewBox of" \
			    "$pages A4 pages" "width=$w height=$h viewBox=$vb"
		fi
	fi

	# PNG at 150 dpi: one file a page, each 1240x1754.
	mkdir -p "$out/png150"
	if ! "$UCAPGEN" "$yaml" --dpi 150 -o "$out/png150/$name.png" \
	    2>"$out/png.err" || [ -s "$out/png.err" ]; then
		fail "render: $name.png" "$(head -5 "$out/png.err")"
	else
		local want got
		want=$(png_files "$out/png150/$name" "$pages" |
		    xargs -n1 basename | sort)
		got=$(ls "$out/png150" | sort)
		if [ "$want" = "$got" ]; then
			pass
		else
			fail "render: $name.png: one file a page ($pages)" \
			    "made: $(echo $got)"
		fi
		for f in $(png_files "$out/png150/$name" "$pages"); do
			[ -f "$f" ] || continue
			if [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" != \
			    89504e470d0a1a0a ]; then
				fail "render: $(basename "$f"): no PNG signature"
				continue
			fi
			size=$("$PNGCMP" --size "$f" 2>&1)
			if [ "$size" = "1240 1754" ]; then
				pass
			else
				fail "render: $(basename "$f"): 1240x1754 pixels at" \
				    "150 dpi" "got: $size"
			fi
		done
	fi

	# The dumps and the PDF's words, for the text and layout checks.
	pdftotext "$out/$name.pdf" "$out/$name.txt"
	pdftotext -raw -bbox "$out/$name.pdf" "$out/$name.bbox"
	"$UCAPGEN" "$yaml" --dump layout >"$out/$name.layout"
	"$UCAPGEN" "$yaml" --dump xml >"$out/$name.xml"

	# No raw HTML tags (the old generator's bug) in the text.
	if grep -n -E '<p>|</p>|<ul|<u>|</u>|style=' "$out/$name.txt" \
	    "$out/$name.layout" >"$out/tags"; then
		fail "render: $name: raw HTML tags in the text" \
		    "$(head -5 "$out/tags")"
	else
		pass
	fi

	# Layout sanity of every page.
	local expect=
	[ "$name" = long ] && expect=--expect-breaks
	if "$PY" "$PAGECHECK" --stats --words "$out/$name.bbox" \
	    --plan "$out/$name.xml" --not-shown "$NOT_SHOWN" \
	    --heading "EU Urban Agenda topics" \
	    --layout "$TOP/layouts/sheet.xml" $expect \
	    "$out/$name.layout" >"$out/pagecheck" 2>&1; then
		pass
	else
		fail "render: $name: pagecheck" "$(head -30 "$out/pagecheck")"
	fi
	if [ "$(grep -c '^page ' "$out/$name.layout")" != "$pages" ]; then
		fail "render: $name: the dump and the PDF have different" \
		    "page counts"
	fi

	# PDF against PNG: Poppler's picture of our PDF against ours.
	mkdir -p "$out/png60"
	if "$UCAPGEN" "$yaml" --dpi 60 -o "$out/png60/$name.png" 2>/dev/null
	then
		i=0
		for f in $(png_files "$out/png60/$name" "$pages"); do
			i=$((i + 1))
			size=$("$PNGCMP" --size "$f" 2>/dev/null)
			w=${size% *}
			h=${size#* }
			if [ -z "$size" ]; then
				fail "render: $name page $i at 60 dpi: unreadable PNG"
				continue
			fi
			pdftoppm -r 60 -f "$i" -l "$i" -singlefile -x 0 -y 0 \
			    -W "$w" -H "$h" -png "$out/$name.pdf" "$out/pp-$i"
			if "$PNGCMP" -b 4 -t 64 -p 0.05 -s "$R/$name-$i-pdf" \
			    "$f" "$out/pp-$i.png" >"$out/drift" 2>&1; then
				pass
				rm -f "$R/$name-$i-pdf.out.png" \
				    "$R/$name-$i-pdf.diff.png"
			else
				fail "render: $name page $i: the PDF (pdftoppm)" \
				    "drifts from the PNG" "$(cat "$out/drift")"
			fi
		done
	else
		fail "render: $name.png at 60 dpi"
	fi
}

if [ "$render_tools" = 1 ]; then
	for yaml in "$TOP"/examples/*.yaml; do
		render_example "$yaml"
	done
fi

# ---- Changchun: the golden text, the seed, the pictures ----

CC=$RW/changchun
if [ "$render_tools" = 1 ] && [ -f "$CC/changchun.pdf" ]; then
	golden "render: changchun text (pdftotext)" "$R/changchun.txt" \
	    "$CC/changchun.txt"

	# The seed copy is the real one.
	SEED=$TOP/../shared/seed/000_e68b5fb457a9f898.txt
	if [ -f "$SEED" ] && ! cmp -s "$SEED" "$R/changchun-seed.txt"; then
		fail "render: tests/render/changchun-seed.txt differs from $SEED"
	fi
	if "$PY" "$R/seedcheck.py" "$R/changchun-seed.txt" \
	    "$R/seed-reworded.txt" "$CC/changchun.txt" >"$CC/seed" 2>&1; then
		pass
	else
		fail "render: changchun: the seed's sentences" \
		    "$(head -30 "$CC/seed")"
	fi
	# ... and seedcheck.py sees a missing sentence.
	grep -v 'Swedish Vasa Ski' "$CC/changchun.txt" >"$CC/lacking.txt"
	if "$PY" "$R/seedcheck.py" "$R/changchun-seed.txt" \
	    "$R/seed-reworded.txt" "$CC/lacking.txt" >"$CC/seed2" 2>&1; then
		fail "render: seedcheck.py misses a sentence left out"
	elif grep -q "^not rendered: 'With regards to tourism" "$CC/seed2"; then
		pass
	else
		fail "render: seedcheck.py on a sentence left out" \
		    "$(head -5 "$CC/seed2")"
	fi

	# The reference pictures, 60 dpi.
	pages=$(cat "$CC/pages")
	i=0
	for f in $(png_files "$CC/png60/changchun" "$pages"); do
		i=$((i + 1))
		ref=$R/changchun-$i.png
		if [ "$REGENERATE" = 1 ]; then
			cp "$f" "$ref"
			rm -f "$R/changchun-$i.out.png" "$R/changchun-$i.diff.png"
			pass
		elif [ ! -f "$ref" ]; then
			fail "render: changchun page $i: no reference $ref" \
			    "(run tests/run --regenerate render)"
		elif "$PNGCMP" -t 24 -p 0.1 -s "$R/changchun-$i" "$ref" "$f" \
		    >"$CC/cmp" 2>&1; then
			pass
			rm -f "$R/changchun-$i.out.png" "$R/changchun-$i.diff.png"
		else
			fail "render: changchun page $i differs from its reference" \
			    "$(cat "$CC/cmp")"
		fi
	done
	# No reference for a page we no longer draw.
	for ref in "$R"/changchun-[0-9]*.png; do
		case $ref in *.out.png|*.diff.png|*-pdf.*) continue ;; esac
		[ -f "$ref" ] || continue
		n=${ref##*/changchun-}
		n=${n%.png}
		if [ "$n" -gt "$pages" ]; then
			if [ "$REGENERATE" = 1 ]; then
				rm -f "$ref"
			else
				fail "render: reference $ref, but changchun has" \
				    "$pages pages (tests/run --regenerate render)"
			fi
		fi
	done
	# --page N draws the same page N.
	if "$UCAPGEN" "$TOP/examples/changchun.yaml" --dpi 60 --page "$pages" \
	    -o "$CC/last.png" 2>/dev/null &&
	    "$PNGCMP" "$(png_files "$CC/png60/changchun" \
	    "$pages" | tail -1)" "$CC/last.png" >"$CC/cmp" 2>&1; then
		pass
	else
		fail "render: changchun --page $pages differs from page" \
		    "$pages of the whole render" "$(cat "$CC/cmp" 2>/dev/null)"
	fi
	# pngcmp itself: two different pages do not match, and it says so
	# with the pictures.
	if [ "$pages" -ge 2 ]; then
		if "$PNGCMP" -s "$RW/pngcmp-self" "$CC/png60/changchun-1.png" \
		    "$CC/png60/changchun-2.png" >"$CC/cmp" 2>&1; then
			fail "render: pngcmp finds pages 1 and 2 alike"
		elif [ -s "$RW/pngcmp-self.out.png" ] &&
		    [ -s "$RW/pngcmp-self.diff.png" ] &&
		    grep -q 'DIFFERENT: [0-9]* of 348192 pixels' "$CC/cmp"; then
			pass
		else
			fail "render: pngcmp on different pages" "$(cat "$CC/cmp")"
		fi
	fi
fi

# ---- The page-break rules, wherever the page breaks fall ----
# Each extra theme pushes everything below the themes down by one list
# line (12.6 pt), so that the page breaks of changchun (0 to 40 extra
# themes) and long (0 to 16) fall after every line of the rows that follow
# in turn; pagecheck.py checks only the page-break rules of these dumps
# (no PDF: their widths would be guessed).

if [ "$render_tools" = 1 ] && [ -f "$CC/changchun.xml" ]; then
	SW=$RW/sweep
	mkdir -p "$SW"
	# The plans name images beside them.
	cp -r "$TOP/examples/images" "$SW/"
	for spec in changchun:40 long:16; do
		base=${spec%%:*}
		: >"$SW/$base.list"
		for n in $(seq 0 "${spec#*:}"); do
			awk -v n="$n" '{ print }
			    /^themes:/ { for (i = 0; i < n; i++)
				printf "  - Extra theme %d\n", i }' \
			    "$TOP/examples/$base.yaml" >"$SW/$base-$n.yaml"
			if "$UCAPGEN" "$SW/$base-$n.yaml" --dump layout \
			    >"$SW/$base-$n.layout" 2>"$SW/err"; then
				echo "$SW/$base-$n.layout" >>"$SW/$base.list"
			else
				fail "render: $base with $n extra themes" \
				    "$(head -5 "$SW/err")"
			fi
		done
		if "$PY" "$PAGECHECK" --plan "$RW/$base/$base.xml" \
		    --heading "EU Urban Agenda topics" \
		    --only split,list,heading,continued \
		    $(cat "$SW/$base.list") >"$SW/out" 2>&1; then
			pass
		else
			fail "render: $base with extra themes: page-break rules" \
			    "$(sed "s|$SW/||" "$SW/out" | grep -v ' problems$' |
			    head -40)"
		fi
	done
fi

# ---- One paragraph of 600,000 characters ----
# Wider on one line than Pango's units can count (2^31): it must still
# break into lines within its cell, over a hundred pages, every word
# drawn where the dump has it.

BIG=$RW/one-paragraph
if [ "$render_tools" = 1 ]; then
	mkdir -p "$BIG"
	{
		cat "$TOP/examples/minimal.yaml"
		printf 'objectives: >\n  '
		yes 'urban cooperation on mobility, housing and energy,' |
		    head -c 600000 | tr '\n' ' '
		printf '\n'
	} >"$BIG/big.yaml"
	if "$UCAPGEN" "$BIG/big.yaml" -o "$BIG/big.pdf" 2>"$BIG/err" &&
	    "$UCAPGEN" "$BIG/big.yaml" --dump layout >"$BIG/big.layout" &&
	    "$UCAPGEN" "$BIG/big.yaml" --dump xml >"$BIG/big.xml" &&
	    pdftotext -raw -bbox "$BIG/big.pdf" "$BIG/big.bbox"; then
		: >"$BIG/out"
		pages=$(sed -n '1s/.*, \([0-9]*\) pages\{0,1\}$/\1/p' \
		    "$BIG/big.layout")
		if [ "${pages:-0}" -gt 100 ] && "$PY" "$PAGECHECK" \
		    --words "$BIG/big.bbox" --plan "$BIG/big.xml" \
		    --not-shown "$NOT_SHOWN" --layout "$TOP/layouts/sheet.xml" \
		    "$BIG/big.layout" >"$BIG/out" 2>&1; then
			pass
		else
			fail "render: a paragraph of 600,000 characters" \
			    "(${pages:-no} pages)" "$(cut -c1-200 "$BIG/out" |
			    head -5)"
		fi
	else
		fail "render: a paragraph of 600,000 characters" \
		    "$(head -5 "$BIG/err")"
	fi
fi

# ---- pagecheck.py sees each kind of fault ----

LONG=$RW/long
if [ "$render_tools" = 1 ] && [ -f "$LONG/long.layout" ]; then
	for kind in overlap:overlap off-page:inside margin:inside \
	    into-footer:footer no-footer-rule:footer out-of-cell:cell \
	    lost-line:pdf widow:split orphan:split heading-last:heading \
	    list-cut:list intro-alone:list no-continued:continued \
	    wrong-continued:continued; do
		k=${kind%%:*}
		want=${kind#*:}
		if ! "$PY" "$R/breakdump.py" "$k" "$LONG/long.layout" \
		    >"$LONG/broken-$k" 2>"$LONG/broken.err"; then
			fail "render: breakdump.py $k" "$(cat "$LONG/broken.err")"
			continue
		fi
		if "$PY" "$PAGECHECK" --words "$LONG/long.bbox" \
		    --plan "$LONG/long.xml" --not-shown "$NOT_SHOWN" \
		    "$LONG/broken-$k" >"$LONG/broken.out" 2>&1; then
			fail "render: pagecheck.py misses a $k fault"
		elif grep -q "^page [0-9-]*: $want: " "$LONG/broken.out"; then
			pass
		else
			fail "render: pagecheck.py on a $k fault: no $want" \
			    "failure" "$(head -10 "$LONG/broken.out")"
		fi
	done
fi

# Images in the PDF (gen/pdfimage.c): a PNG logo, one half transparent,
# a JPEG photo, a CMYK JPEG and an SVG logo, in every layout: Poppler's
# picture of the PDF against our PNG of the page, as above; the JPEG's
# own bytes in the PDF (pdfimages: "jpeg"), the transparency as a soft
# mask ("smask"), the SVG drawn as vector (no picture at all).
render_images() {
	local out=$RW/images plan layout name f i size w h want
	mkdir -p "$out"
	cp "$TOP"/tests/images/* "$out/"
	"$PY" "$TOP/tests/images/mkpng.py" interlaced 240 160 >"$out/alpha.png"
	sed 's|logo: logo.png|logo: alpha.png|' "$out/logo-png.yaml" \
	    >"$out/logo-alpha.yaml"
	for plan in logo-png logo-alpha logo-jpeg logo-cmyk logo-svg; do
		for layout in sheet brief card; do
			name=$plan-$layout
			if ! "$UCAPGEN" "$out/$plan.yaml" --layout "$layout" \
			    -o "$out/$name.pdf" 2>"$out/$name.err" ||
			    ! "$UCAPGEN" "$out/$plan.yaml" --layout "$layout" \
			    --dpi 60 -o "$out/$name.png" 2>>"$out/$name.err"; then
				fail "render: $name: PDF and PNG" \
				    "$(head -5 "$out/$name.err")"
				continue
			fi
			i=0
			for f in $(png_files "$out/$name" \
			    "$(pdfinfo "$out/$name.pdf" | sed -n 's/^Pages: *//p')"); do
				i=$((i + 1))
				size=$("$PNGCMP" --size "$f" 2>/dev/null)
				w=${size% *}
				h=${size#* }
				pdftoppm -r 60 -f "$i" -l "$i" -singlefile -x 0 \
				    -y 0 -W "$w" -H "$h" -png "$out/$name.pdf" \
				    "$out/pp-$name-$i"
				if "$PNGCMP" -b 4 -t 64 -p 0.05 "$f" \
				    "$out/pp-$name-$i.png" >"$out/drift" 2>&1
				then
					pass
				else
					fail "render: $name page $i: the PDF" \
					    "(pdftoppm) drifts from the PNG" \
					    "$(cat "$out/drift")"
				fi
			done
			pdfimages -list "$out/$name.pdf" >"$out/$name.list" 2>&1
			case $plan in
			logo-png) want=image ;;
			logo-alpha) want=smask ;;
			logo-jpeg) want=jpeg ;;
			*) want= ;;
			esac
			if [ -n "$want" ] && ! grep -q " $want " "$out/$name.list"
			then
				fail "render: $name: pdfimages lists no $want" \
				    "$(cat "$out/$name.list")"
			elif [ "$plan" = logo-svg ] &&
			    [ "$(wc -l <"$out/$name.list")" != 2 ]; then
				fail "render: $name: the SVG logo is not vector" \
				    "$(cat "$out/$name.list")"
			else
				pass
			fi
		done
	done
}

if [ "$render_tools" = 1 ] && command -v pdfimages >/dev/null; then
	render_images
fi

# Text of every kind in the PDF (gen/pdf.c, gen/pdffont.c): combining
# accents, ligatures, Greek, Cyrillic, Chinese, right-to-left letters
# and an emoji no bundled font has (warnings, not errors), joiners,
# soft hyphens, a word longer than a line, quotes and backslashes, in
# the sheet and the card: the file is sound (qpdf --check, every font
# embedded), and its text has the words back (pdftotext).
render_mixed() {
	local out=$RW/mixed layout
	mkdir -p "$out"
	cp "$TOP/examples/minimal.yaml" "$out/mixed.yaml"
	cat >>"$out/mixed.yaml" <<'PLAN'
summary: "Cafe\u0301 naïve office ﬂow \\\\ (paren) «quote» — Ελληνικά
  Кириллица 长春市 — שלום مرحبا 😀 👩\u200d💻 — zero\u200bwidth
  soft\u00adhyphen non\u00a0breaking — Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsangestelltenausweis ①② → ≤ ✓"
PLAN
	for layout in sheet card; do
		if ! "$UCAPGEN" "$out/mixed.yaml" --layout "$layout" \
		    -o "$out/$layout.pdf" 2>"$out/$layout.err"; then
			fail "render: mixed text ($layout)" \
			    "$(head -5 "$out/$layout.err")"
			continue
		fi
		if qpdf --check "$out/$layout.pdf" >"$out/$layout.qpdf" 2>&1 &&
		    ! grep -qi warning "$out/$layout.qpdf"; then
			pass
		else
			fail "render: mixed text ($layout): qpdf --check" \
			    "$(head -5 "$out/$layout.qpdf")"
		fi
		pdffonts "$out/$layout.pdf" >"$out/$layout.fonts" 2>&1
		if awk 'NR > 2 && $(NF - 4) != "yes" { bad = 1 }
		    END { exit bad || NR < 3 }' "$out/$layout.fonts"; then
			pass
		else
			fail "render: mixed text ($layout): a font not embedded" \
			    "$(cat "$out/$layout.fonts")"
		fi
		pdftotext "$out/$layout.pdf" - 2>&1 | tr '\n' ' ' >"$out/$layout.txt"
		local missing=
		for w in $'Cafe\u0301' naïve office ﬂow '\ (paren)' «quote» Ελληνικά \
		    Кириллица 长春市 zerowidth Donaudampfschifffahrts \
		    ①② '→ ≤ ✓'; do
			grep -qF -- "$w" "$out/$layout.txt" || missing="$missing '$w'"
		done
		if [ "$layout" = card ] && [ -n "$missing" ]; then
			fail "render: mixed text (card): pdftotext lacks$missing" \
			    "$(cat "$out/$layout.txt")"
		else
			pass
		fi
	done
}

if [ "$render_tools" = 1 ]; then
	render_mixed
fi

# Characters no bundled font has (gen/hexbox.c): a paragraph of them,
# large, so that the boxes fill much of the page.  The PDF must draw
# each box with its code as the PNG does (a font's empty glyph instead
# differs in every box), each character's box once (a form XObject), and
# keep the characters in its text.
render_unknown() {
	local out=$RW/unknown size w h
	mkdir -p "$out"
	cp "$TOP/examples/minimal.yaml" "$out/unknown.yaml"
	printf 'objectives: "%s"\n' "$(for i in $(seq 40); do
		printf '\\U0001F984 \\U0001F600 x\\u16A0 '; done)" \
	    >>"$out/unknown.yaml"
	if ! "$UCAPGEN" "$out/unknown.yaml" --layout card \
	    -o "$out/unknown.pdf" 2>"$out/err" ||
	    ! "$UCAPGEN" "$out/unknown.yaml" --layout card --dpi 150 \
	    -o "$out/unknown.png" 2>>"$out/err"; then
		fail "render: characters no font has" "$(head -5 "$out/err")"
		return
	fi
	check "render: characters no font has: the warning" \
	    grep -q "(U+1F984) is in none of the bundled fonts and would print as a box with its code" "$out/err"
	size=$("$PNGCMP" --size "$out/unknown.png" 2>/dev/null)
	w=${size% *}
	h=${size#* }
	pdftoppm -r 150 -f 1 -l 1 -singlefile -x 0 -y 0 -W "$w" -H "$h" \
	    -png "$out/unknown.pdf" "$out/pp"
	if "$PNGCMP" -b 4 -t 64 -p 0.05 "$out/unknown.png" "$out/pp.png" \
	    >"$out/drift" 2>&1; then
		pass
	else
		fail "render: characters no font has: the PDF's boxes" \
		    "differ from the PNG's" "$(cat "$out/drift")"
	fi
	# 120 boxes of 3 characters: 3 forms, each drawn where it goes.
	check "render: characters no font has: one form a character" \
	    test "$(grep -c -a '/Subtype /Form' "$out/unknown.pdf")" = 3
	if pdftotext "$out/unknown.pdf" - 2>&1 | grep -q '🦄 😀 x'; then
		pass
	else
		fail "render: characters no font has: not in the PDF's text" \
		    "$(pdftotext "$out/unknown.pdf" - 2>&1 | head -5)"
	fi
}

if [ "$render_tools" = 1 ]; then
	render_unknown
fi

# A line's glyph codes are literal strings in its TJ array, two bytes a
# glyph, not hex: the long example has codes that are '(', ')' and '\'
# bytes, escaped; qpdf finds the file sound and the text reads back.
render_codes() {
	local out=$RW/codes
	mkdir -p "$out"
	if ! "$UCAPGEN" "$TOP/examples/long.yaml" -o "$out/long.pdf" \
	    2>"$out/err" || ! qpdf --stream-data=uncompress \
	    --object-streams=disable "$out/long.pdf" "$out/long.raw" \
	    >/dev/null 2>&1; then
		fail "render: glyph codes" "$(head -5 "$out/err")"
		return
	fi
	# (Not --qdf: it writes every string with such bytes in hex.)
	grep -a 'TJ$' "$out/long.raw" >"$out/tj"
	check "render: glyph codes: TJ arrays of literal strings" \
	    test "$(grep -c '(' "$out/tj")" -gt 100
	check "render: glyph codes: no hex string in them" \
	    sh -c "! grep -q '<[0-9A-F]*>' '$out/tj'"
	check "render: glyph codes: '(', ')' and '\\' bytes escaped" \
	    sh -c "grep -q '[\\][(]' '$out/tj' && grep -q '[\\][)]' '$out/tj' &&
	        grep -q '[\\][\\]' '$out/tj'"
	check "render: glyph codes: qpdf --check" \
	    sh -c "qpdf --check '$out/long.pdf' | grep -q 'No syntax or stream encoding errors'"
	check "render: glyph codes: the text reads back" \
	    sh -c "pdftotext '$out/long.pdf' - | grep -q 'Harbin International Ice and Snow'"
}

if [ "$render_tools" = 1 ] && command -v qpdf >/dev/null; then
	render_codes
fi

# A text in a script no font has (49 Ethiopic letters): the first ten
# listed one by one, where each first is; the others counted in one
# warning more, not a warning each.
render_script() {
	local out=$RW/script status
	mkdir -p "$out"
	cp "$TOP/examples/minimal.yaml" "$out/script.yaml"
	printf 'objectives: "%s"\n' "$(for c in $(seq 4608 4656); do
		printf '\\u%04X' "$c"; done)" >>"$out/script.yaml"
	"$UCAPGEN" --check "$out/script.yaml" 2>"$out/err"
	status=$?
	check "render: a script no font has: ten characters listed" test \
	    "$(grep -c "is in none of the bundled fonts and would print as a box with its code" "$out/err")" = 10
	check "render: ... the 39 others in one warning" grep -q \
	    "^$out/script.yaml:15:74: warning: 39 more characters are in none of the bundled fonts either, the first of them here ('ሊ', U+120A); they would print as boxes with their codes$" \
	    "$out/err"
	check "render: ... eleven warnings in all, exit 0" test \
	    "$(wc -l <"$out/err")" = 11 -a "$status" = 0
	"$UCAPGEN" --check --strict "$out/script.yaml" 2>/dev/null
	check "render: ... with --strict, exit 1" test "$?" = 1
}

render_script
