# The layouts suite (sourced by tests/run; see tests/lib.sh for pass, fail,
# check, golden): the built-in layouts on every example, the layout
# language's messages, inheritance, text that does not fit, images, and
# the examples of layouts/README.md.  Everything it reads is under
# tests/layouts/ (and the image plans under tests/images/):
#
#  a. Every built-in layout (sheet, card, brief) x every example plan x
#     PDF, SVG and PNG: exit 0, nothing on standard error, the page size
#     and count, one PNG a page, well-formed SVG.  The layout sanity of
#     every page: tests/pagecheck.py (page, margins, footer, table cells,
#     overlaps, the PDF draws the dump's lines; for the sheet also every
#     paragraph of the plan shown and the page-break rules), and
#     tests/layouts/flowcheck.py for what pagecheck.py cannot see: the
#     brief's two columns (each line inside its column, every paragraph of
#     the flow shown, no heading left at the end of a column or split
#     between two, >= 2 lines of a paragraph and >= 2 entries of a list
#     each side of a column or page end) and the card's frames (every
#     line and image inside a frame).
#     Pictures: every page of the card and the brief on every example,
#     and page 1 of the sheet on examples/long.yaml (tests/render.sh has
#     the sheet on changchun.yaml), as PNG at 40 dpi, against
#     tests/layouts/ref/LAYOUT-PLAN[-PAGE].png with tests/pngcmp.c: a
#     pixel differs when a channel differs by more than 24 (of 255), and
#     a page passes when at most 0.1% of its pixels differ (154 of
#     331x468 for A4, 159 of 533x300 for the card).  On a failure
#     NAME.out.png and NAME.diff.png are written beside the reference (git
#     ignores them).
#  b. Bad layouts: tests/layouts/bad/NAME.xml beside NAME.err, the exact
#     messages of `ucapgen ../plans/card-fits.yaml --layout NAME.xml` run
#     in that folder (or, when NAME.args exists, with its arguments
#     instead of --layout NAME.xml).  Exit status 1, nothing on standard
#     output, no output file.  The built-in layouts' folder is written
#     @TOP@/layouts in the .err files.  Then each message must point at
#     a line and column of a file of that folder: the ones that do not are
#     program bugs, reported as failures.
#  c. Inheritance: the derived layouts of tests/layouts/derived/, each
#     checked through --dump layout, the SVG's colours or pdfinfo.
#  d. Text that does not fit: tests/layouts/plans/card-too-long.yaml (an
#     error at the summary's line and column, golden .err), card-shrink
#     (smaller text, no message), long-words (200-character words wrap
#     inside their cells and columns in every layout).
#  e. Images: tests/images/logo-{png,jpeg,svg}.yaml in every layout (the
#     dump shows an image box); logo-{missing,damaged,not-image}.yaml
#     beside their .err; an image outside the plan's folder and a symbolic
#     link to it (made here, in $WORK), refused, then allowed with
#     --allow-path.
#  f. --list-layouts names the three with a description; --page letter
#     puts the sheet and the brief on 612 x 792 pt pages.
#  g. layouts/README.md: its complete layouts are the files of
#     tests/layouts/guide/, which render every example cleanly; every
#     fragment of layout in it is valid (tests/layouts/guidecheck.py
#     renders each inside a layout based on the sheet, or the one its
#     first line names); every message it quotes is in a .err file of
#     this suite.
#  h. Program bugs this suite found, now fixed, kept as regression tests,
#     each named "layouts: BUG ...".
#
# After an intended change of the output, refresh the golden messages
# and the reference pictures with `tests/run --regenerate layouts`, look
# at the new pictures and review the diff like code.
#
# Needs: poppler-utils (pdftotext, pdfinfo), libxml2-utils (xmllint),
# python3 (standard library only).

LAY_DIR=$TOP/tests/layouts
LAY_W=$WORK/layouts
LAY_PNGCMP=$BUILD/tests/pngcmp
LAY_PY=${PYTHON:-python3}
LAY_PAGECHECK=$TOP/tests/pagecheck.py
LAY_FLOWCHECK=$LAY_DIR/flowcheck.py
LAY_DPI=40
mkdir -p "$LAY_W"

# What the layouts do not show of a plan (pagecheck.py --not-shown).
LAY_NOT_SHOWN=contact/name,contact/url,city/logo,photo/file,summary
# The lines of the header and footer (flowcheck.py --band).
LAY_BANDS=(--band '^U-CAP Summary — ' --band '^For further information'
    --band '^Page [0-9]+ of [0-9]+$')
# The brief's section titles (the catalog's words; flowcheck.py
# --heading).
LAY_TITLES=(--heading "Key focus of cooperation themes"
    --heading "Key challenges of cooperation themes"
    --heading "Main objectives of cooperation as described in the U-CAP"
    --heading "Short description of main activities and key outputs (e.g. pilot projects)"
    --heading "Expected results and benefits")

lay_tools=1
for t in pdftotext pdfinfo xmllint "$LAY_PY"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		fail "layouts: no $t (apt-get install poppler-utils libxml2-utils python3)"
		lay_tools=0
	fi
done
[ -x "$LAY_PNGCMP" ] || { fail "layouts: no $LAY_PNGCMP (tests/meson.build)"; lay_tools=0; }

# lay_render NAME ARGS...: run ucapgen; pass when it exits 0 and says
# nothing.  The messages are in $LAY_W/NAME.err.
lay_render() {
	local name=$1
	shift
	"$UCAPGEN" "$@" >"$LAY_W/$name.out" 2>"$LAY_W/$name.err"
	local status=$?
	if [ "$status" -ne 0 ]; then
		fail "layouts: $name: exit status $status" "$(head -5 "$LAY_W/$name.err")"
		return 1
	fi
	if [ -s "$LAY_W/$name.err" ]; then
		fail "layouts: $name: messages on standard error" \
		    "$(head -5 "$LAY_W/$name.err")"
		return 1
	fi
	pass
}

# lay_refuse NAME EXPECTED-ERR DIR PLAN ARGS...: in DIR, rendering PLAN to
# a PDF exits 1, says exactly EXPECTED-ERR (golden; @TOP@ for $TOP),
# writes nothing on standard output and no file.
lay_refuse() {
	local name=$1 expected=$2 dir=$3 plan=$4
	shift 4
	local out=$LAY_W/refused-$$.pdf
	rm -f "$out"
	(cd "$dir" && "$UCAPGEN" "$plan" -o "$out" "$@") >"$LAY_W/refuse.out" \
	    2>"$LAY_W/refuse.raw"
	local status=$?
	sed "s|$TOP/|@TOP@/|g" "$LAY_W/refuse.raw" >"$LAY_W/$name.err"
	if [ "$status" = 1 ]; then
		pass
	else
		fail "layouts: $name: exit status $status, expected 1" \
		    "$(head -5 "$LAY_W/$name.err")"
	fi
	golden "layouts: $name: messages" "$expected" "$LAY_W/$name.err"
	if [ -s "$LAY_W/refuse.out" ] || [ -e "$out" ]; then
		fail "layouts: $name: output written although it failed"
	else
		pass
	fi
}

# lay_picture NAME PNG: compare with the reference tests/layouts/ref/NAME.png.
lay_picture() {
	local name=$1 png=$2 ref=$LAY_DIR/ref/$1.png
	if [ "$REGENERATE" = 1 ]; then
		mkdir -p "$LAY_DIR/ref"
		cp "$png" "$ref"
		rm -f "$LAY_DIR/ref/$name.out.png" "$LAY_DIR/ref/$name.diff.png"
		pass
	elif [ ! -f "$ref" ]; then
		fail "layouts: picture $name: no reference $ref" \
		    "(run tests/run --regenerate layouts)"
	elif "$LAY_PNGCMP" -t 24 -p 0.1 -s "$LAY_DIR/ref/$name" "$ref" "$png" \
	    >"$LAY_W/cmp" 2>&1; then
		pass
		rm -f "$LAY_DIR/ref/$name.out.png" "$LAY_DIR/ref/$name.diff.png"
	else
		fail "layouts: picture $name differs from its reference" \
		    "$(cat "$LAY_W/cmp")"
	fi
	echo "$name.png" >>"$LAY_W/pictures"
}

# ---- a. Every built-in layout, every example, every format ----

