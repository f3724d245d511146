# fill suite: paragraphs set by gen/fill.c, which shapes each word once,
# must come out as PangoLayout sets them: the same line breaks, runs,
# glyphs, places and line boxes (tests/fill-test.c compares them).  The
# paragraphs: every text of the examples and every translation of the
# catalogs, and the hard cases below, each in several styles and widths,
# in English and in Chinese.
# fill.c must also set most of them itself, or it saves nothing.  The
# pieces are also written as a PDF (gen/pdf.c, gen/pdffont.c), which
# must be sound and give their words back.

FILL_TEST=$BUILD/tests/fill-test
FILL_FONTS=$TOP/fonts

# fill_run NAME CORPUS MIN% [LANG]: no difference, and fill.c sets MIN%
# at least, with the text in LANG (default en).  The PDF of one piece a
# paragraph (fill-test writes it with gen/pdf.c) must be sound, with
# every font embedded and the text there to be read.
fill_run() {
	local name=$1 corpus=$2 min=$3 lang=${4:-en} out=$WORK/fill-$1.out last
	local pdf=$WORK/fill-$1.pdf
	if ! "$FILL_TEST" "$FILL_FONTS" "$lang" "$pdf" <"$corpus" >"$out" 2>&1
	then
		fail "fill: $name: fill.c and PangoLayout differ" \
		    "$(head -30 "$out")"
		return
	fi
	pass
	if qpdf --check "$pdf" >"$pdf.qpdf" 2>&1 &&
	    ! grep -qi warning "$pdf.qpdf" &&
	    pdffonts "$pdf" | awk 'NR > 2 && $(NF - 4) != "yes" { bad = 1 }
	    END { exit bad || NR < 3 }' &&
	    [ "$(pdftotext "$pdf" - 2>/dev/null | wc -w)" -ge \
	    "$(wc -l <"$corpus")" ]; then
		pass
	else
		fail "fill: $name: the PDF of its pieces" "$(head -5 "$pdf.qpdf")"
	fi
	last=$(tail -n 1 "$out")
	echo "$last" | awk -v min="$min" '
	    { if ($1 == 0 || $3 * 100 < $1 * min) exit 1 }' &&
		pass || fail "fill: $name: fill.c sets under $min% of the pieces" "$last"
}

if [ ! -x "$FILL_TEST" ]; then
	fail "fill: no $FILL_TEST (tests/meson.build builds it)"
else
	python3 "$TOP/tests/fill-corpus.py" "$UCAPGEN" "$TOP"/examples/*.yaml \
	    "$TOP"/layouts/catalogs/*.po >"$WORK/fill.corpus"
	if [ "$(wc -l <"$WORK/fill.corpus")" -lt 500 ]; then
		fail "fill: the corpus of texts is too short" \
		    "$(wc -l <"$WORK/fill.corpus") lines"
	else
		fill_run texts "$WORK/fill.corpus" 85
		# In Chinese, Pango chooses other fonts and baselines.
		fill_run texts-zh "$WORK/fill.corpus" 80 zh
		# Their words in other orders: lines end at other words.
		python3 "$TOP/tests/fill-corpus.py" --mix 300 \
		    <"$WORK/fill.corpus" >"$WORK/fill.mixed"
		fill_run mixed "$WORK/fill.mixed" 30
	fi

	# Breaks after hyphens, in addresses, inside long words, at soft
	# hyphens; runs of spaces, spaces at either end, no-break spaces and
	# word joiners; Chinese with Latin (another baseline), Greek,
	# symbols from the fallback fonts; inline markup across words.
	cat >"$WORK/fill.hard" <<'HARD'
Agii Anargiri-Kamatero and Mannheim share e-mobility know-how across the well-known twin-city network of north-west Europe
see https://www.iuc.eu/asia/changchun/urban-cooperation-action-plan/summary-2017-final.pdf for the whole plan
two  spaces   three    four     and a trailing space 
 a leading space and a non-breaking space between 7 700 000 people
soft­hyphen­ated extra­ordinarily long com­pound­words like Donau­dampf­schiff­fahrts­gesellschafts­kapitän
names kept whole: Agii⁠ ⁠Anargiri-⁠Kamatero, Málaga, Mannheim, Burgas
长春市 Changchun 与马拉加、曼海姆、布尔加斯合作 on smart city and 低碳 mobility 2017年3月
Θεσσαλονίκη και Αθήνα συνεργάζονται με Μπουργκάς στο Ευρωπαϊκό πρόγραμμα
**Mann**heim and *Málaga* and __Burgas__ with [a link](https://example.org/very/long/path/that/goes/on) in the middle of text
energy: heat delivered per m² corrected for the weather — 120 kWh/(m²·a) → 80 kWh/(m²·a) ✓ ★ ∑ ≤ ≥
Supercalifragilisticexpialidociouswordthatislongerthananylineofthesheetcanholdatall and more
“Quoted” text, ‘single’, «guillemets», „German“ and (parentheses) [brackets] {braces}
HARD
	fill_run hard "$WORK/fill.hard" 50
	fill_run hard-zh "$WORK/fill.hard" 50 zh
	# The hard cases' words, read back from the PDF.
	pdftotext "$WORK/fill-hard.pdf" - 2>/dev/null | tr '\n' ' ' >"$WORK/fill-hard.txt"
	missing=
	for w in Agii Anargiri-Kamatero https://www.iuc.eu/asia 7 700 000 \
	    Málaga 长春市 低碳 Θεσσαλονίκη Ευρωπαϊκό Mannheim 120 kWh ✓ \
	    “Quoted” «guillemets» „German“ Supercalifragilistic; do
		grep -qF -- "$w" "$WORK/fill-hard.txt" || missing="$missing '$w'"
	done
	if [ -z "$missing" ]; then
		pass
	else
		fail "fill: hard: the PDF's text lacks$missing" \
		    "$(head -c 600 "$WORK/fill-hard.txt")"
	fi
fi
