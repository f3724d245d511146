# The publishing tests (sourced by tests/run; see tests/lib.sh for pass,
# fail, check, golden): ucapgen's PDF, SVG and PNG read back with tools
# that are not ucapgen's, over every example (examples/*.yaml) in every
# built-in layout (sheet, brief, card).  Helpers and fixtures are in
# tests/publish/:
#
#   pdfcheck.py  reads a PDF through `qpdf --json` (the last revision, as
#                a reader sees it) and parses its content streams: the
#                structure tree as an outline of tags with each element's
#                text, /Alt and link annotations; the Info dictionary and
#                the catalog; marked content, artifacts, annotations and
#                bookmarks; and the checks named below
#   svgcheck.py  the same for an SVG (ElementTree)
#   labels.py    a layout's row labels and section titles in en.po's words
#   inorder.py   whether phrases come in a text in a given order
#   spoil.py     spoils a PDF in one way (qpdf --update-from-json), for
#                the checks of pdfcheck.py to catch
#   pngcrop.py   cuts a rectangle out of a PNG (a browser screenshot)
#   inline.py    fills the HTML fixtures (side-by-side.html, alone.html,
#                find.html) with SVG files and phrases
#   links.yaml   a plan with a long link in a paragraph, for links that
#                break across lines and pages
#   changchun-LAYOUT.tree, changchun-LAYOUT.bookmarks   golden files
#
#  1. Every example in every layout, as PDF:
#     - pdfinfo: Tagged: yes; the pages of `--dump layout`, each A4 (sheet,
#       brief) or 960 x 540 pt (card); Title "U-CAP Summary — CITY";
#       Subject the sheet's title; Keywords every theme; Author the
#       contact's name (none without one); Creator "ucapgen VERSION";
#       CreationDate and ModDate SOURCE_DATE_EPOCH (tests/run sets
#       1500000000: 2017-07-14T02:40:00Z), and as written in the Info
#       dictionary (`qpdf --show-object`): "(D:20170714024000Z)", with
#       the "D:" PDF asks for.  One revision (one %%EOF, no /Prev):
#       object streams, a cross-reference stream, no Private element
#       (the structure type cairo's PDF surface once marked decoration
#       with).
#       Keywords name the plan's SDGs too ("SDG 3").
#     - the catalog (qpdf --json): /Lang the plan's language,
#       /ViewerPreferences /DisplayDocTitle true (pdfinfo's Tagged: yes
#       is /MarkInfo /Marked true).
#     - qpdf --check: exit 0, no warning; pdffonts: every font embedded and
#       subset, none of Type 3; no font program with TrueType hinting
#       (fpgm, prep or cvt table).
#     - the structure (pdfcheck.py check): Document at the root; no
#       Private element, no empty Span, no empty element; each TR a TH
#       then TDs; L > LI > (Lbl, LBody) or (LBody); every Figure with
#       /Alt; every Link with its link annotation and the annotation's
#       /StructParent leading back to it; the parent tree agrees with the
#       tree, each marked content drawn once and in one element; nothing
#       painted outside marked content (neither artifact nor tagged);
#       headings: the first is H1, one H1, no level skipped; no
#       reference to an object the file lacks.  The H1 says
#       the sheet's title (sheet) or the city (brief, card); every TH says
#       a row label of the layout.
#     - reading order (pdfcheck.py order): the marked content of the tree,
#       depth first, is the order in which the pages draw it, page after
#       page (but for the footers' e-mail links, which the finished PDF
#       moves to the end of the Document).
#     - page headers and footers (sheet, brief): "Page N of M" and "For
#       further information…" are artifacts on every page (/Artifact
#       marked content) and not in the structure's text; the contact's
#       e-mail is a Link element with a mailto: annotation on every page
#       (the card: once).
#     - bookmarks (sheet, brief): one a row label and a section title, in
#       order, each equal to its TH or H2 and leading to its page.
#  2. Every example in every layout, as SVG: xmllint well-formed;
#     svgcheck.py check (viewBox = width and height, role="img", <title>
#     and <desc> first, aria-labelledby, every id with the document's
#     prefix "ucap-CITY-HASH-", no id twice, every reference resolved, an
#     invisible text layer of <text>); <title> the PDF's title, <desc>
#     starting with its subject, xml:lang the plan's; the same bytes from
#     two runs, from "-o -" and from a batch of every example in every
#     layout (-o DIR/, -j 4; the PDF too); each line of the text layer in the PDF's
#     text (pdftotext -raw; invisible format characters such as U+2060
#     aside); no id shared by two different plans, nor by
#     two layouts of one plan.
#     Two languages: changchun with --locale de has /Lang de, its
#     labels are German; the plan's text is marked English (/Lang en in
#     the PDF, xml:lang en in the SVG's text layer).
#  3. Golden files for examples/changchun.yaml: the structure tree of the
#     sheet, brief and card (pdfcheck.py tree) and the bookmarks of the
#     sheet and brief.
#  4. Figures: the SDG badges of the card (changchun, long) with /Alt
#     "SDG 3: Good health and well-being" and so on, one a goal of the
#     plan; a plan with a logo (tests/images/logo.png) and a photo with a
#     caption (tests/images/photo.jpg), made in $WORK: "Logo of
#     Changchun" in every layout, and the photo's /Alt its caption.
#  5. Links: tests/publish/links.yaml in the sheet and the brief, its link
#     broken across lines: each word of the link under one of its
#     annotations, the words beside it under none, one annotation a line
#     (pdfcheck.py linkwords, with Poppler's word boxes), and all of them
#     in one Link element; then with 0 to 40 extra themes until the link
#     breaks across a page: annotations on both pages, still one Link,
#     in one P spanning the two pages, the reading order kept.
#     examples/long.yaml's links, two broken across a line.
#  6. Reading order of the text: pdftotext of changchun (sheet) and the
#     structure's text have every row's label before its values, the rows
#     in the sheet's order; the paragraph of examples/long.yaml split
#     across two pages is one P, and one paragraph of the plan.
#  7. The browser (chromium, headless): changchun's and long's cards
#     inlined side by side in one HTML page, in both orders, each half of
#     the screenshot against the summary alone (tests/pngcmp: at most 0.1%
#     of the pixels differ by more than 24); a card whose ids were given
#     the other's prefix must differ (the comparison sees collisions);
#     changchun's and minimal's cards (one city, two plans) side by side;
#     the card scaled to 480 px by its viewBox against `--width 480`
#     (4x4-pixel averages, a square differing by more than 64, at most
#     0.05%); window.find of phrases of the plan finds them in the text
#     layer, not a phrase that is not there, and not the plan's phrase once
#     the text layer is taken out.  Without chromium this part is skipped
#     with a note (no pass, no fail).  On a failure the browser's picture
#     and the differing pixels stay in tests/publish/browser-NAME.out.png
#     and .diff.png (git ignores them).
#  8. The checker's teeth: tests/publish/spoil.py spoils changchun's sheet
#     and card in eleven ways through qpdf --update-from-json (rows
#     swapped, TD before TH, Lbl after LBody, a Span made Private or
#     emptied, the H1 made H2, an annotation without /StructParent, a gap
#     in the parent tree, an artifact unmarked, a Figure without /Alt, a
#     reference to an object the file lacks), and pdfcheck.py must name
#     each.
#  9. PNG: --width 800 gives 800-pixel-wide pages (1131 high for A4, 450
#     for the card), one numbered file a page; --page 2 one file, the same
#     as page 2 of the whole; --page past the end an error and no file.
#
# A failure says what is wrong.  After an intended change of the
# structure, refresh the golden files with `tests/run --regenerate
# publish` and review the diff.
#
# Needs: poppler-utils (pdfinfo, pdffonts, pdftotext), qpdf,
# libxml2-utils (xmllint), python3 (standard library only), chromium.