# lay_example LAYOUT PLAN: render one example in one layout.
lay_example() {
	local l=$1 yaml=$2 p name out pages n size f want got
	p=$(basename "$yaml" .yaml)
	name=$l-$p
	out=$LAY_W/$name
	mkdir -p "$out"

	lay_render "$name.pdf" "$yaml" --layout "$l" -o "$out/$name.pdf" ||
	    return
	pages=$(pdf_pages "$out/$name.pdf")
	if [ -z "$pages" ]; then
		fail "layouts: $name.pdf: pdfinfo finds no pages"
		return
	fi
	case $l in
	card) size='960 x 540 pts' ;;
	*) size='595.276 x 841.89 pts (A4)' ;;
	esac
	n=$(pdfinfo -f 1 -l "$pages" "$out/$name.pdf" 2>&1 |
	    grep -c "^Page  *[0-9]* size: *$size\$")
	if [ "$n" = "$pages" ]; then
		pass
	else
		fail "layouts: $name.pdf: every page $size" \
		    "$(pdfinfo -f 1 -l "$pages" "$out/$name.pdf" | grep size | head -3)"
	fi
	[ "$l" = card ] && [ "$pages" != 1 ] &&
	    fail "layouts: $name.pdf: the card has $pages pages"

	if lay_render "$name.svg" "$yaml" --layout "$l" -o "$out/$name.svg"; then
		check "layouts: $name.svg is well-formed XML" \
		    xmllint --noout "$out/$name.svg"
	fi

	mkdir -p "$out/png"
	if lay_render "$name.png" "$yaml" --layout "$l" --dpi "$LAY_DPI" \
	    -o "$out/png/$name.png"; then
		want=$(png_files "$out/png/$name" "$pages" | xargs -n1 basename)
		got=$(ls "$out/png")
		if [ "$(echo "$want" | sort)" = "$(echo "$got" | sort)" ]; then
			pass
		else
			fail "layouts: $name.png: one file a page ($pages)" \
			    "made: $(echo $got)"
		fi
	fi

	# Layout sanity.
	"$UCAPGEN" "$yaml" --layout "$l" --dump layout >"$out/$name.layout"
	pdftotext -raw -bbox "$out/$name.pdf" "$out/$name.bbox"
	if [ "$(grep -c '^page ' "$out/$name.layout")" != "$pages" ]; then
		fail "layouts: $name: the dump and the PDF have different page counts"
	fi
	local plan=
	[ "$l" = sheet ] && plan="--plan $LAY_W/$p.xml"
	if "$LAY_PY" "$LAY_PAGECHECK" --words "$out/$name.bbox" $plan \
	    --not-shown "$LAY_NOT_SHOWN" --heading "EU Urban Agenda topics" \
	    --layout "$TOP/layouts/$l.xml" "$out/$name.layout" \
	    >"$out/pagecheck" 2>&1; then
		pass
	else
		fail "layouts: $name: pagecheck" "$(head -20 "$out/pagecheck")"
	fi
	case $l in
	brief|card)
		if "$LAY_PY" "$LAY_FLOWCHECK" --layout "$TOP/layouts/$l.xml" \
		    --words "$out/$name.bbox" --plan "$LAY_W/$p.xml" \
		    "${LAY_BANDS[@]}" "${LAY_TITLES[@]}" "$out/$name.layout" \
		    >"$out/flowcheck" 2>&1; then
			pass
		else
			fail "layouts: $name: flowcheck" "$(head -20 "$out/flowcheck")"
		fi
		;;
	esac

	# Pictures.
	case $l in
	card|brief)
		local i=0
		for f in $(png_files "$out/png/$name" "$pages"); do
			i=$((i + 1))
			if [ "$pages" -eq 1 ]; then
				lay_picture "$name" "$f"
			else
				lay_picture "$name-$i" "$f"
			fi
		done
		;;
	sheet)
		[ "$p" = long ] && lay_picture "$name-1" "$out/png/$name-1.png"
		;;
	esac
}