PB=$TOP/tests/publish
PW=$WORK/publish
PBPY=${PYTHON:-python3}
PBPNGCMP=$BUILD/tests/pngcmp
PBCHECK="$PB/pdfcheck.py"
PBSVG="$PB/svgcheck.py"
PB_LAYOUTS="sheet brief card"
PB_DATE=2017-07-14T02:40:00Z
PB_RAWDATE=D:20170714024000Z
mkdir -p "$PW"

pub_tools=1
for t in pdfinfo:poppler-utils pdffonts:poppler-utils pdftotext:poppler-utils \
    qpdf:qpdf xmllint:libxml2-utils "$PBPY":python3; do
	if ! command -v "${t%%:*}" >/dev/null 2>&1; then
		fail "publish: no ${t%%:*} (apt-get install ${t#*:})"
		pub_tools=0
	fi
done
[ -x "$PBPNGCMP" ] || { fail "publish: no $PBPNGCMP (tests/meson.build)"; pub_tools=0; }
PB_VERSION=$("$UCAPGEN" --version 2>/dev/null | awk '{ print $2 }')

# pub_plan YAML PATH: the texts of the plan (--dump xml) at a path of
# element names ("city/name", "themes/item"), one a line.
pub_plan() {
	"$UCAPGEN" "$1" --dump xml 2>/dev/null | "$PBPY" -c '
import sys
import xml.etree.ElementTree as ET
nodes = [ET.parse(sys.stdin).getroot()]
for name in sys.argv[1].split("/"):
    nodes = [c for n in nodes for c in n if c.tag.split("}")[-1] == name]
for n in nodes:
    print((n.text or "").strip())
' "$2"
}

# pub_field FILE KEY: the value of a "KEY=value" line.
pub_field() {
	sed -n "s/^$2=//p" "$1" | head -1
}

# pub_not_in FILE PHRASE...: prints the lines of FILE that hold any of
# the phrases.
pub_not_in() {
	local file=$1 p
	shift
	for p in "$@"; do
		grep -F -e "$p" "$file" | head -2
	done
}

# ---- 1. Every example in every layout, as PDF ----

pub_pdf() {
	local yaml=$1 layout=$2 name city out pages want n email cname
	name=$(basename "$yaml" .yaml)-$layout
	out=$PW/$name
	if ! "$UCAPGEN" "$yaml" -l "$layout" -o "$out.pdf" 2>"$out.err" ||
	    [ -s "$out.err" ]; then
		fail "publish: $name.pdf" "$(head -5 "$out.err")"
		return
	fi
	pass
	city=$(pub_plan "$yaml" city/name)
	email=$(pub_plan "$yaml" contact/email)
	cname=$(pub_plan "$yaml" contact/name)

	# pdfinfo
	pdfinfo -isodates "$out.pdf" >"$out.pdfinfo" 2>&1
	pages=$(sed -n 's/^Pages: *//p' "$out.pdfinfo")
	want=$("$UCAPGEN" "$yaml" -l "$layout" --dump layout 2>/dev/null |
	    grep -c '^page ')
	if [ -n "$pages" ] && [ "$pages" = "$want" ]; then
		pass
	else
		fail "publish: $name.pdf: pdfinfo's pages ($pages) are those of" \
		    "--dump layout ($want)"
	fi
	pdfinfo -f 1 -l "${pages:-1}" "$out.pdf" 2>&1 |
	    grep '^Page  *[0-9]* size:' >"$out.sizes"
	case $layout in
	card) want=' size: *960 x 540 pts$' ;;
	*) want=' size: *595.276 x 841.89 pts (A4)$' ;;
	esac
	n=$(grep -c "$want" "$out.sizes")
	if [ "$n" = "$pages" ]; then
		pass
	else
		fail "publish: $name.pdf: every page's size ($want)" \
		    "$(grep -v "$want" "$out.sizes" | head -3)"
	fi
	pub_info_is "$name" "$out.pdfinfo" Tagged "yes"
	pub_info_is "$name" "$out.pdfinfo" Title "U-CAP Summary — $city"
	pub_info_is "$name" "$out.pdfinfo" Subject \
	    "IUC Urban Cooperation Action Plan (U-CAP) Summary"
	pub_info_is "$name" "$out.pdfinfo" Creator "ucapgen $PB_VERSION"
	pub_info_is "$name" "$out.pdfinfo" CreationDate "$PB_DATE"
	pub_info_is "$name" "$out.pdfinfo" ModDate "$PB_DATE"
	if [ -n "$cname" ]; then
		pub_info_is "$name" "$out.pdfinfo" Author "$cname"
	elif grep -q '^Author:' "$out.pdfinfo"; then
		fail "publish: $name.pdf: an Author, but the plan names no" \
		    "contact" "$(grep '^Author:' "$out.pdfinfo")"
	else
		pass
	fi
	# Keywords: every theme, every SDG.
	local kw themes sdgs t missing=
	kw=$(sed -n 's/^Keywords: *//p' "$out.pdfinfo")
	themes=$(pub_plan "$yaml" themes/item)
	while IFS= read -r t; do
		[ -n "$t" ] && case $kw in *"$t"*) ;; *) missing="$missing [$t]" ;; esac
	done <<<"$themes"
	if [ -z "$missing" ]; then
		pass
	else
		fail "publish: $name.pdf: Keywords lack themes:$missing" \
		    "Keywords: $kw"
	fi
	sdgs=$(pub_plan "$yaml" sdgs/item)
	missing=
	for t in $sdgs; do
		echo "$kw" | grep -q -i -E "SDG[ -]?$t([^0-9]|\$)" ||
		    missing="$missing SDG $t"
	done
	if [ -z "$missing" ]; then
		pass
	else
		fail "publish: $name.pdf: Keywords do not name the plan's" \
		    "SDGs ($missing)" "Keywords: $kw"
	fi

	# One revision: the dates in the Info dictionary with their "D:",
	# the small objects in object streams with a cross-reference
	# stream, and no Private element.
	local info
	info=$(qpdf --show-object=trailer "$out.pdf" 2>&1 |
	    sed -n 's/.*\/Info \([0-9]*\) 0 R.*/\1/p')
	if [ -n "$info" ] && [ "$(grep -a -c '%%EOF' "$out.pdf")" = 1 ] &&
	    ! qpdf --show-object=trailer "$out.pdf" | grep -q '/Prev ' &&
	    qpdf --show-object="$info" "$out.pdf" |
	    grep -q "/CreationDate ($PB_RAWDATE) .*/ModDate ($PB_RAWDATE)"; then
		pass
	else
		fail "publish: $name.pdf: one revision whose Info says" \
		    "($PB_RAWDATE)" \
		    "$(qpdf --show-object=trailer "$out.pdf" 2>&1 | head -3)"
	fi
	if qpdf --show-xref "$out.pdf" | grep -q 'compressed; stream = ' &&
	    qpdf --show-object=trailer "$out.pdf" | grep -q '/Type /XRef' &&
	    [ "$(qpdf --qdf --object-streams=disable "$out.pdf" - |
	    grep -a -c '/Private')" = 0 ]; then
		pass
	else
		fail "publish: $name.pdf: object streams, a cross-reference" \
		    "stream and no Private element" \
		    "$(qpdf --show-xref "$out.pdf" 2>&1 | head -4)"
	fi

	# The structure, the catalog and more, through qpdf --json.
	if ! "$PBPY" "$PBCHECK" dump "$out.pdf" "$out" 2>"$out.pyerr"; then
		fail "publish: $name.pdf: pdfcheck.py" "$(tail -5 "$out.pyerr")"
		return
	fi
	local lang
	lang=$(pub_plan "$yaml" language)
	pub_field_is "$name" "$out.info" Lang "${lang:-en}"
	pub_field_is "$name" "$out.info" DisplayDocTitle true

	# qpdf --check, pdffonts
	if qpdf --check "$out.pdf" >"$out.qpdf" 2>&1 &&
	    ! grep -q -i 'warning' "$out.qpdf" &&
	    grep -q 'No syntax or stream encoding errors' "$out.qpdf"; then
		pass
	else
		fail "publish: $name.pdf: qpdf --check" "$(head -8 "$out.qpdf")"
	fi
	pdffonts "$out.pdf" >"$out.fonts" 2>&1
	if awk 'NR == 1 { e = index($0, "emb"); s = index($0, "sub"); next }
	    NR == 2 { next }
	    substr($0, e, 3) != "yes" { print "not embedded: " $0; bad = 1 }
	    substr($0, s, 3) != "yes" { print "not subset: " $0; bad = 1 }
	    /Type 3/ { print "Type 3: " $0; bad = 1 }
	    END { exit bad || NR < 3 }' "$out.fonts" >"$out.fonts.bad"; then
		pass
	else
		fail "publish: $name.pdf: every font embedded and subset, none" \
		    "of Type 3" "$(cat "$out.fonts.bad")" "$(head -6 "$out.fonts")"
	fi

	# The embedded fonts carry no TrueType hinting (fpgm, prep, cvt):
	# ucapgen draws unhinted, and the hinting made each PDF a third
	# larger (fonts/README.md, note 0).
	if [ -s "$out.fontfiles" ] &&
	    ! grep -E -q '	(.* )?(fpgm|prep|cvt )( |$)' "$out.fontfiles"; then
		pass
	else
		fail "publish: $name.pdf: embedded fonts without hinting" \
		    "$(grep -E '(fpgm|prep|cvt )' "$out.fontfiles" | head -3)"
	fi

	# The structure's invariants, kind by kind.
	local kind what
	for kind in tree:"the structure tree's shape (Document; no Private, no empty Span; TR = TH TD...; L > LI > Lbl LBody; Figure /Alt)" \
	    link:"every Link with its annotation, and back" \
	    mc:"marked content and the parent tree agree with the tree" \
	    untagged:"nothing painted outside marked content (every mark an artifact or tagged)" \
	    heading:"headings: the first H1, one H1, no level skipped"; do
		what=${kind#*:}
		kind=${kind%%:*}
		if grep -q "^$kind: " "$out.check"; then
			fail "publish: $name.pdf: $what" \
			    "$(grep "^$kind: " "$out.check" | cut -c1-300 | head -6)"
		else
			pass
		fi
	done
	if [ -s "$out.order" ]; then
		fail "publish: $name.pdf: reading order = drawing order" \
		    "$(head -3 "$out.order")"
	else
		pass
	fi

	# The H1 and the TH labels.
	local h1
	h1=$(sed -n 's/^H1\t//p' "$out.headings" | head -1)
	case $layout in
	sheet) want="IUC Urban Cooperation Action Plan (U-CAP) Summary" ;;
	*) want=$city ;;
	esac
	if [ "$h1" = "$want" ]; then
		pass
	else
		fail "publish: $name.pdf: the H1 says '$want'" "H1: '$h1'"
	fi
	"$PBPY" "$PB/labels.py" "$TOP/layouts/$layout.xml" \
	    "$TOP/layouts/catalogs/en.po" >"$out.labels"
	cut -f2 "$out.TH" | sort -u >"$out.th"
	if [ ! -s "$out.TH" ] && [ "$layout" != card ]; then
		fail "publish: $name.pdf: no TH"
	elif grep -v -x -F -f "$out.labels" "$out.th" >"$out.th.bad"; then
		fail "publish: $name.pdf: every TH says a row label of" \
		    "layouts/$layout.xml" "not labels: $(head -3 "$out.th.bad")"
	else
		pass
	fi

	# Headers and footers: artifacts on every page, not in the text.
	if [ "$layout" != card ]; then
		local p missing_pages= missing_foot=
		for p in $(seq 1 "$pages"); do
			grep -q -x "$p: Page $p of $pages" "$out.artifacts" ||
			    missing_pages="$missing_pages $p"
			grep -q "^$p: For further information" "$out.artifacts" ||
			    missing_foot="$missing_foot $p"
		done
		if [ -z "$missing_pages" ]; then
			pass
		else
			fail "publish: $name.pdf: 'Page N of $pages' an artifact" \
			    "on every page; not on:$missing_pages"
		fi
		if [ -z "$missing_foot" ]; then
			pass
		else
			fail "publish: $name.pdf: the footer's 'For further" \
			    "information…' an artifact (/Artifact BMC) on every" \
			    "page; not on:$missing_foot" \
			    "$(grep "For further" "$out.artifacts" | head -2)"
		fi
		if pub_not_in "$out.text" "For further information" \
		    "Page 1 of $pages" "U-CAP Summary — $city" >"$out.leak" &&
		    [ -s "$out.leak" ]; then
			fail "publish: $name.pdf: header or footer text in the" \
			    "structure tree" "$(head -3 "$out.leak")"
		else
			pass
		fi
	fi
	# The contact's e-mail: a live link on every page, a Link element.
	local nolink= noelem=
	for p in $(seq 1 "$pages"); do
		[ "$layout" = card ] && [ "$p" -gt 1 ] && break
		grep -q -F "$p mailto:$email " "$out.links" ||
		    nolink="$nolink $p"
		grep -q -F "Link [p$p mailto:$email]" "$out.tree" ||
		    noelem="$noelem $p"
	done
	if [ -z "$nolink$noelem" ]; then
		pass
	else
		fail "publish: $name.pdf: the contact's e-mail a Link with a" \
		    "mailto: annotation on every page" \
		    "no annotation on page(s):${nolink:- none}" \
		    "no Link element on page(s):${noelem:- none}"
	fi

	# Bookmarks: one a row label and a section title.
	if [ "$layout" != card ]; then
		"$PBPY" - "$out" >"$out.sections" <<'EOF'
import sys
# TH and H2 elements in the order of the tree: "TEXT<TAB>PAGE".
prefix = sys.argv[1]
rows = {}
for kind in ("TH", "H2"):
    for line in open("%s.%s" % (prefix, kind), encoding="utf-8"):
        pages, text = line.rstrip("\n").split("\t", 1)
        rows.setdefault(kind, []).append((text, pages.split(",")[0]))
# The tree's order: the outline lists each in turn.
order = []
for line in open(prefix + ".tree", encoding="utf-8"):
    t = line.strip().split(" ", 1)[0]
    if t in ("TH", "H2"):
        order.append(t)
last = None
for t in order:
    text, page = rows[t].pop(0)
    # A row's label is an H2 inside its TH: the two say it once.
    if text and text != last:
        print("%s\t%s" % (text, page))
    last = text