if [ "$lay_tools" = 1 ]; then
	: >"$LAY_W/pictures"
	for yaml in "$TOP"/examples/*.yaml; do
		"$UCAPGEN" "$yaml" --dump xml >"$LAY_W/$(basename "$yaml" .yaml).xml"
	done
	for l in sheet card brief; do
		for yaml in "$TOP"/examples/*.yaml; do
			lay_example "$l" "$yaml"
		done
	done
	# No reference picture of a page we no longer draw.
	for ref in "$LAY_DIR"/ref/*.png; do
		case $ref in *.out.png|*.diff.png) continue ;; esac
		[ -f "$ref" ] || continue
		grep -qx "$(basename "$ref")" "$LAY_W/pictures" && continue
		if [ "$REGENERATE" = 1 ]; then
			rm -f "$ref"
		else
			fail "layouts: reference $ref, but no such page is drawn" \
			    "(tests/run --regenerate layouts)"
		fi
	done
fi

# The frames of a built-in layout do not overlap: a summary that fills
# its frame would touch the contact below it (the card's, once).
for l in "$TOP"/layouts/*.xml; do
	check "layouts: $(basename "$l"): no two frames overlap" \
	    "$LAY_PY" - "$l" <<'EOF'
import sys
import xml.etree.ElementTree as ET
NS = "{urn:ucapgen:layout:1}"
def pt(v):
    n = float(v.rstrip("ptmin"))
    return n * 72 / 25.4 if v.endswith("mm") else n * 72 if v.endswith("in") else n
frames = [(f.get("id"), *(pt(f.get(k)) for k in ("x", "y", "width", "height")))
          for f in ET.parse(sys.argv[1]).iter(NS + "frame")]
for i, (a, ax, ay, aw, ah) in enumerate(frames):
    for b, bx, by, bw, bh in frames[i + 1:]:
        if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
            sys.exit("frames %s and %s overlap" % (a, b))
EOF
done

# Typography of the built-in layouts, in the boxes of --dump layout:
# - a partner whose name or province wraps reads as one entry: its
#   later lines hang 7 pt in (hanging-indent), the next partner starts
#   at the left again;
# - a title of two lines is balanced (wrap="balance"): no word alone on
#   its last line, the two lines about as long;
# - the dot between a city's names never starts a line (a no-break
#   space before it in every catalog).
"$UCAPGEN" "$TOP/examples/long.yaml" --page A5 --dump layout >"$LAY_W/a5.layout"
check "layouts: the sheet on A5: a wrapped partner's second line hangs 7 pt in" \
    "$LAY_PY" - "$LAY_W/a5.layout" <<'EOF'
import re, sys
x = {m.group(2): float(m.group(1)) for m in re.finditer(
    r'^  text ([\d.]+) [\d.]+ "(.*)"$', open(sys.argv[1]).read(), re.M)}
first, second, next_ = (x[k.replace("_", "\u00a0")] for k in
                        ("Thessaloniki_· ", "Θεσσαλονίκη", "Varna_· Варна"))
if not (abs(second - first - 7) < 0.2 and next_ == first):
    sys.exit("Thessaloniki at %s, its second line at %s, Varna at %s" %
             (first, second, next_))
EOF
for t in "en --page A5" "de" "es"; do
	set -- $t
	lang=$1
	shift
	"$UCAPGEN" "$TOP/examples/changchun.yaml" --locale "$lang" "$@" \
	    --dump layout >"$LAY_W/title-$lang.layout"
	check "layouts: the sheet's title in $lang $*: two balanced lines" \
	    "$LAY_PY" - "$LAY_W/title-$lang.layout" <<'EOF'
import re, sys
# The title: the lines of the first page before the table's first box.
title = []
for line in open(sys.argv[1]):
    if line.startswith("  fill "):
        break
    m = re.match(r'^  text [\d.]+ [\d.]+ "(.*)"$', line)
    if m:
        title.append(m.group(1))
if len(title) != 2:
    sys.exit("title lines: %r" % title)
a, b = (t.strip() for t in title)
if len(b.split()) < 2 or not 0.6 < len(b) / len(a) < 1.6:
    sys.exit("unbalanced: %r / %r" % (a, b))
EOF
done
# - the footer's rule stands 7 pt (half its gap="14pt") below the last
#   line or rule of the body on every page: not a double line under a
#   table, not touching descenders.
for l in sheet brief; do
	"$UCAPGEN" "$TOP/examples/long.yaml" --layout "$l" --dump layout \
	    >"$LAY_W/gap-$l.layout"
	check "layouts: long.yaml, $l: 7 pt or more between the body and the footer's rule" \
	    "$LAY_PY" - "$LAY_W/gap-$l.layout" <<'EOF'
import re, sys
pages = open(sys.argv[1]).read().split("\npage ")[1:]
for n, page in enumerate(pages, 1):
    rules = [tuple(map(float, m)) for m in re.findall(
        r"^  rule ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)$", page, re.M)]
    foot = max(r[1] for r in rules if r[3] == 0 and r[2] > 400)
    # A rule's foot; a line's baseline and 2.5 pt of descent.
    body = [r[1] + r[3] for r in rules if r[1] + r[3] < foot - 0.01]
    body += [float(m) + 2.5 for m in re.findall(
        r"^  text [\d.]+ ([\d.]+) ", page, re.M) if float(m) < foot]
    if foot - max(body) < 6.9:
        sys.exit("page %d: the body reaches %.1f, the footer's rule is at %.1f"
                 % (n, max(body), foot))
EOF
done
# - the brief's photo: its caption clear of it, the credit close under
#   the caption, the table further on (the caption once touched the
#   photo and sat nearer the credit than the photo).
"$UCAPGEN" "$TOP/tests/images/logo-jpeg.yaml" --layout brief --dump layout \
    >"$LAY_W/photo.layout"
check "layouts: the brief's photo, caption and credit spaced as one group" \
    "$LAY_PY" - "$LAY_W/photo.layout" <<'EOF'
import re, sys
d = open(sys.argv[1]).read()
img = [tuple(map(float, m)) for m in re.findall(r"^  image ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)$", d, re.M)][1]
cap = float(re.search(r'^  text [\d.]+ ([\d.]+) "The river front', d, re.M).group(1))
cred = float(re.search(r'^  text [\d.]+ ([\d.]+) "Photo: ', d, re.M).group(1))
table = float(re.search(r"^  fill [\d.]+ ([\d.]+) ", d, re.M).group(1))
# caption's top (its baseline less 7.5 pt of ascent) to the photo's foot
photo_gap, cred_gap, table_gap = cap - 7.5 - (img[1] + img[3]), cred - cap, table - cred
if not (photo_gap >= 5 and cred_gap <= 12 and table_gap >= 9):
    sys.exit("photo to caption %.1f, caption to credit %.1f, credit to table %.1f"
             % (photo_gap, cred_gap, table_gap))
EOF
# - wrap="balance" does not cut a word that fits whole: the brief's
#   "Rindfleischetikettierung und Umgebung" once became
#   "Rindfleischetikettie-" / "rung und Umgebung".
sed 's/^  name: Changchun$/  name: Rindfleischetikettierung und Umgebung/' \
    "$TOP/examples/changchun.yaml" >"$LAY_W/rind.yaml"
"$UCAPGEN" "$LAY_W/rind.yaml" --layout brief --dump layout >"$LAY_W/rind.layout" 2>/dev/null
check "layouts: a balanced title keeps a long word whole" \
    grep -q '^  text [0-9.]* [0-9.]* "Rindfleischetikettierung "$' "$LAY_W/rind.layout"
# - wrap="balance" leaves justified text as it is (its lines fill the
#   box), and right-aligned text flush right.
printf '%s\n' '<layout xmlns="urn:ucapgen:layout:1" name="j" base="sheet">' \
    '  <style name="cell" align="justify"/>' '</layout>' >"$LAY_W/just.xml"
printf '%s\n' '<layout xmlns="urn:ucapgen:layout:1" name="jb" base="sheet">' \
    '  <style name="cell" align="justify" wrap="balance"/>' '</layout>' >"$LAY_W/just-bal.xml"
"$UCAPGEN" "$TOP/examples/changchun.yaml" --layout "$LAY_W/just.xml" --dump layout >"$LAY_W/just.layout"
"$UCAPGEN" "$TOP/examples/changchun.yaml" --layout "$LAY_W/just-bal.xml" --dump layout >"$LAY_W/just-bal.layout"
check "layouts: wrap=\"balance\" leaves justified text filling its box" \
    cmp -s "$LAY_W/just.layout" "$LAY_W/just-bal.layout"
for lang in bg de el en es zh; do
	for l in sheet brief card; do
		"$UCAPGEN" "$TOP/examples/long.yaml" --layout "$l" --locale "$lang" \
		    --dump layout >"$LAY_W/dot.layout" 2>/dev/null
		check "layouts: long.yaml, $l, $lang: no line starts with the names' dot" \
		    sh -c "! grep -q '^  text [0-9.]* [0-9.]* \"·' '$LAY_W/dot.layout'"
	done
done

# ---- b. Bad layouts: the exact messages ----

LAY_BAD=$LAY_DIR/bad
mkdir -p "$LAY_W/bad"
for name in $(ls "$LAY_BAD" | sed -n 's/\.\(xml\|args\)$//p' | sort -u); do
	if [ -f "$LAY_BAD/$name.args" ]; then
		read -r -a args <"$LAY_BAD/$name.args"
	else
		args=(--layout "$name.xml")
	fi
	lay_refuse "bad/$name" "$LAY_BAD/$name.err" "$LAY_BAD" ../plans/card-fits.yaml \
	    "${args[@]}"
	# Each message at a line and column of a file of this folder.
	[ -f "$LAY_BAD/$name.args" ] && continue
	bad=$(grep -v -E '^(\./)?[a-z0-9-]+\.xml:[0-9]+:[0-9]+: error: ' \
	    "$LAY_W/bad/$name.err")
	if [ -n "$bad" ]; then
		fail "layouts: BUG bad/$name: a message without a line and column, or not in a file of tests/layouts/bad" \
		    "$bad"
	else
		pass
	fi
done

# A font that is not bundled is a warning (bad/font-unknown has it under
# --strict): without --strict the summary is made, and a batch of two
# languages, which loads the layout twice, warns once for each place.
lay_fonts() {
	local d=$LAY_W/font-unknown
	rm -rf "$d" && mkdir -p "$d"
	(cd "$LAY_BAD" && "$UCAPGEN" ../plans/card-fits.yaml --layout \
	    font-unknown.xml -o "$d/one.pdf") 2>"$d/one.err" || return 1
	[ -s "$d/one.pdf" ] || return 1
	[ "$(grep -c ': warning: font "Noto S' "$d/one.err")" = 2 ] || return 1
	(cd "$LAY_BAD" && "$UCAPGEN" ../plans/card-fits.yaml --layout \
	    font-unknown.xml --locale en,de -f pdf -o "$d/all/") 2>"$d/all.err" ||
	    return 1
	[ "$(ls "$d/all" | wc -l)" = 2 ] &&
	    [ "$(grep -c ': warning: font "Noto S' "$d/all.err")" = 2 ]
}
check "layouts: a font not bundled: a warning at its style, once a place in a batch, and the summary made" \
    lay_fonts

# With --strict, every summary of a batch that uses the layout fails,
# though the errors are printed once, with the first.
lay_fonts_strict() {
	local d=$LAY_W/font-unknown-strict
	rm -rf "$d" && mkdir -p "$d"
	(cd "$LAY_BAD" && "$UCAPGEN" ../plans/card-fits.yaml --layout \
	    font-unknown.xml --locale en,de -f pdf --strict -o "$d/all/") \
	    2>"$d/all.err" && return 1
	[ -z "$(ls -A "$d/all" 2>/dev/null)" ] &&
	    [ "$(grep -c ': error: font "Noto S' "$d/all.err")" = 2 ] &&
	    ! grep -q "another is used" "$d/all.err" &&
	    grep -qx "0 rendered, 2 failed" "$d/all.err"
}
check "layouts: a font not bundled, --strict, in a batch: every summary fails, nothing written" \
    lay_fonts_strict

# ---- c. Inheritance ----

LAY_DER=$LAY_DIR/derived
LAY_DERW=$LAY_W/derived
mkdir -p "$LAY_DERW"
LAY_CC=$TOP/examples/changchun.yaml
LAY_LONG=$TOP/examples/long.yaml

# lay_colour HEX: how Cairo's SVG writes the colour #RRGGBB
# (fill:rgb(R%,G%,B%) with at most six decimals).
lay_colour() {
	printf '%d %d %d\n' "0x${1:1:2}" "0x${1:3:2}" "0x${1:5:2}" | awk '{
		s = "rgb("
		for (i = 1; i <= 3; i++) {
			v = sprintf("%.6f", $i / 2.55)
			sub(/0+$/, "", v)
			sub(/\.$/, "", v)
			s = s v "%" (i < 3 ? "," : ")")
		}
		print s }'
}

# lay_derived NAME PLAN LAYOUT: the dump and the SVG of a plan in a layout.
lay_derived() {
	"$UCAPGEN" "$2" --layout "$3" --dump layout >"$LAY_DERW/$1.layout" \
	    2>"$LAY_DERW/$1.err" &&
	    "$UCAPGEN" "$2" --layout "$3" -o "$LAY_DERW/$1.svg" 2>>"$LAY_DERW/$1.err" &&
	    [ ! -s "$LAY_DERW/$1.err" ]
}

# lay_first_text DUMP PAGE: the first text line of a page: "X Y TEXT".
lay_first_text() {
	awk -v p="page $2" '$0 == p { on = 1; next } /^page / { on = 0 }
	    on && $1 == "text" { print $2, $3, substr($0, index($0, "\"")); exit }' "$1"
}

# lay_has FILE PATTERN...: every fixed string is in the file (one that
# starts with ! is not).
lay_has() {
	local f=$1 k
	shift
	for k in "$@"; do
		case $k in
		!*) grep -qF -- "${k#!}" "$f" && return 1 ;;
		*) grep -qF -- "$k" "$f" || return 1 ;;
		esac
	done
	return 0
}

# lay_same_bottom DUMP DUMP: the footer's text is as far from the foot of
# the page in both.
lay_same_bottom() {
	local a b
	a=$(awk 'NR == 1 { h = $4 } /For further information/ {
	    printf "%.1f\n", h - $3; exit }' "$1")
	b=$(awk 'NR == 1 { h = $4 } /For further information/ {
	    printf "%.1f\n", h - $3; exit }' "$2")
	[ -n "$a" ] && [ "$a" = "$b" ]
}

if [ "$lay_tools" = 1 ]; then
	red=$(lay_colour '#aa0000')
	for spec in sheet-cc:sheet:$LAY_CC sheet-long:sheet:$LAY_LONG \
	    brief-cc:brief:$LAY_CC card-cc:card:$LAY_CC; do
		IFS=: read -r n l p <<<"$spec"
		lay_derived "$n" "$p" "$l" ||
		    fail "layouts: derived: the $l layout on $(basename "$p")" \
		    "$(head -5 "$LAY_DERW/$n.err")"
	done

	# A style's attribute overrides the base's, and only that one.
	if lay_derived style-override "$LAY_CC" "$LAY_DER/style-override.xml"; then
		check "layouts: derived: a style's colour changed, its size, weight and alignment kept (same boxes as the sheet)" \
		    cmp "$LAY_DERW/sheet-cc.layout" "$LAY_DERW/style-override.layout"
		check "layouts: derived: the overridden colour is drawn" \
		    grep -q "fill:$red" "$LAY_DERW/style-override.svg"
		check "layouts: derived: the sheet itself has no such colour" \
		    lay_has "$LAY_DERW/sheet-cc.svg" "!fill:$red"
	else
		fail "layouts: derived/style-override.xml" "$(head -5 "$LAY_DERW/style-override.err")"
	fi
	# ... and the styles based on it follow, but for what they set.
	if lay_derived style-base "$LAY_CC" "$LAY_DER/style-base.xml"; then
		check "layouts: derived: the body's colour changed, nothing moved" \
		    cmp "$LAY_DERW/sheet-cc.layout" "$LAY_DERW/style-base.layout"
		check "layouts: derived: the styles based on body are in its new colour" \
		    grep -q "fill:$red" "$LAY_DERW/style-base.svg"
		body=$(lay_colour '#1f2a36')
		check "layouts: derived: no text is left in the old body colour" \
		    lay_has "$LAY_DERW/style-base.svg" "!fill:$body"
		check "layouts: derived: (the sheet has text in that colour)" \
		    lay_has "$LAY_DERW/sheet-cc.svg" "fill:$body"
		check "layouts: derived: a style that sets its own colour keeps it (title, label)" \
		    lay_has "$LAY_DERW/style-base.svg" "fill:$(lay_colour '#0f3d68')" \
		    "fill:$(lay_colour '#e8eef5')"
	else
		fail "layouts: derived/style-base.xml" "$(head -5 "$LAY_DERW/style-base.err")"
	fi
	# The page's attributes override one by one: the margins stay.
	if lay_derived page-override "$LAY_CC" "$LAY_DER/page-override.xml"; then
		check "layouts: derived: <page size=\"Letter\"/> gives 612 x 792 pt pages" \
		    grep -qx 'document 612.0 x 792.0, [0-9]* pages*' \
		    "$LAY_DERW/page-override.layout"
		a=$(lay_first_text "$LAY_DERW/sheet-cc.layout" 1 | cut -d' ' -f1,2)
		b=$(lay_first_text "$LAY_DERW/page-override.layout" 1 | cut -d' ' -f2)
		check "layouts: derived: the sheet's top margin kept on Letter" \
		    test "${a#* }" = "$b"
		check "layouts: derived: the sheet's bottom margin kept on Letter" \
		    lay_same_bottom "$LAY_DERW/sheet-cc.layout" "$LAY_DERW/page-override.layout"
		check "layouts: derived: the sheet's left margin kept on Letter" \
		    lay_has "$LAY_DERW/page-override.layout" '  fill 45.4 '
	else
		fail "layouts: derived/page-override.xml" "$(head -5 "$LAY_DERW/page-override.err")"
	fi
	# A body replaces the base's body.
	if lay_derived body-replaced "$LAY_CC" "$LAY_DER/body-replaced.xml"; then
		check "layouts: derived: a new body: no table left (only the footer's rule)" \
		    test "$(grep -c '^  rule ' "$LAY_DERW/body-replaced.layout")" = 1
		check "layouts: derived: a new body: its blocks are drawn" \
		    lay_has "$LAY_DERW/body-replaced.layout" '"Changchun"' \
		    '"Facilitate and launch' '!"Country"'
	else
		fail "layouts: derived/body-replaced.xml" "$(head -5 "$LAY_DERW/body-replaced.err")"
	fi
	# <replace ref="ID">
	if lay_derived replace-id "$LAY_CC" "$LAY_DER/replace-id.xml"; then
		check "layouts: derived: <replace ref=\"title\">: the city's name in the title's place" \
		    test "$(lay_first_text "$LAY_DERW/replace-id.layout" 1 | cut -d' ' -f2-)" = \
		    "$(lay_first_text "$LAY_DERW/sheet-cc.layout" 1 | cut -d' ' -f2) \"Changchun\""
		check "layouts: derived: <replace ref=\"title\">: the title is gone" \
		    lay_has "$LAY_DERW/replace-id.layout" '!IUC Urban Cooperation Action Plan'
	else
		fail "layouts: derived/replace-id.xml" "$(head -5 "$LAY_DERW/replace-id.err")"
	fi
	# A table cell's align: right, the cell style's (left), center.
	if lay_derived cell-align "$LAY_CC" "$LAY_DER/cell-align.xml"; then
		ca_x() { awk -v t="\"$1\"" '$1 == "text" && substr($0, index($0, "\"")) == t { print $2; exit }' "$LAY_DERW/cell-align.layout"; }
		check "layouts: derived: <cell align=\"right\">: the city's name ends at the cell's right padding" \
		    awk -v x="$(ca_x Changchun)" 'BEGIN { exit !(x > 490 && x < 500) }'
		check "layouts: derived: a cell without align keeps its style's (left)" \
		    awk -v x="$(ca_x China)" 'BEGIN { exit !(x > 172 && x < 175) }'
		check "layouts: derived: <cell align=\"center\">: the province in the middle of the cell" \
		    awk -v x="$(ca_x Jilin)" 'BEGIN { exit !(x > 340 && x < 360) }'
	else
		fail "layouts: derived/cell-align.xml" "$(head -5 "$LAY_DERW/cell-align.err")"
	fi
	# The last page's columns are evened out, unless balance="false".
	# Prints the lowest text line of the left and the right column of a
	# dump's last page (0: none), the page's bands left out.
	lay_column_feet() {
		awk '/^page / { n = 0 } $1 == "text" && $3 < 790 && $3 > 50 { t[++n] = $2 " " $3 }
		    END { for (i = 1; i <= n; i++) print t[i] }' "$1" |
		    awk '{ if ($1 < 297) { if ($2 > l) l = $2 } else if ($2 > r) r = $2 } END { print l + 0, r + 0 }'
	}
	if lay_derived columns-balanced "$LAY_CC" "$LAY_DER/columns-balanced.xml" &&
	    lay_derived columns-unbalanced "$LAY_CC" "$LAY_DER/columns-unbalanced.xml"; then
		read -r bl br < <(lay_column_feet "$LAY_DERW/columns-balanced.layout")
		read -r ul ur < <(lay_column_feet "$LAY_DERW/columns-unbalanced.layout")
		check "layouts: columns: balance=\"false\": the flow fills the left column only ($ul, $ur)" \
		    awk -v l="$ul" -v r="$ur" 'BEGIN { exit !(l > 600 && r == 0) }'
		check "layouts: columns: balanced: both columns end near each other, well above where one would ($bl, $br; $ul)" \
		    awk -v l="$bl" -v r="$br" -v u="$ul" 'BEGIN { d = l - r; if (d < 0) d = -d
			exit !(l > 0 && r > 0 && d < 60 && l < u - 200 && r < u - 200) }'
		check "layouts: columns: the brief's last page of examples/changchun.yaml is balanced" \
		    awk -v f="$(lay_column_feet "$LAY_DERW/brief-cc.layout")" 'BEGIN { split(f, a, " ")
			d = a[1] - a[2]; if (d < 0) d = -d; exit !(a[2] > 0 && d < 40) }'
	else
		fail "layouts: derived/columns-*.xml" "$(head -5 "$LAY_DERW/columns-balanced.err" "$LAY_DERW/columns-unbalanced.err")"
	fi
	# The brief on A5 landscape: the columns under the first page's
	# facts box are too short for a title and its first lines.
	if lay_derived brief-a5 "$LAY_CC" "$LAY_DER/brief-a5-landscape.xml"; then
		"$UCAPGEN" "$LAY_CC" --layout "$LAY_DER/brief-a5-landscape.xml" \
		    -o "$LAY_DERW/brief-a5.pdf" &&
		    pdftotext -raw -bbox "$LAY_DERW/brief-a5.pdf" "$LAY_DERW/brief-a5.bbox"
		check "layouts: derived: the brief on A5 landscape leaves no title alone in a short column (flowcheck)" \
		    "$LAY_PY" "$LAY_FLOWCHECK" --layout "$TOP/layouts/brief.xml" \
		    --words "$LAY_DERW/brief-a5.bbox" --plan "$LAY_W/changchun.xml" \
		    "${LAY_BANDS[@]}" "${LAY_TITLES[@]}" "$LAY_DERW/brief-a5.layout"
	else
		fail "layouts: derived/brief-a5-landscape.xml" "$(head -5 "$LAY_DERW/brief-a5.err")"
	fi
	# Badges too small for their titles: numbers alone.
	if lay_derived badges-small "$LAY_CC" "$LAY_DER/badges-small.xml"; then
		check "layouts: derived: badges of 30pt: numbers, no titles" \
		    awk '/^  fill .* 30.0 30.0$/ { n++; on = 1; next }
			/"Summary"$/ { on = 0 }
			on && /^  text / { if ($0 ~ /"[0-9]+"$/) d++; else bad++ }
			END { exit !(n == 3 && d == 3 && bad == 0) }' "$LAY_DERW/badges-small.layout"
		check "layouts: derived: (the card's own badges have titles)" \
		    grep -q '"Good health "' "$LAY_DERW/card-cc.layout"
	else
		fail "layouts: derived/badges-small.xml" "$(head -5 "$LAY_DERW/badges-small.err")"
	fi
	# A marker wider than its indent.
	if lay_derived marker-wide "$LAY_CC" "$LAY_DER/marker-wide.xml"; then
		check "layouts: derived: a marker wider than the indent: the entry's text starts past it" \
		    awk '/"◆◆◆"$/ { x = $2; next }
			x != "" && $1 == "text" { d = $2 - x; x = ""; n++
			    if (d < 15 || d > 40) bad++ }
			END { exit !(n >= 3 && bad == 0) }' "$LAY_DERW/marker-wide.layout"
	else
		fail "layouts: derived/marker-wide.xml" "$(head -5 "$LAY_DERW/marker-wide.err")"
	fi
	# <remove ref="ID">
	if lay_derived remove-id "$LAY_LONG" "$LAY_DER/remove-id.xml"; then
		check "layouts: derived: <remove ref=\"logo\">: no image any more" \
		    lay_has "$LAY_DERW/remove-id.layout" '!  image '
		check "layouts: derived: (the sheet draws the long plan's logo)" \
		    lay_has "$LAY_DERW/sheet-long.layout" '  image '
	else
		fail "layouts: derived/remove-id.xml" "$(head -5 "$LAY_DERW/remove-id.err")"
	fi
	if lay_derived remove-section "$LAY_CC" "$LAY_DER/remove-section.xml"; then
		check "layouts: derived: <remove ref=\"results\"> in the brief: that section only is gone" \
		    lay_has "$LAY_DERW/remove-section.layout" '!Expected results' \
		    'Short description of main'
		check "layouts: derived: (the brief has a results section)" \
		    lay_has "$LAY_DERW/brief-cc.layout" 'Expected results'
	else
		fail "layouts: derived/remove-section.xml" "$(head -5 "$LAY_DERW/remove-section.err")"
	fi
	# <header pages="none"/>
	if lay_derived header-none "$LAY_LONG" "$LAY_DER/header-none.xml"; then
		check "layouts: derived: <header pages=\"none\"/>: no header" \
		    lay_has "$LAY_DERW/header-none.layout" '!U-CAP Summary — Harbin'
		check "layouts: derived: (the sheet has a header on page 2)" \
		    lay_has "$LAY_DERW/sheet-long.layout" 'U-CAP Summary — Harbin'
		a=$(lay_first_text "$LAY_DERW/sheet-long.layout" 2 | cut -d' ' -f2)
		b=$(lay_first_text "$LAY_DERW/header-none.layout" 2 | cut -d' ' -f2)
		check "layouts: derived: <header pages=\"none\"/>: page 2's body starts higher ($b < $a)" \
		    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b + 10 < a) }'
	else
		fail "layouts: derived/header-none.xml" "$(head -5 "$LAY_DERW/header-none.err")"
	fi
	# A chain of two bases, by a path relative to the file that names it
	# (not to the working folder).
	"$UCAPGEN" "$LAY_CC" --layout "$LAY_DER/sub/child.xml" --dump layout \
	    >"$LAY_DERW/child.layout" 2>"$LAY_DERW/child.err"
	(cd / && "$UCAPGEN" "$LAY_CC" --layout "$LAY_DER/sub/child.xml" -o "$LAY_DERW/child.svg") \
	    2>>"$LAY_DERW/child.err"
	if [ -s "$LAY_DERW/child.err" ] || [ ! -s "$LAY_DERW/child.svg" ]; then
		fail "layouts: derived/sub/child.xml" "$(head -5 "$LAY_DERW/child.err")"
	else
		check "layouts: derived: a chain of two bases: the middle one's page (A5)" \
		    grep -qx 'document 419.5 x 595.3, [0-9]* pages' "$LAY_DERW/child.layout"
		check "layouts: derived: a chain of two bases: the middle one's title colour" \
		    grep -q "fill:$red" "$LAY_DERW/child.svg"
		check "layouts: derived: a chain of two bases: the last one's label background" \
		    grep -q "fill:$(lay_colour '#ffeecc')" "$LAY_DERW/child.svg"
		check "layouts: derived: a chain of two bases: the sheet's footer" \
		    grep -q '"For further information' "$LAY_DERW/child.layout"
	fi
fi

# ---- d. Text that does not fit ----

LAY_PLANS=$LAY_DIR/plans
mkdir -p "$LAY_W/plans"
if [ "$lay_tools" = 1 ]; then
	lay_refuse "plans/card-too-long" "$LAY_PLANS/card-too-long.err" "$LAY_PLANS" \
	    card-too-long.yaml --layout card
	# The summary's line distance, fitting and shrunk.
	pitch() {
		awk '/"Summary"/ { on = 1; next } on && $1 == "text" {
		    if (y) { print $3 - y; exit } y = $3 }' "$1"
	}
	if lay_render card-fits "$LAY_PLANS/card-fits.yaml" --layout card -o "$LAY_W/card-fits.pdf" &&
	    lay_render card-shrink "$LAY_PLANS/card-shrink.yaml" --layout card -o "$LAY_W/card-shrink.pdf"; then
		"$UCAPGEN" "$LAY_PLANS/card-fits.yaml" --layout card --dump layout >"$LAY_W/card-fits.layout"
		"$UCAPGEN" "$LAY_PLANS/card-shrink.yaml" --layout card --dump layout >"$LAY_W/card-shrink.layout"
		a=$(pitch "$LAY_W/card-fits.layout")
		b=$(pitch "$LAY_W/card-shrink.layout")
		check "layouts: card: a long summary is set smaller to fit (line distance $b < $a pt)" \
		    awk -v a="$a" -v b="$b" 'BEGIN { exit !(a > 0 && b > 0 && b < a - 1) }'
		pdftotext -raw -bbox "$LAY_W/card-shrink.pdf" "$LAY_W/card-shrink.bbox"
		check "layouts: card: the shrunk summary stays in its frame" \
		    "$LAY_PY" "$LAY_FLOWCHECK" --layout "$TOP/layouts/card.xml" \
		    --words "$LAY_W/card-shrink.bbox" "$LAY_W/card-shrink.layout"
	fi
	# Words longer than a cell is wide wrap inside it.
	for l in sheet brief card; do
		n=long-words-$l
		lay_render "$n" "$LAY_PLANS/long-words.yaml" --layout "$l" -o "$LAY_W/$n.pdf" ||
		    continue
		"$UCAPGEN" "$LAY_PLANS/long-words.yaml" --layout "$l" --dump layout >"$LAY_W/$n.layout"
		pdftotext -raw -bbox "$LAY_W/$n.pdf" "$LAY_W/$n.bbox"
		check "layouts: long words in the $l: inside their cells, the page and the margins (pagecheck)" \
		    "$LAY_PY" "$LAY_PAGECHECK" --words "$LAY_W/$n.bbox" \
		    --layout "$TOP/layouts/$l.xml" "$LAY_W/$n.layout"
		[ "$l" = sheet ] && continue
		check "layouts: long words in the $l: inside their columns or frames (flowcheck)" \
		    "$LAY_PY" "$LAY_FLOWCHECK" --layout "$TOP/layouts/$l.xml" \
		    --words "$LAY_W/$n.bbox" "${LAY_BANDS[@]}" "$LAY_W/$n.layout"
	done
fi

# ---- e. Images ----

LAY_IMG=$TOP/tests/images
for p in logo-png logo-jpeg logo-svg logo-cmyk logo-svg-comment; do
	for l in sheet card brief; do
		n=$p-$l
		lay_render "$n" "$LAY_IMG/$p.yaml" --layout "$l" --dump layout || continue
		want=1
		[ "$p-$l" = logo-jpeg-brief ] && want=2     # and the photo
		check "layouts: $p.yaml in the $l: $want image(s) drawn" \
		    test "$(grep -c '^  image ' "$LAY_W/$n.out")" = "$want"
	done
	lay_render "$p.pdf" "$LAY_IMG/$p.yaml" --layout brief -o "$LAY_W/$p.pdf"
done
# A CMYK JPEG's colours: red at its top, blue at its foot, as the file
# is (Adobe's inverted inks read the right way round).
"$UCAPGEN" "$LAY_IMG/logo-cmyk.yaml" --dump layout >"$LAY_W/cmyk.layout"
"$UCAPGEN" "$LAY_IMG/logo-cmyk.yaml" -o "$LAY_W/cmyk.png" --dpi 72
check "layouts: a CMYK JPEG in its colours" \
    "$LAY_PY" - "$LAY_W/cmyk.layout" "$LAY_W/cmyk.png" "$TOP/tests/publish" <<'EOF'
import sys
sys.path.insert(0, sys.argv[3])
import pngcrop
box = [l.split() for l in open(sys.argv[1]) if l.startswith("  image ")][0]
x, y, w, h = (float(v) for v in box[1:5])
width, height, ctype, bpp, rows = pngcrop.read(sys.argv[2])
def px(fy):
    r = rows[int(y + h * fy)]
    i = int(x + w / 2) * bpp
    return tuple(r[i:i + 3])
top, foot = px(0.1), px(0.9)
if not (top[0] > 180 and top[2] < 90 and foot[2] > 180 and foot[0] < 90):
    sys.exit("top %r (want red), foot %r (want blue)" % (top, foot))
EOF
# The brief's logo floats at the right of the masthead: the city's name
# starts level with it and breaks short of it; what is past its foot has
# the whole width.  A logo taller than the text beside it keeps the
# table below it.
LAY_FL=$LAY_W/float
mkdir -p "$LAY_FL"
cp "$LAY_IMG/logo.png" "$LAY_FL/"
sed -e 's/^  name: Changchun$/  name: Agii Anargiri-Kamatero and the Greater Metropolitan Area of Attica/' \
    "$LAY_IMG/logo-png.yaml" >"$LAY_FL/long.yaml"
sed 's/width="18mm" height="18mm" style="logo"/width="40mm" height="40mm" style="logo"/' \
    "$TOP/layouts/brief.xml" >"$LAY_FL/tall.xml"
lay_float() {
	# lay_float NAME PLAN LAYOUT: the dump and the PDF's words; checks.
	"$UCAPGEN" "$2" --layout "$3" --dump layout >"$LAY_FL/$1.layout" &&
	    "$UCAPGEN" "$2" --layout "$3" -o "$LAY_FL/$1.pdf" &&
	    pdftotext -f 1 -l 1 -bbox "$LAY_FL/$1.pdf" "$LAY_FL/$1.html" &&
	    "$LAY_PY" - "$LAY_FL/$1.layout" "$LAY_FL/$1.html" <<'EOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
img = [l.split() for l in lines if l.startswith("  image ")][0]
x, y, w, h = (float(v) for v in img[1:5])
texts = [(float(l.split()[2]), l) for l in lines if l.startswith("  text ")]
fills = [float(l.split()[2]) for l in lines if l.startswith("  fill ")]
# the first text after the kicker: the city's name, level with the logo
name = [t for t in texts if t[0] > y][0]
if not y < name[0] < y + h:
    sys.exit("the name's first line (baseline %.1f) is not beside the logo (%.1f to %.1f)" % (name[0], y, y + h))
words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                   open(sys.argv[2], encoding="utf-8").read())
over = [wd for wd in words if float(wd[3]) > y and float(wd[1]) < y + h and
        float(wd[2]) > x - 4 and float(wd[0]) < x + w]
if over:
    sys.exit("words over the logo: %r" % [wd[4] for wd in over])
if min(fills) < y + h:
    sys.exit("the table (top %.1f) starts above the logo's foot (%.1f)" % (min(fills), y + h))
EOF
}
check "layouts: the brief's logo floats beside a long city name" \
    lay_float long "$LAY_FL/long.yaml" brief
check "layouts: a floating logo taller than its text keeps what follows below it" \
    lay_float tall "$LAY_IMG/logo-png.yaml" "$LAY_FL/tall.xml"

# A logo too tall for the card's band: the message is the image's, at
# the plan's line, not one that blames the city's name.
"$LAY_PY" "$LAY_IMG/mkpng.py" rgb 20 400 >"$LAY_FL/tall.png"
sed 's|logo: logo.png|logo: tall.png|' "$LAY_IMG/logo-png.yaml" >"$LAY_FL/tall-logo.yaml"
"$UCAPGEN" "$LAY_FL/tall-logo.yaml" --layout card -o "$LAY_FL/tall-card.pdf" 2>"$LAY_FL/tall-card.err"
check "layouts: a logo too tall for the card: exit 1" test $? -eq 1
check "layouts: a logo too tall for the card: one message, the image's, at its line" \
    test "$(cat "$LAY_FL/tall-card.err")" = "$LAY_FL/tall-logo.yaml:5:9: error: this image is drawn 31 pt wide and 628 pt high in the layout 'card', and with it its frame (line 45 of the layout, 540 pt high) needs 152% of its room, even at the smallest size allowed; use an image less tall for its width"
check "layouts: a logo too tall for the card: no file" test ! -e "$LAY_FL/tall-card.pdf"

# A small picture enlarged keeps its colours to its edges in a PNG: cairo
# blended its edge pixels with the transparent outside, and a 4-pixel
# logo drawn 52 pt wide faded into the page over a sixth of its width.
mkdir -p "$LAY_W/edge"
"$LAY_PY" "$LAY_IMG/mkpng.py" rgb 4 4 >"$LAY_W/edge/logo.png"
cp "$LAY_IMG/logo-png.yaml" "$LAY_W/edge/"
"$UCAPGEN" "$LAY_W/edge/logo-png.yaml" --layout card --dump layout >"$LAY_W/edge/layout"
"$UCAPGEN" "$LAY_W/edge/logo-png.yaml" --layout card -o "$LAY_W/edge/card.png" --dpi 200
check "layouts: an enlarged PNG logo keeps its colours to its edges in a PNG" \
    "$LAY_PY" - "$LAY_W/edge/layout" "$LAY_W/edge/card.png" "$TOP/tests/publish" <<'EOF'
import sys
sys.path.insert(0, sys.argv[3])
import pngcrop
box = [l.split() for l in open(sys.argv[1]) if l.startswith("  image ")][0]
x, y, w, h = (float(v) * 200 / 72 for v in box[1:5])
width, height, ctype, bpp, rows = pngcrop.read(sys.argv[2])
want = {(0, 0): (255, 0, 0), (1, 0): (0, 0, 255), (0, 1): (0, 160, 0),
        (1, 1): (255, 255, 255)}
bad = []
for (cx, cy), rgb in want.items():
    # two pixels inside the corner
    px = int(x + 2) if cx == 0 else int(x + w - 3)
    py = int(y + 2) if cy == 0 else int(y + h - 3)
    got = tuple(rows[py][px * bpp:px * bpp + 3])
    if max(abs(a - b) for a, b in zip(got, rgb)) > 24:
        bad.append("corner %d,%d: %r, want %r" % (cx, cy, got, rgb))
if bad:
    sys.exit("; ".join(bad))
EOF
# Pictures with more pixels than they are drawn with keep as many as 600
# an inch at their size (gen/raster.c): a 9,000-pixel PNG logo costs no
# more memory than a small one, and a 6,000-pixel JPEG is still the
# file's own bytes in the PDF.  Each kind of PNG ucapgen decodes row by
# row (RGB, interlaced RGBA, palette with a transparent colour, 16-bit
# grey and alpha) and the JPEG keep their four quarters' colours.
LAY_BIGW=$LAY_W/big
mkdir -p "$LAY_BIGW"
"$LAY_PY" "$LAY_IMG/mkpng.py" rgb 9000 9000 >"$LAY_BIGW/big.png"
for k in interlaced palette grey16; do
	"$LAY_PY" "$LAY_IMG/mkpng.py" "$k" 64 48 >"$LAY_BIGW/$k.png"
done
if command -v cjpeg >/dev/null; then
	"$LAY_PY" "$LAY_IMG/mkpng.py" ppm 6000 6000 | cjpeg -quality 90 \
	    >"$LAY_BIGW/big.jpg"
else
	check "layouts: cjpeg (libjpeg-turbo-progs) is installed" false
fi
for k in big.png big.jpg interlaced.png palette.png grey16.png; do
	sed "s|logo: logo.png|logo: $k|" "$LAY_IMG/logo-png.yaml" \
	    >"$LAY_BIGW/${k%.*}-${k#*.}.yaml"
done
lay_peak() {
	# lay_peak NAME PLAN: render PLAN to $LAY_BIGW/NAME.pdf; its peak
	# memory in KB on standard output.
	/usr/bin/time -f %M -o "$LAY_BIGW/$1.kb" "$UCAPGEN" "$2" \
	    -o "$LAY_BIGW/$1.pdf" 2>"$LAY_BIGW/$1.err" &&
	    test ! -s "$LAY_BIGW/$1.err" && tail -1 "$LAY_BIGW/$1.kb"
}
small=$(lay_peak small "$LAY_IMG/logo-png.yaml")
big=$(lay_peak big-png "$LAY_BIGW/big-png.yaml")
check "layouts: a 9,000-pixel PNG logo takes less than 60 MB more memory than a small one ($big KB, $small KB)" \
    test -n "$small" -a -n "$big" -a "$((${big:-0} - ${small:-0}))" -lt 60000
lay_ppi() {
	# lay_ppi PDF: its first image's "width x-ppi encoding".
	pdfimages -list "$1" | awk 'NR == 3 { print $4, $13, $9 }'
}
ppi=$(lay_ppi "$LAY_BIGW/big-png.pdf")
check "layouts: the 9,000-pixel PNG is kept at 600 pixels an inch in the PDF ($ppi)" \
    "$LAY_PY" -c 'import sys; w, p, e = sys.argv[1:]; sys.exit(not (590 <= int(p) <= 610 and e == "image"))' $ppi
if [ -s "$LAY_BIGW/big.jpg" ]; then
	lay_peak big-jpg "$LAY_BIGW/big-jpg.yaml" >/dev/null
	ppi=$(lay_ppi "$LAY_BIGW/big-jpg.pdf")
	check "layouts: the 6,000-pixel JPEG is the file itself in the PDF ($ppi)" \
	    test "$(echo "$ppi" | awk '{ print $1, $3 }')" = "6000 jpeg"
fi
# An interlaced PNG and a progressive JPEG are read whole: above 25
# million pixels they are refused, before any is decoded (12,000 pixels
# a side once took 580 and 440 MB).
"$LAY_PY" "$LAY_IMG/mkpng.py" interlaced-header 6000 6000 >"$LAY_BIGW/inter.png"
sed 's|logo: logo.png|logo: inter.png|' "$LAY_IMG/logo-png.yaml" >"$LAY_BIGW/inter.yaml"
"$UCAPGEN" "$LAY_BIGW/inter.yaml" -o "$LAY_BIGW/inter.pdf" 2>"$LAY_BIGW/inter.err"
check "layouts: an interlaced PNG of 36 million pixels: refused, saying why" \
    grep -q "inter.yaml:5:9: error: this PNG is interlaced and 6000 × 6000 pixels: an interlaced picture is read whole, so it may have at most 25 million pixels; save it without interlacing" \
    "$LAY_BIGW/inter.err"
if command -v cjpeg >/dev/null; then
	# a small progressive JPEG whose header says 6000 × 6000
	"$LAY_PY" "$LAY_IMG/mkpng.py" ppm 16 16 | cjpeg -progressive |
	    "$LAY_PY" -c '
import sys
d = bytearray(sys.stdin.buffer.read())
i = d.index(b"\xff\xc2")
d[i + 5:i + 9] = (6000).to_bytes(2, "big") * 2
sys.stdout.buffer.write(d)' >"$LAY_BIGW/prog.jpg"
	sed 's|logo: logo.png|logo: prog.jpg|' "$LAY_IMG/logo-png.yaml" >"$LAY_BIGW/prog.yaml"
	"$UCAPGEN" "$LAY_BIGW/prog.yaml" -o "$LAY_BIGW/prog.pdf" 2>"$LAY_BIGW/prog.err"
	check "layouts: a progressive JPEG of 36 million pixels: refused, saying why" \
	    grep -q "prog.yaml:5:9: error: this JPEG is progressive and 6000 × 6000 pixels" \
	    "$LAY_BIGW/prog.err"
fi
# A phone's photo stored on its side, with Exif orientation 6 (a quarter
# turn clockwise): drawn upright in every format (a browser turned the
# SVG's embedded file, a PDF viewer did not), so its pixels are turned
# and embedded; the quarters' colours are checked below.
if command -v cjpeg >/dev/null; then
	"$LAY_PY" "$LAY_IMG/mkpng.py" ppm 64 32 | cjpeg -quality 95 |
	    "$LAY_PY" -c '
import struct, sys
d = sys.stdin.buffer.read()
tiff = b"MM\0\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + \
    struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0) + struct.pack(">I", 0)
app1 = b"Exif\0\0" + tiff
sys.stdout.buffer.write(d[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) +
                        app1 + d[2:])' >"$LAY_BIGW/turned.jpg"
	sed 's|logo: logo.png|logo: turned.jpg|' "$LAY_IMG/logo-png.yaml" \
	    >"$LAY_BIGW/turned-jpg.yaml"
	"$UCAPGEN" "$LAY_BIGW/turned-jpg.yaml" -o "$LAY_BIGW/turned.pdf"
	check "layouts: a JPEG with Exif orientation 6: upright, its pixels in the PDF" \
	    test "$(lay_ppi "$LAY_BIGW/turned.pdf" | awk '{ print $1, $3 }')" = "32 image"
fi
for k in big-png big-jpg interlaced-png palette-png grey16-png turned-jpg; do
	case $k in
	grey16-png) want="32,32,32 96,96,96 160,160,160 255,255,255" ;;
	turned-jpg) want="0,160,0 255,0,0 255,255,255 0,0,255" ;;
	*) want="255,0,0 0,0,255 0,160,0 255,255,255" ;;
	esac
	[ -s "$LAY_BIGW/${k%-*}.${k##*-}" ] || continue
	"$UCAPGEN" "$LAY_BIGW/$k.yaml" --dump layout >"$LAY_BIGW/$k.layout"
	"$UCAPGEN" "$LAY_BIGW/$k.yaml" -o "$LAY_BIGW/$k.out.png" --dpi 300
	check "layouts: $k logo: its four quarters in their colours" \
	    "$LAY_PY" - "$LAY_BIGW/$k.layout" "$LAY_BIGW/$k.out.png" \
	    "$TOP/tests/publish" $want <<'EOF'
import sys
sys.path.insert(0, sys.argv[3])
import pngcrop
box = [l.split() for l in open(sys.argv[1]) if l.startswith("  image ")][0]
x, y, w, h = (float(v) * 300 / 72 for v in box[1:5])
width, height, ctype, bpp, rows = pngcrop.read(sys.argv[2])
wants = [tuple(int(c) for c in a.split(",")) for a in sys.argv[4:8]]
for (fx, fy), want in zip([(.25, .25), (.75, .25), (.25, .75), (.75, .75)],
                          wants):
    r = rows[int(y + h * fy)]
    i = int(x + w * fx) * bpp
    got = tuple(r[i:i + 3])
    if max(abs(a - b) for a, b in zip(got, want)) > 12:
        sys.exit("at (%.2f, %.2f) of the logo: %r, want %r" % (fx, fy, got,
                                                              want))
EOF
done
for p in logo-missing logo-damaged logo-not-image logo-cut logo-empty logo-svg-cut \
    logo-interlaced-broken; do
	for l in sheet card brief; do
		lay_refuse "$p-$l" "$LAY_IMG/$p.err" "$LAY_IMG" "$p.yaml" --layout "$l"
	done
done
# Outside the plan's folder: by ../ and by a symbolic link.
LAY_IMGW=$LAY_W/img
mkdir -p "$LAY_IMGW/plan" "$LAY_IMGW/outside"
cp "$LAY_IMG/logo.png" "$LAY_IMGW/outside/logo.png"
ln -sf ../outside/logo.png "$LAY_IMGW/plan/link.png"
sed 's|logo: logo.png|logo: ../outside/logo.png|' "$LAY_IMG/logo-png.yaml" >"$LAY_IMGW/plan/outside.yaml"
sed 's|logo: logo.png|logo: link.png|' "$LAY_IMG/logo-png.yaml" >"$LAY_IMGW/plan/symlink.yaml"
printf '%s\n' "outside.yaml:5:9: error: the image '../outside/logo.png' is outside the plan's folder; allow its folder with --allow-path" >"$LAY_IMGW/outside.err"
printf '%s\n' "symlink.yaml:5:9: error: the image 'link.png' is outside the plan's folder; allow its folder with --allow-path" >"$LAY_IMGW/symlink.err"
for p in outside symlink; do
	for l in sheet card brief; do
		REGENERATE=0 lay_refuse "$p-$l" "$LAY_IMGW/$p.err" "$LAY_IMGW/plan" "$p.yaml" \
		    --layout "$l"
		(cd "$LAY_IMGW/plan" && "$UCAPGEN" "$p.yaml" --layout "$l" \
		    --allow-path ../outside --dump layout) >"$LAY_W/allowed.out" \
		    2>"$LAY_W/allowed.err"
		check "layouts: $p image in the $l, with --allow-path: drawn" \
		    lay_has "$LAY_W/allowed.out" '  image '
		check "layouts: $p image in the $l, with --allow-path: no message" \
		    test ! -s "$LAY_W/allowed.err"
	done
done

# ---- f. --list-layouts, --page letter ----

"$UCAPGEN" --list-layouts >"$LAY_W/list" 2>&1
for l in sheet card brief; do
	check "layouts: --list-layouts names $l with a description" \
	    grep -Eq "^$l +[A-Za-z0-9].{20,}" "$LAY_W/list"
done
for l in sheet brief; do
	if lay_render "letter-$l" "$LAY_CC" --layout "$l" --page letter \
	    -o "$LAY_W/letter-$l.pdf"; then
		pages=$(pdf_pages "$LAY_W/letter-$l.pdf")
		check "layouts: --page letter: every page of the $l 612 x 792 pt" \
		    test "$(pdfinfo -f 1 -l "$pages" "$LAY_W/letter-$l.pdf" |
		    grep -c '^Page  *[0-9]* size: *612 x 792 pts (letter)$')" = "$pages"
		"$UCAPGEN" "$LAY_CC" --layout "$l" --page letter --dump layout \
		    >"$LAY_W/letter-$l.layout"
		pdftotext -raw -bbox "$LAY_W/letter-$l.pdf" "$LAY_W/letter-$l.bbox"
		check "layouts: --page letter: the $l's pages pass pagecheck" \
		    "$LAY_PY" "$LAY_PAGECHECK" --layout "$TOP/layouts/$l.xml" \
		    --words "$LAY_W/letter-$l.bbox" "$LAY_W/letter-$l.layout"
	fi
done

# ---- g. layouts/README.md and its examples ----

LAY_GUIDE=$LAY_DIR/guide
if [ "$lay_tools" = 1 ]; then
	for f in $(cd "$LAY_GUIDE" && find . -name '*.xml' | sed 's|^\./||' | sort); do
		case $f in
		poster.xml) geo=$LAY_GUIDE/poster.xml ;;
		*) geo=$TOP/layouts/sheet.xml ;;
		esac
		for yaml in "$TOP"/examples/*.yaml; do
			n=guide-$(echo "${f%.xml}" | tr / -)-$(basename "$yaml" .yaml)
			lay_render "$n" "$yaml" --layout "$LAY_GUIDE/$f" -o "$LAY_W/$n.pdf" ||
			    continue
			"$UCAPGEN" "$yaml" --layout "$LAY_GUIDE/$f" --dump layout >"$LAY_W/$n.layout"
			pdftotext -raw -bbox "$LAY_W/$n.pdf" "$LAY_W/$n.bbox"
			check "layouts: $n: pagecheck" "$LAY_PY" "$LAY_PAGECHECK" \
			    --words "$LAY_W/$n.bbox" --layout "$geo" "$LAY_W/$n.layout"
			[ "$f" = poster.xml ] &&
			    check "layouts: $n: flowcheck" "$LAY_PY" "$LAY_FLOWCHECK" \
			    --layout "$geo" --words "$LAY_W/$n.bbox" "$LAY_W/$n.layout"
		done
	done
	check "layouts: guide: our-brand/sheet.xml is on Letter paper" \
	    grep -qx 'document 612.0 x 792.0, 2 pages' \
	    <(awk 'NR == 1' "$LAY_W/guide-our-brand-sheet-changchun.layout")
	check "layouts: guide: our-brand/short.xml puts even the long plan on one page" \
	    grep -qx 'document 612.0 x 792.0, 1 pages*' "$LAY_W/guide-our-brand-short-long.layout"
	if "$LAY_PY" "$LAY_DIR/guidecheck.py" --readme "$TOP/layouts/README.md" \
	    --guide "$LAY_GUIDE" --ucapgen "$UCAPGEN" --plan "$TOP/examples/long.yaml" \
	    --work "$LAY_W/guidecheck" --errors "$LAY_DIR/bad" --errors "$LAY_DIR/plans" \
	    --errors "$TOP/tests/images" \
	    >"$LAY_W/guidecheck.out" 2>&1; then
		pass
	else
		fail "layouts: layouts/README.md: its examples (guidecheck.py)" \
		    "$(head -30 "$LAY_W/guidecheck.out")"
	fi
fi

# ---- h. Program bugs found here, fixed: regression tests ----

if [ "$lay_tools" = 1 ]; then
	# A header on the first page only: its height is kept free on that
	# page (it once was measured on page 2 only, and its rule ran
	# through the title).
	"$UCAPGEN" "$LAY_CC" --layout "$LAY_DER/header-first.xml" --dump layout >"$LAY_W/hf.layout"
	"$UCAPGEN" "$LAY_CC" --layout "$LAY_DER/header-all.xml" --dump layout >"$LAY_W/ha.layout"
	a=$(lay_first_text "$LAY_W/ha.layout" 1)
	b=$(lay_first_text "$LAY_W/hf.layout" 1)
	check "layouts: BUG header pages=\"first\": the body starts below the header as with pages=\"all\" ($a; now $b)" \
	    test "$a" = "$b"
	# A footer on the other pages only: the body stops above it there
	# (it once was measured on page 1 only).
	"$UCAPGEN" "$LAY_LONG" --layout "$LAY_DER/footer-rest.xml" --dump layout >"$LAY_W/fr.layout"
	"$UCAPGEN" "$LAY_LONG" --layout "$LAY_DER/footer-rest.xml" -o "$LAY_W/fr.pdf"
	pdftotext -raw -bbox "$LAY_W/fr.pdf" "$LAY_W/fr.bbox"
	"$LAY_PY" "$LAY_PAGECHECK" --only footer --words "$LAY_W/fr.bbox" \
	    --layout "$TOP/layouts/sheet.xml" "$LAY_W/fr.layout" |
	    grep -v 'no footer rule (other pages have one)' |
	    grep -v ' problems$' >"$LAY_W/fr.check"
	if [ -s "$LAY_W/fr.check" ]; then
		fail "layouts: BUG footer pages=\"rest\": the body ends above the footer" \
		    "$(head -6 "$LAY_W/fr.check")"
	else
		pass
	fi
	# The space after the last block of a section is kept: in the brief,
	# the subtitle (space-after 10pt) once touched the facts below it.
	awk '/^page 1$/ { on = 1; next } /^page / { on = 0 }
	    on && /"China · March 2017 – October 2017"/ { y = $3; next }
	    on && y && ($1 == "fill" || $1 == "image" || $1 == "text") {
	        print $3 - y; exit }' "$LAY_DERW/brief-cc.layout" >"$LAY_W/gap"
	check "layouts: BUG brief: 10pt (space-after) and the descent between the subtitle and the facts (now $(cat "$LAY_W/gap") pt)" \
	    awk '{ exit !($1 >= 13) }' "$LAY_W/gap"
	# A row kept together moves to the next page only if it fits there:
	# the sheet's city row with 70 partners (taller than a page) once
	# moved anyway and left page 1 with the title alone.  With 54 it
	# fits on page 2 (not after the title on page 1) and moves whole.
	mkdir -p "$LAY_W/keep"
	cp -r "$TOP/examples/images" "$LAY_W/keep/"
	for spec in 70:1:2 54:2:2; do
		n=${spec%%:*}
		want=${spec#*:}
		awk -v n="$n" '/^partners:/ { print; skip = 1
			for (i = 0; i < n; i++)
				printf "  - name: Partner city %d\n    country: Germany\n", i
			next }
		    skip && /^[a-z]/ { skip = 0 }
		    !skip' "$LAY_CC" >"$LAY_W/keep/p$n.yaml"
		"$UCAPGEN" "$LAY_W/keep/p$n.yaml" --dump layout |
		    awk -v last="Partner city $((n - 1))" '/^page / { p = $2 }
			index($0, "\"Partner city 0\"") { a = p }
			index($0, "\"" last "\"") { b = p }
			END { print a ":" b }' >"$LAY_W/keep/p$n.pages"
		check "layouts: BUG keep-together: $n partners on pages $want (now $(cat "$LAY_W/keep/p$n.pages"))" \
		    test "$(cat "$LAY_W/keep/p$n.pages")" = "$want"
	done
	# The brief's partner row: each country level with its partner's
	# name, also where a name takes two lines and where the row goes on
	# over a page break (a long name once pushed every later name a line
	# below its country).  Every third name is long enough to wrap.
	awk '/^partners:/ { print; skip = 1
		for (i = 0; i < 45; i++)
			printf "  - name: Partner%d %s\n    country: Country%d\n", i,
			    i % 3 ? "city" : "Agii Anargiri-Kamatero-Metamorfosi-Peristeri", i
		next }
	    skip && /^[a-z]/ { skip = 0 }
	    !skip' "$LAY_CC" >"$LAY_W/keep/align.yaml"
	"$UCAPGEN" "$LAY_W/keep/align.yaml" --layout brief --dump layout |
	    awk '/^page / { p = $2 }
		$1 == "text" && match($0, /"(Partner|Country)[0-9]+/) {
		    at[substr($0, RSTART + 1, RLENGTH - 1)] = p " " $3 }
		END { for (i = 0; i < 45; i++) {
			if (!(("Partner" i) in at)) { print "no name " i; continue }
			if (at["Partner" i] != at["Country" i])
			    print "partner " i " at " at["Partner" i] \
				", its country at " at["Country" i] }
		    }' >"$LAY_W/keep/align.out"
	check "layouts: BUG brief: each partner's country level with its name, over two pages ($(head -2 "$LAY_W/keep/align.out" | tr '\n' ';'))" \
	    test ! -s "$LAY_W/keep/align.out"
	# The card holds all 17 SDGs: its badges' frame shrinks (with 13 or
	# more, the card once stopped with an error at its own layout).
	# (A partner whose local name is its name is named once: "Bonn".)
	awk '/^sdgs:/ { print "sdgs: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]"; skip = 1; next }
	    /^partners:/ { print; print "  - name: Bonn\n    local-name: Bonn\n    country: Germany"; next }
	    skip && /^[a-z]/ { skip = 0 }
	    !skip' "$LAY_CC" >"$LAY_W/keep/sdg17.yaml"
	if "$UCAPGEN" "$LAY_W/keep/sdg17.yaml" --layout card --dump layout \
	    >"$LAY_W/keep/sdg17.layout" 2>"$LAY_W/keep/sdg17.err"; then
		check "layouts: the card shows 17 SDG badges, inside their frame" \
		    awk '$1 == "fill" && $4 == $5 && $4 > 30 { n++
			if ($2 < 372 || $2 + $4 > 924.1 || $3 < 146 || $3 + $5 > 312.1) bad = 1 }
			END { exit !(n == 17 && !bad) }' "$LAY_W/keep/sdg17.layout"
		check "layouts: a local name the same as the name is not repeated" \
		    lay_has "$LAY_W/keep/sdg17.layout" '"Bonn"' '!Bonn · Bonn'
	else
		fail "layouts: BUG card: a plan with all 17 SDGs" \
		    "$(head -3 "$LAY_W/keep/sdg17.err")"
	fi
	"$UCAPGEN" "$LAY_W/keep/align.yaml" --layout brief -o "$LAY_W/keep/align.pdf"
	check "layouts: the aligned partner row goes on over a page break" \
	    sh -c "pdfinfo '$LAY_W/keep/align.pdf' | grep -q '^Pages: *[2-9]'"
fi