EOF
		if [ ! -s "$out.bookmarks" ]; then
			fail "publish: $name.pdf: no bookmarks"
		elif diff "$out.sections" "$out.bookmarks" >"$out.bm.diff"; then
			pass
		else
			fail "publish: $name.pdf: one bookmark a TH and an H2, its" \
			    "text, leading to its page (< tree, > bookmarks)" \
			    "$(head -10 "$out.bm.diff")"
		fi
		if cut -f1 "$out.bookmarks" | grep -v -x -F -f "$out.labels" \
		    >"$out.bm.bad"; then
			fail "publish: $name.pdf: every bookmark is a label of" \
			    "layouts/$layout.xml" "$(head -3 "$out.bm.bad")"
		else
			pass
		fi
	fi
}

# pub_info_is NAME PDFINFO-OUTPUT KEY VALUE
pub_info_is() {
	local got
	got=$(sed -n "s/^$3: *//p" "$2" | head -1)
	if [ "$got" = "$4" ]; then
		pass
	else
		fail "publish: $1.pdf: pdfinfo $3 '$4'" "got: '$got'"
	fi
}

# pub_field_is NAME FILE KEY VALUE
pub_field_is() {
	local got
	got=$(pub_field "$2" "$3")
	if [ "$got" = "$4" ]; then
		pass
	else
		fail "publish: $1.pdf: $3 '$4' (qpdf --json)" "got: '$got'"
	fi
}

# ---- 2. Every example in every layout, as SVG ----

pub_svg() {
	local yaml=$1 layout=$2 name out city slug prefix
	name=$(basename "$yaml" .yaml)-$layout
	out=$PW/$name
	if ! "$UCAPGEN" "$yaml" -l "$layout" -o "$out.svg" 2>"$out.svgerr" ||
	    [ -s "$out.svgerr" ]; then
		fail "publish: $name.svg" "$(head -5 "$out.svgerr")"
		return
	fi
	if ! xmllint --noout "$out.svg" 2>"$out.xmllint"; then
		fail "publish: $name.svg is not well-formed" \
		    "$(head -3 "$out.xmllint")"
		return
	fi
	pass
	if "$PBPY" "$PBSVG" check "$out.svg" >"$out.svgcheck" 2>&1; then
		pass
	else
		fail "publish: $name.svg: fit for a web page (viewBox, role," \
		    "title, desc, prefixed ids, references, text layer)" \
		    "$(head -8 "$out.svgcheck")"
	fi
	city=$(pub_plan "$yaml" city/name)
	slug=$(printf '%s' "$city" | tr -c -d 'A-Za-z0-9' | tr 'A-Z' 'a-z' |
	    cut -c1-12)
	prefix=$("$PBPY" "$PBSVG" prefix "$out.svg")
	echo "$prefix" >"$out.prefix"
	if echo "$prefix" | grep -q -x "ucap-$slug-[0-9a-f]\{8\}"; then
		pass
	else
		fail "publish: $name.svg: the ids' prefix is ucap-$slug-HASH" \
		    "got: '$prefix'"
	fi
	local title desc lang want
	title=$("$PBPY" "$PBSVG" title "$out.svg")
	desc=$("$PBPY" "$PBSVG" desc "$out.svg")
	lang=$("$PBPY" "$PBSVG" lang "$out.svg")
	if [ "$title" = "U-CAP Summary — $city" ] && [ -f "$out.pdfinfo" ] &&
	    [ "$title" = "$(sed -n 's/^Title: *//p' "$out.pdfinfo")" ]; then
		pass
	else
		fail "publish: $name.svg: <title> is the PDF's title" \
		    "got: '$title'"
	fi
	case $desc in
	"IUC Urban Cooperation Action Plan (U-CAP) Summary"*) pass ;;
	*) fail "publish: $name.svg: <desc> starts with the subject" \
	    "got: '$desc'" ;;
	esac
	want=$(pub_plan "$yaml" language)
	if [ "$lang" = "${want:-en}" ]; then
		pass
	else
		fail "publish: $name.svg: xml:lang is the plan's language" \
		    "got: '$lang'"
	fi
	# The same bytes again, and to standard output.
	"$UCAPGEN" "$yaml" -l "$layout" -o "$out-2.svg" 2>/dev/null
	"$UCAPGEN" "$yaml" -l "$layout" -o - -f svg >"$out-3.svg" 2>/dev/null
	if cmp -s "$out.svg" "$out-2.svg" && cmp -s "$out.svg" "$out-3.svg"; then
		pass
	else
		fail "publish: $name.svg: the same bytes from two runs and" \
		    "from -o -" "$(cmp "$out.svg" "$out-2.svg" 2>&1 | head -1)" \
		    "$(cmp "$out.svg" "$out-3.svg" 2>&1 | head -1)"
	fi
	# The text layer says what the PDF shows.
	if [ -f "$out.pdf" ]; then
		"$PBPY" "$PBSVG" text "$out.svg" >"$out.svgtext"
		pdftotext -raw "$out.pdf" "$out.raw"
		if [ ! -s "$out.svgtext" ]; then
			fail "publish: $name.svg: an empty text layer"
		elif "$PBPY" - "$out.raw" "$out.svgtext" >"$out.svgtext.bad" \
		    <<'EOF'
import re, sys, unicodedata
def norm(s):
    for a, b in (("\ufb01", "fi"), ("\ufb02", "fl"), ("\ufb00", "ff"),
                 ("\ufb03", "ffi"), ("\ufb04", "ffl")):
        s = s.replace(a, b)
    # Invisible format characters (word joiners, soft hyphens) aside.
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return re.sub(r"\s+", " ", s).strip()
pdf = norm(open(sys.argv[1], encoding="utf-8").read())
bad = [l for l in open(sys.argv[2], encoding="utf-8").read().splitlines()
       if norm(l) not in pdf]
for l in bad[:5]:
    print("not in the PDF: %r" % l)
sys.exit(1 if bad else 0)
EOF
		then
			pass
		else
			fail "publish: $name.svg: each line of the text layer is" \
			    "in the PDF's text" "$(cat "$out.svgtext.bad")"
		fi
	fi
}

if [ "$pub_tools" = 1 ]; then
	for yaml in "$TOP"/examples/*.yaml; do
		for layout in $PB_LAYOUTS; do
			pub_pdf "$yaml" "$layout"
			pub_svg "$yaml" "$layout"
		done
	done

	# No id shared by two plans, nor by two layouts of one plan.
	for a in "$PW"/*.svg; do
		case $a in *-2.svg|*-3.svg) continue ;; esac
		"$PBPY" "$PBSVG" ids "$a" | sort >"${a%.svg}.ids"
	done
	pub_clash=
	for a in "$PW"/*.ids; do
		for b in "$PW"/*.ids; do
			[ "$a" \< "$b" ] || continue
			n=$(comm -12 "$a" "$b" | wc -l)
			[ "$n" -gt 0 ] && pub_clash="$pub_clash
$(basename "${a%.ids}").svg and $(basename "${b%.ids}").svg: $n ids ($(comm -12 "$a" "$b" | head -1), ...)"
		done
	done
	if [ -z "$pub_clash" ]; then
		pass
	else
		fail "publish: SVG ids: two summaries share ids (they would" \
		    "collide inlined in one page)$pub_clash"
	fi
fi

# The same bytes from a batch (-o DIR/, several plans and layouts at a
# time), when this ucapgen has batches.
if [ "$pub_tools" = 1 ] && "$UCAPGEN" --help 2>&1 | grep -q -- '--jobs'; then
	mkdir -p "$PW/batch"
	if "$UCAPGEN" "$TOP"/examples/*.yaml -l sheet,brief,card -o "$PW/batch/" \
	    --format pdf,svg -j 4 >"$PW/batch.out" 2>&1; then
		pub_differ=
		for f in "$PW"/*-sheet.svg "$PW"/*-brief.svg "$PW"/*-card.svg; do
			for ext in svg pdf; do
				g=${f%.svg}.$ext
				cmp -s "$g" "$PW/batch/$(basename "$g")" ||
				    pub_differ="$pub_differ $(basename "$g")"
			done
		done
		if [ -z "$pub_differ" ]; then
			pass
		else
			fail "publish: a batch (-o DIR/ -j 4) gives the same bytes" \
			    "as one plan alone; not:$pub_differ"
		fi
	else
		fail "publish: a batch of the examples (-o DIR/)" \
		    "$(tail -5 "$PW/batch.out")"
	fi
elif [ "$pub_tools" = 1 ]; then
	echo "NOTE: publish: this ucapgen has no batches (--jobs): batch" \
	    "against alone not compared"
fi

# Two languages: the sheet's words in German (--locale de), the plan's
# text in English (its language: en).  The document's language is the
# locale's; the plan's text says it is English.
if [ "$pub_tools" = 1 ] && [ -f "$TOP/layouts/catalogs/de.po" ]; then
	LG=$PW/de
	PB_FOCUS="Changchun - Manchuria - Germany international block train"
	if "$UCAPGEN" "$TOP/examples/changchun.yaml" --locale de -o "$LG.pdf" \
	    2>"$LG.err" &&
	    "$UCAPGEN" "$TOP/examples/changchun.yaml" --locale de -o "$LG.svg" \
	    2>>"$LG.err"; then
		"$PBPY" "$PBCHECK" info "$LG.pdf" >"$LG.info" 2>&1
		pub_field_is "changchun --locale de" "$LG.info" Lang de
		label=$("$PBPY" "$PB/labels.py" "$TOP/layouts/sheet.xml" \
		    "$TOP/layouts/catalogs/de.po" | sed -n 1p)
		got=$("$PBPY" "$PBCHECK" lang-of "$LG.pdf" "$label" 2>&1)
		if [ "$got" = de ]; then
			pass
		else
			fail "publish: changchun --locale de: the label '$label'" \
			    "is German (/Lang de)" "got: $got"
		fi
		got=$("$PBPY" "$PBCHECK" lang-of "$LG.pdf" "$PB_FOCUS" 2>&1)
		if [ "$got" = en ]; then
			pass
		else
			fail "publish: changchun --locale de: the plan's English" \
			    "text is marked English (/Lang en on it or a parent)" \
			    "'$PB_FOCUS…': /Lang $got"
		fi
		got=$("$PBPY" "$PBSVG" lang-of "$LG.svg" "$PB_FOCUS" 2>&1)
		if [ "$got" = en ]; then
			pass
		else
			fail "publish: changchun --locale de (SVG): the plan's" \
			    "English text is marked English (xml:lang en)" \
			    "'$PB_FOCUS…': xml:lang $got"
		fi
	else
		fail "publish: changchun --locale de" "$(head -3 "$LG.err")"
	fi
fi

# ---- 3. Golden files: changchun's structure and bookmarks ----

if [ "$pub_tools" = 1 ]; then
	for layout in $PB_LAYOUTS; do
		f=$PW/changchun-$layout
		[ -f "$f.tree" ] || continue
		golden "publish: changchun-$layout.pdf: the structure tree" \
		    "$PB/changchun-$layout.tree" "$f.tree"
		[ "$layout" = card ] && continue
		golden "publish: changchun-$layout.pdf: the bookmarks" \
		    "$PB/changchun-$layout.bookmarks" "$f.bookmarks"
	done
fi

# ---- 4. Figures: SDG badges, a logo, a photo ----

# pub_figures NAME FILE EXPECTED...: the Figures' /Alt texts, in order.
pub_figures() {
	local name=$1 file=$2
	shift 2
	printf '%s\n' "$@" >"$file.want"
	cut -f2 "$file" >"$file.got"
	if diff "$file.want" "$file.got" >"$file.diff"; then
		pass
	else
		fail "publish: $name: the Figures' /Alt (< expected, > got)" \
		    "$(head -12 "$file.diff")"
	fi
}

if [ "$pub_tools" = 1 ]; then
	[ -f "$PW/changchun-card.figures" ] &&
	    pub_figures changchun-card.pdf "$PW/changchun-card.figures" \
		"SDG 3: Good health and well-being" \
		"SDG 4: Quality education" \
		"SDG 9: Industry, innovation and infrastructure"
	[ -f "$PW/long-card.figures" ] &&
	    pub_figures long-card.pdf "$PW/long-card.figures" \
		"Logo of Harbin" \
		"SDG 6: Clean water and sanitation" \
		"SDG 7: Affordable and clean energy" \
		"SDG 8: Decent work and economic growth" \
		"SDG 9: Industry, innovation and infrastructure" \
		"SDG 11: Sustainable cities and communities" \
		"SDG 13: Climate action" \
		"SDG 17: Partnerships for the goals"
	[ -f "$PW/long-sheet.figures" ] &&
	    pub_figures long-sheet.pdf "$PW/long-sheet.figures" "Logo of Harbin"

	# A plan with a logo and a photo, beside its images.
	IMG=$PW/images
	mkdir -p "$IMG"
	cp "$TOP/tests/images/logo.png" "$TOP/tests/images/photo.jpg" "$IMG/"
	cat >"$IMG/pictures.yaml" <<'EOF'
city:
  name: Changchun
  country: China
  logo: logo.png
partners:
  - name: Mannheim
    country: Germany
period:
  start: 2017-03
  end: 2017-10
themes:
  - Culture, Tourism, Education
sdgs: [3, 4, 9]
photo:
  file: photo.jpg
  caption: The Jingyue lake in autumn
  credit: A. Photographer
contact:
  name: IUC Asia office
  email: IUC-ASIA_office@iuc-asia.eu
EOF
	for layout in $PB_LAYOUTS; do
		f=$IMG/pictures-$layout
		if ! "$UCAPGEN" "$IMG/pictures.yaml" -l "$layout" -o "$f.pdf" \
		    2>"$f.err" || [ -s "$f.err" ] ||
		    ! "$PBPY" "$PBCHECK" dump "$f.pdf" "$f" 2>>"$f.err"; then
			fail "publish: pictures-$layout.pdf" "$(head -5 "$f.err")"
			continue
		fi
		case $layout in
		sheet) pub_figures "pictures-sheet.pdf (logo)" "$f.figures" \
		    "Logo of Changchun" ;;
		brief) pub_figures "pictures-brief.pdf (logo, photo)" \
		    "$f.figures" "Logo of Changchun" \
		    "The Jingyue lake in autumn" ;;
		card) pub_figures "pictures-card.pdf (logo, badges)" \
		    "$f.figures" "Logo of Changchun" \
		    "SDG 3: Good health and well-being" \
		    "SDG 4: Quality education" \
		    "SDG 9: Industry, innovation and infrastructure" ;;
		esac
		if grep -q '^\(tree\|link\|mc\): ' "$f.check" || [ -s "$f.order" ]
		then
			fail "publish: pictures-$layout.pdf: structure" \
			    "$(grep '^\(tree\|link\|mc\): ' "$f.check" | head -5)" \
			    "$(head -2 "$f.order")"
		else
			pass
		fi
		pub_info_is "pictures-$layout" <(pdfinfo "$f.pdf" 2>&1) Author \
		    "IUC Asia office"
	done
fi

# ---- 5. Links across lines and pages ----

PB_URI=https://example.org/ucap/changchun/block-train-report
PB_LINKTEXT="the joint report of the partner cities on the block train between Changchun and Germany, with its annexes on customs, logistics and the products of the Changchun area that the train carries to the European market"

if [ "$pub_tools" = 1 ]; then
	LW=$PW/links
	mkdir -p "$LW"
	for layout in sheet brief; do
		f=$LW/links-$layout
		if ! "$UCAPGEN" "$PB/links.yaml" -l "$layout" -o "$f.pdf" \
		    2>"$f.err" || [ -s "$f.err" ]; then
			fail "publish: links.yaml ($layout)" "$(head -5 "$f.err")"
			continue
		fi
		if "$PBPY" "$PBCHECK" linkwords "$f.pdf" "$PB_URI" \
		    "$PB_LINKTEXT" >"$f.lw" 2>&1 &&
		    grep -q 'page [0-9]*: [2-9][0-9]* lines' "$f.lw"; then
			pass
		else
			fail "publish: links.yaml ($layout): a link broken across" \
			    "lines is one annotation a line, over its words only" \
			    "$(head -6 "$f.lw")"
		fi
		"$PBPY" "$PBCHECK" dump "$f.pdf" "$f" 2>/dev/null
		if grep -q '^link: ' "$f.check" ||
		    [ "$(grep -c "Link \[p[0-9]* $PB_URI\]" "$f.tree")" != 1 ] ||
		    [ "$(grep "Link \[p[0-9]* $PB_URI\]" "$f.tree" |
		    grep -o "\[p[0-9]* $PB_URI\]" | wc -l)" -lt 2 ]
		then
			fail "publish: links.yaml ($layout): the link is one Link" \
			    "element holding the annotations of all its lines" \
			    "$(grep '^link: ' "$f.check" | head -3)" \
			    "$(grep "Link \[p[0-9]* $PB_URI\]" "$f.tree" | cut -c1-120)"
		else
			pass
		fi
	done

	# Extra themes push the link down line by line, until it breaks
	# across a page.
	pub_found=
	for n in $(seq 0 40); do
		f=$LW/pagebreak-$n
		awk -v n="$n" '{ print }
		    /^themes:/ { for (i = 0; i < n; i++)
			printf "  - Extra theme %d\n", i }' \
		    "$PB/links.yaml" >"$f.yaml"
		"$UCAPGEN" "$f.yaml" -o "$f.pdf" 2>/dev/null || continue
		"$PBPY" "$PBCHECK" links "$f.pdf" >"$f.links" 2>/dev/null
		if [ "$(grep -F " $PB_URI " "$f.links" | cut -d' ' -f1 |
		    sort -u | wc -l)" -ge 2 ]; then
			pub_found=$f
			break
		fi
	done
	if [ -z "$pub_found" ]; then
		fail "publish: links.yaml with 0 to 40 extra themes: the link" \
		    "never breaks across a page"
	else
		f=$pub_found
		pass
		if "$PBPY" "$PBCHECK" linkwords "$f.pdf" "$PB_URI" \
		    "$PB_LINKTEXT" >"$f.lw" 2>&1; then
			pass
		else
			fail "publish: $(basename "$f").yaml: a link broken across a" \
			    "page: annotations over its words on both pages" \
			    "$(head -6 "$f.lw")"
		fi
		"$PBPY" "$PBCHECK" dump "$f.pdf" "$f" 2>/dev/null
		if grep -F "$(echo "$PB_LINKTEXT" | cut -c1-40)" "$f.P" |
		    grep -q '^[0-9]*,[0-9]*	'; then
			pass
		else
			fail "publish: $(basename "$f").yaml: the paragraph with" \
			    "the link, across two pages, is one P" \
			    "$(grep -F 'joint report' "$f.P" | cut -c1-100)"
		fi
		if grep -q '^\(tree\|link\|mc\): ' "$f.check" || [ -s "$f.order" ]
		then
			fail "publish: $(basename "$f").yaml: structure and order" \
			    "$(grep '^\(tree\|link\|mc\): ' "$f.check" | head -5)" \
			    "$(head -2 "$f.order")"
		else
			pass
		fi
		pub_link=$(grep "Link \[p[0-9]* $PB_URI\]" "$f.tree")
		if [ "$(printf '%s\n' "$pub_link" | grep -c .)" = 1 ] &&
		    [ "$(printf '%s\n' "$pub_link" | grep -o "\[p[0-9]* " | sort -u |
		    wc -l)" -ge 2 ]; then
			pass
		else
			fail "publish: $(basename "$f").yaml: the link across a page" \
			    "is one Link element with annotations on both pages" \
			    "$(printf '%s\n' "$pub_link" | cut -c1-160)"
		fi
	fi

	# examples/long.yaml: a URL broken across a line, a link's text.
	if [ -f "$PW/long-sheet.pdf" ]; then
		for spec in "https://europa.eu/regions-and-cities|https://europa.eu/regions-and-cities" \
		    "https://www.iuc-asia.eu/china/harbin|IUC Asia website"; do
			if "$PBPY" "$PBCHECK" linkwords "$PW/long-sheet.pdf" \
			    "${spec%%|*}" "${spec#*|}" >"$PW/long.lw" 2>&1; then
				pass
			else
				fail "publish: long-sheet.pdf: the link" \
				    "'${spec#*|}' under its annotations" \
				    "$(head -5 "$PW/long.lw")"
			fi
		done
	fi
	# A line that ends with an underlined word keeps its space: the
	# paragraph's text reads "project 1 above", not "project 1above".
	if [ -f "$PW/long-sheet.pdf" ]; then
		"$PBPY" "$PBCHECK" elements "$PW/long-sheet.pdf" P \
		    >"$PW/long.elP" 2>&1
		pdftotext "$PW/long-sheet.pdf" "$PW/long.lines" 2>&1
		if ! grep -q "see pilot project 1\$" "$PW/long.lines"; then
			fail "publish: long-sheet.pdf: no line ends with 'pilot project 1' any more: choose another underlined word at a line's end"
		elif grep -qF "see pilot project 1 above." "$PW/long.elP"; then
			pass
		else
			fail "publish: long-sheet.pdf: the space after an underlined word at a line's end" \
			    "$(grep -o 'see pilot project 1.\{0,12\}' "$PW/long.elP")"
		fi
	fi
fi

# ---- 6. Reading order of the text ----

if [ "$pub_tools" = 1 ] && [ -f "$PW/changchun-sheet.pdf" ]; then
	pdftotext "$PW/changchun-sheet.pdf" "$PW/changchun-sheet.txt"
	PB_ORDER=("City" "Changchun" "Málaga" "Province, state, department" \
	    "Jilin" "Andalusia" "Country" "China" "Spain" "Population" \
	    "7.7 million" "Size" "478.7 km²" "Period of cooperation" \
	    "March 2017 – October 2017" "Cooperation themes" \
	    "Automotive & electronics" "Related SDGs and Urban Agenda topics" \
	    "SDG 3: Good health and well-being" "Digital Transition" \
	    "Key focus of cooperation themes" "Economic and trade exchanges" \
	    "Key challenges of cooperation themes" \
	    "Sharing best practices, pilot projects" \
	    "Main objectives of cooperation as described in the U-CAP" \
	    "Facilitate and launch concrete cooperation projects" \
	    "Short description of main activities and key outputs" \
	    "IUC Project Launch Event" "Start-Up Workshop" \
	    "Expected results and benefits" \
	    "Current situation to be analysed")
	for src in changchun-sheet.txt:pdftotext changchun-sheet.text:"the structure's text"; do
		if "$PBPY" "$PB/inorder.py" "$PW/${src%%:*}" "${PB_ORDER[@]}" \
		    >"$PW/inorder.out" 2>&1; then
			pass
		else
			fail "publish: changchun-sheet.pdf: ${src#*:}: each label" \
			    "before its values, the rows in order" \
			    "$(cat "$PW/inorder.out")"
		fi
	done
fi
if [ "$pub_tools" = 1 ] && [ -f "$PW/long-sheet.P" ]; then
	# The paragraph split across pages is one P, one paragraph of the plan.
	grep '^[0-9]*,[0-9]' "$PW/long-sheet.P" >"$PW/long-split" || true
	"$UCAPGEN" "$TOP/examples/long.yaml" --dump xml >"$PW/long.xml" 2>/dev/null
	if [ ! -s "$PW/long-split" ]; then
		fail "publish: long-sheet.pdf: no P spans two pages (the example" \
		    "should split a paragraph across pages)"
	elif "$PBPY" - "$PW/long-split" "$PW/long.xml" >"$PW/long-split.bad" \
	    <<'EOF'
import re, sys
import xml.etree.ElementTree as ET
def norm(s):
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"(\*\*|__|\*)", "", s)
    return re.sub(r"\s+", " ", s).strip()
# The paragraphs of each text (split before spaces are made one).
paras = [norm(p) for e in ET.parse(sys.argv[2]).iter()
         for p in re.split(r"\n\s*\n", e.text or "")]
bad = 0
for line in open(sys.argv[1], encoding="utf-8"):
    pages, text = line.rstrip("\n").split("\t", 1)
    if not any(norm(text) == p for p in paras):
        print("pages %s: %r is not one paragraph of the plan" %
              (pages, text[:80]))
        bad = 1
sys.exit(bad)
EOF
	then
		pass
	else
		fail "publish: long-sheet.pdf: a paragraph across two pages is" \
		    "one P holding the whole paragraph" \
		    "$(head -3 "$PW/long-split.bad")"
	fi
fi

# ---- 7. The browser ----

PB_CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser ||
    command -v google-chrome || true)}

# pub_chromium MODE ARG URL: a headless run; MODE screenshot (ARG: the
# PNG, then WxH) or dom.
pub_chromium() {
	local mode=$1 png=$2 size=$3 url=$4
	local opts=(--headless --no-sandbox --disable-gpu --disable-quic
	    --no-first-run --disable-background-networking
	    --disable-component-update --disable-sync --hide-scrollbars
	    --force-device-scale-factor=1 --user-data-dir="$WORK/chrome")
	if [ "$mode" = screenshot ]; then
		timeout 120 "$PB_CHROMIUM" "${opts[@]}" --screenshot="$png" \
		    --window-size="$size" "$url" >/dev/null 2>&1
	else
		timeout 120 "$PB_CHROMIUM" "${opts[@]}" --dump-dom "$url" \
		    2>/dev/null
	fi
}

# pub_shot NAME HTML WxH: a screenshot of a page; prints its file.
pub_shot() {
	rm -f "$BW/$1.png"
	pub_chromium screenshot "$BW/$1.png" "$3" "file://$2"
	[ -s "$BW/$1.png" ] || { fail "publish: chromium made no screenshot of $1"; return 1; }
}

# pub_same NAME REF OUT [PNGCMP-OPTIONS]: the pictures match.  If not,
# tests/publish/browser-OUT.out.png (OUT) and .diff.png (the differing
# pixels in red on REF) stay for a look (git ignores them).
pub_same() {
	local name=$1 ref=$2 out=$3 keep
	shift 3
	keep=$PB/browser-$(basename "${out%.png}")
	if "$PBPNGCMP" "$@" -s "$keep" "$ref" "$out" >"$BW/cmp" 2>&1; then
		pass
		rm -f "$keep.out.png" "$keep.diff.png"
	else
		fail "publish: $name" "$(cat "$BW/cmp")"
	fi
}

if [ "$pub_tools" = 1 ] && [ -z "$PB_CHROMIUM" ]; then
	echo "NOTE: publish: no chromium (apt-get install chromium): the" \
	    "browser tests are skipped"
elif [ "$pub_tools" = 1 ] && [ -f "$PW/changchun-card.svg" ] &&
    [ -f "$PW/long-card.svg" ] && [ -f "$PW/minimal-card.svg" ]; then
	BW=$PW/browser
	mkdir -p "$BW"
	PB_SA=$PW/changchun-card.svg
	PB_SB=$PW/long-card.svg
	"$PBPY" "$PB/inline.py" "$PB/alone.html" "$BW/a.html" "$PB_SA"
	"$PBPY" "$PB/inline.py" "$PB/alone.html" "$BW/b.html" "$PB_SB"
	"$PBPY" "$PB/inline.py" "$PB/side-by-side.html" "$BW/ab.html" "$PB_SA" "$PB_SB"
	"$PBPY" "$PB/inline.py" "$PB/side-by-side.html" "$BW/ba.html" "$PB_SB" "$PB_SA"
	if pub_shot a "$BW/a.html" 480,270 && pub_shot b "$BW/b.html" 480,270 &&
	    pub_shot ab "$BW/ab.html" 960,270 && pub_shot ba "$BW/ba.html" 960,270
	then
		for shot in ab ba; do
			"$PBPY" "$PB/pngcrop.py" "$BW/$shot.png" 0 0 480 270 \
			    "$BW/$shot-left.png"
			"$PBPY" "$PB/pngcrop.py" "$BW/$shot.png" 480 0 480 270 \
			    "$BW/$shot-right.png"
		done
		pub_same "browser: changchun's card beside long's (left) looks as alone" \
		    "$BW/a.png" "$BW/ab-left.png" -t 24 -p 0.1
		pub_same "browser: long's card after changchun's (right) looks as alone" \
		    "$BW/b.png" "$BW/ab-right.png" -t 24 -p 0.1
		pub_same "browser: long's card before changchun's (left) looks as alone" \
		    "$BW/b.png" "$BW/ba-left.png" -t 24 -p 0.1
		pub_same "browser: changchun's card after long's (right) looks as alone" \
		    "$BW/a.png" "$BW/ba-right.png" -t 24 -p 0.1

		# The comparison sees a collision: long's card with changchun's
		# prefix, after changchun's.
		pa=$("$PBPY" "$PBSVG" prefix "$PB_SA")
		pb=$("$PBPY" "$PBSVG" prefix "$PB_SB")
		sed "s/$pb/$pa/g" "$PB_SB" >"$BW/clash.svg"
		"$PBPY" "$PB/inline.py" "$PB/side-by-side.html" "$BW/clash.html" \
		    "$PB_SA" "$BW/clash.svg"
		if pub_shot clash "$BW/clash.html" 960,270; then
			"$PBPY" "$PB/pngcrop.py" "$BW/clash.png" 480 0 480 270 \
			    "$BW/clash-right.png"
			if "$PBPNGCMP" -t 24 -p 0.1 "$BW/b.png" "$BW/clash-right.png" \
			    >"$BW/cmp" 2>&1; then
				fail "publish: browser: ids made to collide, yet the" \
				    "screenshots match: the comparison sees nothing" \
				    "$(cat "$BW/cmp")"
			else
				pass
			fi
		fi

		# Two plans of one city (changchun, minimal) side by side.
		PB_SM=$PW/minimal-card.svg
		"$PBPY" "$PB/inline.py" "$PB/alone.html" "$BW/m.html" "$PB_SM"
		"$PBPY" "$PB/inline.py" "$PB/side-by-side.html" "$BW/am.html" \
		    "$PB_SA" "$PB_SM"
		if pub_shot m "$BW/m.html" 480,270 && pub_shot am "$BW/am.html" 960,270
		then
			"$PBPY" "$PB/pngcrop.py" "$BW/am.png" 480 0 480 270 "$BW/am-right.png"
			pub_same "browser: minimal's card after changchun's (one city, two plans) looks as alone" \
			    "$BW/m.png" "$BW/am-right.png" -t 24 -p 0.1
		fi

		# The viewBox scales the card: the browser's picture at 480 px
		# against ucapgen's PNG of that width.
		if "$UCAPGEN" "$TOP/examples/changchun.yaml" -l card --width 480 \
		    -o "$BW/cairo-480.png" 2>/dev/null; then
			pub_same "browser: changchun's card scaled to 480 px (viewBox) looks as ucapgen's --width 480 PNG" \
			    "$BW/cairo-480.png" "$BW/a.png" -b 4 -t 64 -p 0.05
		else
			fail "publish: ucapgen --width 480 (card)"
		fi
	fi

	# window.find over the text layer.
	"$PBPY" "$PB/inline.py" "$PB/find.html" "$BW/find.html" "$PB_SA" -- \
	    "launch concrete cooperation projects" "Agii Anargiri-Kamatero" \
	    "March 2017 – October 2017" "长春" "not a phrase of this plan"
	pub_chromium dom "" "" "file://$BW/find.html" >"$BW/find.dom"
	grep -o '<li class="verdict">[^<]*' "$BW/find.dom" |
	    sed 's/.*>//' >"$BW/find.got"
	printf '%s\n' "1: found text-layer" "2: found text-layer" \
	    "3: found text-layer" "4: found text-layer" "5: missing" \
	    >"$BW/find.want"
	if diff "$BW/find.want" "$BW/find.got" >"$BW/find.diff"; then
		pass
	else
		fail "publish: browser: window.find finds the plan's phrases in" \
		    "the SVG's text layer (< expected, > got)" \
		    "$(head -10 "$BW/find.diff")"
	fi
	# ... and only thanks to the text layer.
	"$PBPY" - "$PB_SA" "$BW/nolayer.svg" <<'EOF'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r'<g [^>]*class="ucapgen-text".*?</g>', "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
EOF
	"$PBPY" "$PB/inline.py" "$PB/find.html" "$BW/find2.html" \
	    "$BW/nolayer.svg" -- "launch concrete cooperation projects"
	pub_chromium dom "" "" "file://$BW/find2.html" >"$BW/find2.dom"
	if grep -q '<li class="verdict">1: missing' "$BW/find2.dom"; then
		pass
	else
		fail "publish: browser: without its text layer the SVG's words" \
		    "are not found (else the find test proves nothing)" \
		    "$(grep -o '<li class="verdict">[^<]*' "$BW/find2.dom")"
	fi
elif [ "$pub_tools" = 1 ]; then
	fail "publish: browser: no card SVG of changchun, long and minimal to" \
	    "put in a page (their renders failed above)"
fi

# ---- 8. pdfcheck.py sees each kind of fault ----

if [ "$pub_tools" = 1 ] && [ -f "$PW/changchun-sheet.pdf" ] &&
    [ -f "$PW/changchun-card.pdf" ]; then
	SP=$PW/spoiled
	mkdir -p "$SP"
	for spec in swap-rows:sheet:order td-first:sheet:tree \
	    lbl-last:sheet:tree private:sheet:tree empty-span:sheet:tree \
	    h2-first:card:heading unlinked:card:link parent-tree:card:mc \
	    unmarked:card:untagged no-alt:card:tree dangling:sheet:refs; do
		kind=${spec%%:*}
		from=${spec#*:}
		from=${from%%:*}
		want=${spec##*:}
		f=$SP/$kind
		if ! "$PBPY" "$PB/spoil.py" "$kind" "$PW/changchun-$from.pdf" \
		    "$f.pdf" >"$f.err" 2>&1; then
			fail "publish: spoil.py $kind" "$(tail -3 "$f.err")"
			continue
		fi
		"$PBPY" "$PBCHECK" check "$f.pdf" >"$f.out" 2>&1
		"$PBPY" "$PBCHECK" order "$f.pdf" >>"$f.out" 2>&1
		# What the unspoiled PDF already says does not count.
		cat "$PW/changchun-$from.check" "$PW/changchun-$from.order" |
		    grep -v -x -F -f - "$f.out" >"$f.new"
		if grep -q "^$want: " "$f.new"; then
			pass
		else
			fail "publish: pdfcheck.py misses a $kind fault (no" \
			    "'$want:' problem)" "$(head -5 "$f.new")"
		fi
	done

fi

# ---- 9. PNG ----

if [ "$pub_tools" = 1 ]; then
	PNW=$PW/png
	mkdir -p "$PNW/all" "$PNW/one" "$PNW/card"
	PB_CC=$TOP/examples/changchun.yaml
	ccpages=$(sed -n 's/^Pages: *//p' "$PW/changchun-sheet.pdfinfo" 2>/dev/null)
	ccpages=${ccpages:-2}
	if "$UCAPGEN" "$PB_CC" --width 800 -o "$PNW/all/cc.png" 2>"$PNW/err"; then
		want=$(seq 1 "$ccpages" | sed 's/^/cc-/; s/$/.png/')
		got=$(ls "$PNW/all")
		if [ "$want" = "$got" ]; then
			pass
		else
			fail "publish: --width 800: one numbered file a page" \
			    "($ccpages pages)" "made: $(echo $got)"
		fi
		for f in "$PNW"/all/cc-*.png; do
			size=$("$PBPNGCMP" --size "$f" 2>&1)
			if [ "$size" = "800 1131" ]; then
				pass
			else
				fail "publish: --width 800: $(basename "$f") is 800x1131" \
				    "got: $size"
			fi
		done
	else
		fail "publish: --width 800" "$(head -3 "$PNW/err")"
	fi
	if "$UCAPGEN" "$PB_CC" --width 800 --page 2 -o "$PNW/one/p2.png" \
	    2>"$PNW/err" && [ "$(ls "$PNW/one")" = p2.png ] &&
	    "$PBPNGCMP" "$PNW/all/cc-2.png" "$PNW/one/p2.png" >"$PNW/cmp" 2>&1
	then
		pass
	else
		fail "publish: --page 2: one file, page 2 of the whole" \
		    "made: $(ls "$PNW/one" | tr '\n' ' ')" "$(cat "$PNW/err" \
		    "$PNW/cmp" 2>/dev/null | head -3)"
	fi
	if "$UCAPGEN" "$PB_CC" -l card --width 800 -o "$PNW/card/card.png" \
	    2>"$PNW/err" && [ "$(ls "$PNW/card")" = card.png ] &&
	    [ "$("$PBPNGCMP" --size "$PNW/card/card.png" 2>&1)" = "800 450" ]
	then
		pass
	else
		fail "publish: card --width 800: one file of 800x450" \
		    "made: $(ls "$PNW/card" | tr '\n' ' ')" "$(head -3 "$PNW/err")"
	fi
	mkdir -p "$PNW/past"
	status_is "publish: --page $((ccpages + 1)) of $ccpages pages: an error" \
	    1 "$UCAPGEN" "$PB_CC" --page $((ccpages + 1)) -o "$PNW/past/x.png"
	if [ -z "$(ls "$PNW/past")" ]; then
		pass
	else
		fail "publish: --page past the end leaves no file" \
		    "made: $(ls "$PNW/past" | tr '\n' ' ')"
	fi
fi
