# The languages suite (sourced by tests/run; see tests/lib.sh for pass,
# fail, check, golden): the catalogs of the sheet's words, their template,
# the locale report, and translated plans.
#
#  1. The template layouts/catalogs/ucapgen.pot is what `ucapgen
#     --make-pot` makes now (tests/run --regenerate remakes it), which
#     fails when a layout uses a key that en.po lacks.
#  2. Every catalog passes `msgfmt --check` without a word, and `ucapgen
#     --locale-report LANG` finds nothing missing, empty or fuzzy.
#  3. Changchun in every language of layouts/catalogs: the PDF's text
#     (pdftotext) equals tests/locales/changchun-LANG.txt (English: the
#     render suite's tests/render/changchun.txt), with nothing on standard
#     error (so no character without a glyph).  Pictures of every page,
#     at 60 dpi, compared as the render suite does (tests/pngcmp.c, a
#     channel off by more than 24, at most 0.1% of the pixels): German
#     (tests/locales/changchun-de-N.png), and Chinese with the plan's
#     texts translated too (changchun-zh-N.png).
#  4. A plan's texts: `--extract` equals tests/locales/changchun.pot; the
#     Chinese translation tests/locales/changchun.zh.po, merged into a
#     fresh extract as a translator would, renders with no warning
#     (text: changchun-zh-plan.txt); a translation made by gettext's
#     tools (msgen, msgfilter) shows every text translated.  Chinese
#     lines break between characters, with no hyphen.
#  5. Fallback: texts untranslated, fuzzy or missing stay as written, and
#     one warning counts them (an error with --strict, and no file
#     written).  After a change of the plan's English, msgmerge marks the
#     old translation fuzzy, and the changed text renders in English.
#  6. Broken PO files (tests/locales/bad-*.po, a binary file, bad markup
#     or a name on two lines in a translation, a translation without the
#     original's link or its bold, italic or underlined words, a stray,
#     lost or unclosed {word} in a catalog, a header naming another
#     charset): FILE:LINE:COL: messages and exit status 1 (a warning for
#     the lost link and emphasis, the catalog's entries and the charset),
#     never a crash.
#  7. The locale report of an incomplete catalog, an unknown locale, a
#     catalog edited and read again with no rebuild.  With --strict, the
#     warnings that say what stays in English or as written are errors
#     that do not say so (nothing is written), printed once.
#
# After an intended change: `tests/run --regenerate locales`, look at the
# new pictures, review the diff like code.  When the plan's text changed,
# bring the Chinese translation up to date first (msgmerge; see
# layouts/catalogs/README.md).
#
# Needs: gettext (msgfmt, msgmerge, msgattrib, msggrep, msgen,
# msgfilter), poppler-utils (pdftotext, pdftoppm), python3.

L=$TOP/tests/locales
LW=$WORK/locales
CATS=$TOP/layouts/catalogs
mkdir -p "$LW"

locales_tools=1
for t in msgfmt:gettext msgmerge:gettext msgattrib:gettext msggrep:gettext \
    msgen:gettext msgfilter:gettext pdftotext:poppler-utils \
    pdftoppm:poppler-utils pdfinfo:poppler-utils python3:python3; do
	if ! command -v "${t%%:*}" >/dev/null 2>&1; then
		fail "locales: no ${t%%:*} (apt-get install ${t#*:})"
		locales_tools=0
	fi
done

# The plan, and the files the tests write messages about, sit in $LW so
# that the messages name them without a folder.
cp "$TOP/examples/changchun.yaml" "$LW/"
cp "$L"/changchun.zh.po "$L"/bad-*.po "$LW/"
cd "$LW" || return

# locales_pictures NAME PDF: every page of PDF at 60 dpi against
# tests/locales/NAME-N.png.
locales_pictures() {
	local name=$1 pdf=$2 pages i ref
	pages=$(pdfinfo "$pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	rm -f "$LW/$name"-*.png
	pdftoppm -r 60 -png "$pdf" "$LW/$name"
	for i in $(seq 1 "${pages:-0}"); do
		local got=$LW/$name-$i.png
		[ -f "$got" ] || got=$LW/$name-0$i.png
		ref=$L/$name-$i.png
		if [ "$REGENERATE" = 1 ]; then
			cp "$got" "$ref"
			rm -f "$L/$name-$i.out.png" "$L/$name-$i.diff.png"
			pass
		elif [ ! -f "$ref" ]; then
			fail "locales: $name page $i: no reference $ref" \
			    "(run tests/run --regenerate locales)"
		elif "$BUILD/tests/pngcmp" -t 24 -p 0.1 -s "$L/$name-$i" \
		    "$ref" "$got" >"$LW/cmp" 2>&1; then
			rm -f "$L/$name-$i.out.png" "$L/$name-$i.diff.png"
			pass
		else
			fail "locales: $name page $i differs from its reference" \
			    "$(cat "$LW/cmp")"
		fi
	done
	for ref in "$L/$name"-[0-9]*.png; do
		case $ref in *.out.png|*.diff.png) continue ;; esac
		[ -f "$ref" ] || continue
		i=${ref##*-}
		i=${i%.png}
		if [ "$i" -gt "${pages:-0}" ]; then
			if [ "$REGENERATE" = 1 ]; then
				rm -f "$ref"
			else
				fail "locales: reference $ref, but $name has" \
				    "${pages:-0} pages"
			fi
		fi
	done
}

# ---- 1. The template ----

if "$UCAPGEN" --make-pot -o "$LW/ucapgen.pot" 2>"$LW/pot.err" &&
    [ ! -s "$LW/pot.err" ]; then
	golden "locales: layouts/catalogs/ucapgen.pot is what --make-pot makes" \
	    "$CATS/ucapgen.pot" "$LW/ucapgen.pot"
else
	fail "locales: --make-pot" "$(head -10 "$LW/pot.err")"
fi
"$UCAPGEN" --make-pot >"$LW/stdout.pot" 2>/dev/null
check "locales: --make-pot without -o writes to standard output" \
    cmp -s "$LW/stdout.pot" "$LW/ucapgen.pot"

# A key a layout uses and en.po lacks: an error where the layout uses it.
D=$LW/datadir
mkdir -p "$D"
cp "$TOP/gen/plan.xsd" "$D/"
cp -r "$TOP/layouts" "$D/"
msggrep -v --msgctxt -e '^country$' "$CATS/en.po" -o "$D/layouts/catalogs/en.po"
status_is "locales: --make-pot with a key missing from en.po fails" 1 \
    env UCAPGEN_DATADIR="$D" "$UCAPGEN" --make-pot -o "$LW/lacking.pot"
UCAPGEN_DATADIR=$D "$UCAPGEN" --make-pot -o "$LW/lacking.pot" \
    2>"$LW/lacking.err"
line=$(grep -n 'label="country"' "$TOP/layouts/sheet.xml" | head -1 | cut -d: -f1)
check "locales: the missing key is named at the layout's line" grep -qx \
    "$D/layouts/sheet.xml:$line:1: error: the catalog $D/layouts/catalogs/en.po has no key 'country': add it there with its English text" \
    "$LW/lacking.err"
check "locales: no template after a failure" test ! -e "$LW/lacking.pot"

# ---- 2. Every catalog: msgfmt --check, the locale report ----

LANGS=
for po in "$CATS"/*.po; do
	lang=$(basename "$po" .po)
	[ "$lang" = en ] || LANGS="$LANGS $lang"
	if msgfmt --check -o /dev/null "$po" >"$LW/msgfmt.out" 2>&1 &&
	    [ ! -s "$LW/msgfmt.out" ]; then
		pass
	else
		fail "locales: msgfmt --check $lang.po" "$(head -10 "$LW/msgfmt.out")"
	fi
	# Every language, English (the source, whose words are its msgids)
	# too: a CI loop over the catalogs passes.
	if "$UCAPGEN" --locale-report "$lang" >"$LW/report.out" 2>&1 &&
	    grep -qx "$lang: \([0-9]*\) of \1 texts translated; 0 missing, 0 untranslated, 0 fuzzy, 0 refused, 0 unused, 0 changed" \
	    "$LW/report.out"; then
		pass
	else
		fail "locales: --locale-report $lang" "$(head -10 "$LW/report.out")"
	fi
done
for lang in bg de el es zh; do
	check "locales: a catalog for $lang" test -f "$CATS/$lang.po"
done

# ---- 3. Changchun in every language ----

if [ "$locales_tools" = 1 ]; then
	for lang in en $LANGS; do
		if ! "$UCAPGEN" changchun.yaml --locale "$lang" \
		    -o "$LW/changchun-$lang.pdf" 2>"$LW/$lang.err"; then
			fail "locales: changchun --locale $lang" "$(head -5 "$LW/$lang.err")"
			continue
		fi
		check "locales: changchun --locale $lang: nothing on standard error" \
		    test ! -s "$LW/$lang.err"
		pdftotext "$LW/changchun-$lang.pdf" "$LW/changchun-$lang.txt"
		if [ "$lang" = en ]; then
			check "locales: --locale en is the default sheet" cmp -s \
			    "$TOP/tests/render/changchun.txt" "$LW/changchun-en.txt"
		else
			golden "locales: changchun --locale $lang (pdftotext)" \
			    "$L/changchun-$lang.txt" "$LW/changchun-$lang.txt"
		fi
	done
	[ -f "$LW/changchun-de.pdf" ] &&
	    locales_pictures changchun-de "$LW/changchun-de.pdf"
	# The words of the catalogs, in their place.
	check "locales: Chinese footer: no space after the full-width colon" \
	    grep -q "请联系：IUC-ASIA_office" "$LW/changchun-zh.txt"
	check "locales: German population and date" grep -q \
	    "^7,7 Mio\.$" "$LW/changchun-de.txt"
	check "locales: German period" grep -qx "März 2017 – Oktober 2017" \
	    "$LW/changchun-de.txt"
	check "locales: Spanish period" grep -qx \
	    "marzo de 2017 – octubre de 2017" "$LW/changchun-es.txt"
	check "locales: Spanish day" grep -q "^31 de mayo de 2017 en Brussels$" \
	    "$LW/changchun-es.txt"
	check "locales: Greek population and month" grep -qx "7,7 εκατ\." \
	    "$LW/changchun-el.txt"
	check "locales: Greek genitive in a date" grep -q "^31 Μαΐου 2017, " \
	    "$LW/changchun-el.txt"
	check "locales: Bulgarian period" grep -qx \
	    "март 2017 г. – октомври 2017 г." "$LW/changchun-bg.txt"
	check "locales: Chinese population in 万" grep -qx "770万" \
	    "$LW/changchun-zh.txt"
	check "locales: Chinese period" grep -qx "2017年3月 – 2017年10月" \
	    "$LW/changchun-zh.txt"
	check "locales: Chinese SDG title" grep -qx \
	    "可持续发展目标3：良好健康与福祉" "$LW/changchun-zh.txt"
fi

# ---- 4. A plan's texts: extract, translate, render ----

"$UCAPGEN" --extract changchun.yaml -o "$LW/changchun.pot" 2>"$LW/extract.err"
check "locales: --extract: nothing on standard error" test ! -s "$LW/extract.err"
golden "locales: --extract changchun.yaml" "$L/changchun.pot" "$LW/changchun.pot"
"$UCAPGEN" --extract changchun.yaml >"$LW/stdout-extract.pot" 2>/dev/null
check "locales: --extract without -o writes to standard output" \
    cmp -s "$LW/stdout-extract.pot" "$LW/changchun.pot"
check "locales: the template passes msgfmt" \
    msgfmt --check-format -o /dev/null "$LW/changchun.pot"
printf 'city:\n  name: X\n' >bad-plan.yaml
status_is "locales: --extract of an invalid plan fails" 1 \
    "$UCAPGEN" --extract bad-plan.yaml -o "$LW/bad-plan.pot"
check "locales: no template of an invalid plan" test ! -e "$LW/bad-plan.pot"

if [ "$locales_tools" = 1 ]; then
	# The committed translation, merged into a fresh extract.
	msgmerge -q changchun.zh.po changchun.pot -o zh-merged.po
	if "$UCAPGEN" changchun.yaml --locale zh --translations zh-merged.po \
	    --strict -o "$LW/changchun-zh-plan.pdf" 2>"$LW/zh-plan.err"; then
		pass
	else
		fail "locales: changchun in Chinese, plan and sheet" \
		    "$(head -5 "$LW/zh-plan.err")"
	fi
	check "locales: the Chinese plan: nothing on standard error" \
	    test ! -s "$LW/zh-plan.err"
	if [ -f "$LW/changchun-zh-plan.pdf" ]; then
		pdftotext "$LW/changchun-zh-plan.pdf" "$LW/changchun-zh-plan.txt"
		golden "locales: changchun, plan and sheet in Chinese (pdftotext)" \
		    "$L/changchun-zh-plan.txt" "$LW/changchun-zh-plan.txt"
		locales_pictures changchun-zh "$LW/changchun-zh-plan.pdf"
		# Chinese breaks between characters and adds no hyphen.
		"$UCAPGEN" changchun.yaml --locale zh --translations \
		    zh-merged.po --dump layout >"$LW/zh.layout" 2>/dev/null
		if python3 - "$LW/zh.layout" "$LW/changchun-zh-plan.txt" \
		    >"$LW/breaks" 2>&1 <<'PY'
import re, sys
han = re.compile('[\u4e00-\u9fff]')
lines = [m.group(1) for m in re.finditer(r'^  text \S+ \S+ "(.*)"$',
         open(sys.argv[1], encoding='utf-8').read(), re.M)]
between = sum(1 for a, b in zip(lines, lines[1:])
              if a and b and han.match(a[-1]) and han.match(b[0]))
hyphens = [l for l in open(sys.argv[2], encoding='utf-8').read().split('\n')
           if re.search('[\u4e00-\u9fff][-\u2010\u00ad]$', l)]
print(between, 'breaks between two Chinese characters')
for l in hyphens:
    print('a hyphen after a Chinese character:', l)
sys.exit(0 if between >= 3 and not hyphens else 1)
PY
		then
			pass
		else
			fail "locales: Chinese line breaks" "$(cat "$LW/breaks")"
		fi
	fi

	# A translation made with gettext's own tools: every text marked.
	msgen changchun.pot 2>/dev/null |
	    msgfilter --keep-header -o marked.po sed -e '1s/^/» /'
	if "$UCAPGEN" changchun.yaml --translations marked.po --strict \
	    -o "$LW/marked.pdf" 2>"$LW/marked.err"; then
		pdftotext "$LW/marked.pdf" "$LW/marked.txt"
		n=$(grep -c '^msgctxt ' changchun.pot)
		m=$("$UCAPGEN" changchun.yaml --translations marked.po --dump layout |
		    grep -o '» ' | wc -l)
		check "locales: every text of the plan translated ($n)" test "$m" -eq "$n"
		check "locales: a translated text with its markup" grep -q \
		    "^» Signing the Joint Statement on collaboration within the IUC" \
		    "$LW/marked.txt"
		check "locales: a translated place" grep -qx \
		    "March 2017 in » Beijing" "$LW/marked.txt"
	else
		fail "locales: a translation made by msgen and msgfilter" \
		    "$(head -5 "$LW/marked.err")"
	fi
fi

# ---- 5. Fallback, strict, and msgmerge's fuzzy entries ----

if [ "$locales_tools" = 1 ]; then
	# themes/1 untranslated, themes/2 fuzzy, themes/3 not in the file.
	awk '/^msgctxt "themes\/1"$/ { t = 1 }
	    t && /^msgstr / { print "msgstr \"\""; t = 0; next } { print }' \
	    changchun.zh.po >partial-1.po
	msggrep --msgctxt -e '^themes/2$' partial-1.po -o sel.po
	msgattrib --set-fuzzy --only-file=sel.po partial-1.po -o partial-2.po
	msggrep -v --msgctxt -e '^themes/3$' partial-2.po -o partial.po
	"$UCAPGEN" changchun.yaml --translations partial.po -o "$LW/partial.pdf" \
	    2>"$LW/partial.err"
	check "locales: untranslated texts: exit 0" test $? -eq 0
	echo "partial.po: warning: 3 of the 50 texts of the plan have no translation here (1 fuzzy, 1 untranslated, 1 not in the file: merge it with a new --extract (msgmerge)); they stay as the plan writes them" >"$LW/partial.want"
	if diff -u "$LW/partial.want" "$LW/partial.err" >"$LW/diff.out"; then
		pass
	else
		fail "locales: one warning counts the texts left as written" \
		    "$(cat "$LW/diff.out")"
	fi
	pdftotext "$LW/partial.pdf" "$LW/partial.txt" 2>/dev/null
	check "locales: untranslated, fuzzy, missing stay in English" sh -c \
	    "grep -qx '• Automotive & electronics' '$LW/partial.txt' &&
	    grep -qx '• Software & Information Technologies' '$LW/partial.txt' &&
	    grep -qx '• Culture, Tourism, Education' '$LW/partial.txt' &&
	    grep -qx '经贸交流' '$LW/partial.txt'"
	rm -f "$LW/strict.pdf"
	status_is "locales: untranslated texts with --strict: exit 1" 1 \
	    "$UCAPGEN" changchun.yaml --translations partial.po --strict \
	    -o "$LW/strict.pdf"
	check "locales: --strict: the count is an error, with no 'they stay'" \
	    test "$(cat "$WORK/status.out")" = \
	    "partial.po: error: 3 of the 50 texts of the plan have no translation here (1 fuzzy, 1 untranslated, 1 not in the file: merge it with a new --extract (msgmerge))"
	check "locales: --strict: nothing written" test ! -e "$LW/strict.pdf"
	status_is "locales: --check --translations checks the translations" 0 \
	    "$UCAPGEN" --check changchun.yaml --translations changchun.zh.po

	# A translation too long for the card's frame, and one with a
	# character no font has: both are reported at the translation's
	# msgstr in its PO file, where the translator can shorten or change
	# it, not at the plan's line.
	awk -v long="$(printf '推动并启动上述领域的具体合作项目𓀅%.0s' $(seq 60))" '
	    /^msgctxt "objectives"$/ { t = 1 }
	    t && /^msgstr / { print "msgstr \"" long "\""; t = 0; skip = 1; next }
	    skip && /^"/ { next } { skip = 0; print }' changchun.zh.po >toolong.zh.po
	line=$(grep -n '^msgstr "推动并启动上述领域的具体合作项目𓀅' toolong.zh.po | cut -d: -f1)
	"$UCAPGEN" --check --layout card changchun.yaml --translations toolong.zh.po \
	    2>"$LW/toolong.err"
	check "locales: a translation too long for a frame: the error at its msgstr" grep -q \
	    "^toolong.zh.po:$line:1: error: objectives: the text does not fit its box in the layout 'card'" \
	    "$LW/toolong.err"
	check "locales: a character of a translation no font has: the warning at its msgstr" grep -q \
	    "^toolong.zh.po:$line:1: warning: the character '𓀅'" "$LW/toolong.err"
	check "locales: (nothing said of the plan's lines)" sh -c \
	    "! grep -q '^changchun.yaml:' '$LW/toolong.err'"

	# The plan's English changes; msgmerge makes the old translation fuzzy.
	sed 's/^          - Smart City$/          - Smart Cities/' changchun.yaml \
	    >changed.yaml
	"$UCAPGEN" --extract changed.yaml -o changed.pot
	msgmerge -q changchun.zh.po changed.pot -o changed.zh.po
	check "locales: msgmerge marks the changed text fuzzy" sh -c \
	    "msgattrib --only-fuzzy changed.zh.po | grep -qx 'msgid \"Smart Cities\"'"
	check "locales: msgmerge keeps the old translation" sh -c \
	    "msgattrib --only-fuzzy changed.zh.po | grep -qx 'msgstr \"智慧城市\"'"
	check "locales: only that one is fuzzy" test \
	    "$(msgattrib --only-fuzzy --no-obsolete changed.zh.po | grep -c '^msgctxt')" = 1
	"$UCAPGEN" changed.yaml --locale zh --translations changed.zh.po \
	    -o "$LW/changed.pdf" 2>"$LW/changed.err"
	check "locales: a fuzzy translation is counted" grep -qx \
	    "changed.zh.po: warning: 1 of the 50 texts of the plan has no translation here (1 fuzzy); they stay as the plan writes them" \
	    "$LW/changed.err"
	pdftotext "$LW/changed.pdf" "$LW/changed.txt" 2>/dev/null
	check "locales: the fuzzy text renders in English" grep -qx \
	    "• Smart Cities" "$LW/changed.txt"
	check "locales: the others stay translated" grep -qx "• 经济发展" \
	    "$LW/changed.txt"
	# Without msgmerge, the changed text has no translation at all.
	"$UCAPGEN" changed.yaml --translations changchun.zh.po -o "$LW/x.pdf" \
	    2>"$LW/stale.err"
	check "locales: a stale translation is not used" grep -q \
	    "(1 not in the file: merge it with a new --extract (msgmerge))" \
	    "$LW/stale.err"
fi

# ---- 6. Broken PO files ----

# locales_broken NAME EXPECTED-ERR COMMAND...: exit status 1 (not a
# crash) and exactly the expected messages.
locales_broken() {
	local name=$1 want=$2
	shift 2
	"$@" >"$LW/broken.out" 2>"$LW/broken.err"
	local got=$?
	if [ "$got" != 1 ]; then
		fail "locales: $name: exit status $got, expected 1" \
		    "$(head -5 "$LW/broken.err")"
	elif ! diff -u "$want" "$LW/broken.err" >"$LW/diff.out"; then
		fail "locales: $name: messages" "$(head -20 "$LW/diff.out")"
	else
		pass
	fi
}

for po in bad-*.po; do
	base=${po%.po}
	[ -f "$L/$base.err" ] || [ "$REGENERATE" = 1 ] || {
		fail "locales: no $L/$base.err (tests/run --regenerate locales)"
		continue
	}
	"$UCAPGEN" changchun.yaml --translations "$po" -o "$LW/x.pdf" \
	    2>"$LW/$base.err"
	golden "locales: $po as translations" "$L/$base.err" "$LW/$base.err"
	locales_broken "$po as a catalog" "$L/$base.err" \
	    "$UCAPGEN" changchun.yaml --locale "$po" -o "$LW/x.pdf"
	locales_broken "$po in the locale report" "$L/$base.err" \
	    "$UCAPGEN" --locale-report "$po"
	check "locales: $po: FILE:LINE:COL: error:" grep -q \
	    "^$po:[0-9][0-9]*:[0-9][0-9]*: error: " "$LW/$base.err"
done

# A translation that leaves out a link of the original: a warning at its
# msgstr; the translation is still used.
cp "$TOP/examples/long.yaml" "$LW/"
cp -r "$TOP/examples/images" "$LW/" 2>/dev/null
"$UCAPGEN" --extract long.yaml -o long.pot
msgen long.pot -o long-en.po 2>/dev/null
awk '/^msgctxt "activities\/17\/text"$/ { t = 1 }
    t && /^msgstr / { print "msgstr \"Presentations are on the IUC Asia website.\""; s = 1; t = 0; next }
    s && /^"/ { next } { s = 0; print }' long-en.po >lost-link.po
line=$(grep -n '^msgstr "Presentations are on the IUC Asia website\."$' lost-link.po | cut -d: -f1)
"$UCAPGEN" long.yaml --translations lost-link.po -o "$LW/lost-link.pdf" \
    2>"$LW/lost-link.err"
check "locales: a translation without the original's link: rendered" test $? -eq 0
check "locales: a translation without the original's link: one warning at its msgstr" \
    test "$(cat "$LW/lost-link.err")" = \
    "lost-link.po:$line:1: warning: the translation of activities/17/text has no link to https://www.iuc-asia.eu/china/harbin, which the original has; keep the link: [words](https://www.iuc-asia.eu/china/harbin)"
"$UCAPGEN" long.yaml --translations long-en.po -o "$LW/lost-link.pdf" \
    2>"$LW/kept-link.err"
check "locales: (the same file with the link: no warning)" test ! -s "$LW/kept-link.err"

# locales_msgstr CTXT TEXT: a PO file from standard input with the
# msgstr of CTXT replaced by TEXT (on one line), to standard output.
locales_msgstr() {
	awk -v ctxt="msgctxt \"$1\"" -v str="msgstr \"$2\"" '
	    $0 == ctxt { t = 1 }
	    t && /^msgstr / { print str; s = 1; t = 0; next }
	    s && /^"/ { next } { s = 0; print }'
}

# Translations that leave out the original's bold, italic or underlined
# words: a warning at each msgstr that names the kind and the words; the
# translations are still used.  With --strict, errors and no file.
locales_msgstr activities/48/text "The mayors sign a joint statement on a green and inclusive recovery." <long-en.po |
    locales_msgstr activities/15/text "Workshop on mountain tourism; presentation of the Poiana Brașov resort." |
    locales_msgstr activities/50/text "The tender for the bus depot uses clauses from the exchanges; see pilot project 1." \
    >lost-emphasis.po
bold=$(grep -n '^msgstr "The mayors sign' lost-emphasis.po | cut -d: -f1)
italic=$(grep -n '^msgstr "Workshop on mountain tourism' lost-emphasis.po | cut -d: -f1)
under=$(grep -n '^msgstr "The tender for the bus depot' lost-emphasis.po | cut -d: -f1)
printf '%s\n' \
    "lost-emphasis.po:$italic:1: warning: the translation of activities/15/text has no italic text, which the original has (*Poiana Brașov*); keep the emphasis: *words*" \
    "lost-emphasis.po:$bold:1: warning: the translation of activities/48/text has no bold text, which the original has (**green and inclusive recovery**); keep the emphasis: **words**" \
    "lost-emphasis.po:$under:1: warning: the translation of activities/50/text has no underlined text, which the original has (__pilot project 1__); keep the emphasis: __words__" \
    >"$LW/lost-emphasis.want"
rm -f "$LW/lost-emphasis.pdf"
"$UCAPGEN" long.yaml --translations lost-emphasis.po \
    -o "$LW/lost-emphasis.pdf" 2>"$LW/lost-emphasis.err"
check "locales: translations without the original's emphasis: rendered" \
    test $? -eq 0 -a -s "$LW/lost-emphasis.pdf"
if diff -u "$LW/lost-emphasis.want" "$LW/lost-emphasis.err" >"$LW/diff.out"; then
	pass
else
	fail "locales: translations without bold, italic, underlined words: a warning at each msgstr" \
	    "$(cat "$LW/diff.out")"
fi
rm -f "$LW/lost-emphasis-strict.pdf"
status_is "locales: lost emphasis with --strict: exit 1" 1 \
    "$UCAPGEN" long.yaml --translations lost-emphasis.po --strict \
    -o "$LW/lost-emphasis-strict.pdf"
sed 's/: warning: /: error: /' "$LW/lost-emphasis.want" \
    >"$LW/lost-emphasis-strict.want"
check "locales: lost emphasis with --strict: the warnings are errors" \
    diff -u "$LW/lost-emphasis-strict.want" "$WORK/status.out"
check "locales: lost emphasis with --strict: nothing written" \
    test ! -e "$LW/lost-emphasis-strict.pdf"

# Fewer bold words than the original, and no underlined word: one
# warning, for the first kind with fewer (bold, italic, underlined).
sed 's/^\(      The mayors of the nine partner cities\) sign a joint statement on a$/\1 __sign__ a **joint statement** on a/' \
    long.yaml >emphasis.yaml
"$UCAPGEN" --extract emphasis.yaml -o emphasis.pot
msgen emphasis.pot -o emphasis-en.po 2>/dev/null
locales_msgstr activities/48/text "The mayors sign a **joint statement** on a green and inclusive recovery." \
    <emphasis-en.po >fewer-bold.po
line=$(grep -n '^msgstr "The mayors sign' fewer-bold.po | cut -d: -f1)
"$UCAPGEN" emphasis.yaml --translations fewer-bold.po -o "$LW/fewer-bold.pdf" \
    2>"$LW/fewer-bold.err"
check "locales: fewer bold words than the original: one warning, bold named" \
    test "$(cat "$LW/fewer-bold.err")" = \
    "fewer-bold.po:$line:1: warning: the translation of activities/48/text has fewer bold texts than the original (1 of 2: **joint statement**, **green and inclusive recovery**); keep the emphasis: **words**"
"$UCAPGEN" emphasis.yaml --translations emphasis-en.po \
    -o "$LW/fewer-bold.pdf" 2>"$LW/kept-emphasis.err"
check "locales: (the same file with the emphasis: no warning)" \
    test ! -s "$LW/kept-emphasis.err"

# The two kinds of PO file swapped: each run says which kind it wanted.
"$UCAPGEN" changchun.yaml --locale changchun.zh.po -o "$LW/swap.pdf" \
    2>"$LW/swap1.err"
check "locales: a plan's translation given as a catalog: one warning that says so" \
    test "$(cat "$LW/swap1.err")" = \
    "changchun.zh.po: warning: none of the $(grep -c '^msgctxt' changchun.zh.po) entries of this file is a text of the sheet, so the sheet stays in English: is it a plan's translation? (give that with --translations)"
"$UCAPGEN" changchun.yaml --translations "$CATS/de.po" -o "$LW/swap.pdf" \
    2>"$LW/swap2.err"
check "locales: a catalog given as a plan's translation: one warning that says so" \
    grep -qx "$CATS/de.po: warning: none of the [0-9]* texts of the plan is in this file, so the plan stays as it is written: is it another plan's translation, or the sheet's words? (give those with --locale)" \
    "$LW/swap2.err"
# With --strict they are errors and nothing is written: nothing "stays".
status_is "locales: the two kinds swapped, --strict: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --locale changchun.zh.po --strict -o "$LW/swap.pdf"
check "locales: a plan's translation given as a catalog, --strict: the error" \
    test "$(cat "$WORK/status.out")" = \
    "changchun.zh.po: error: none of the $(grep -c '^msgctxt' changchun.zh.po) entries of this file is a text of the sheet: is it a plan's translation? (give that with --translations)"
status_is "locales: a catalog given as a plan's translation, --strict: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --translations "$CATS/de.po" --strict -o "$LW/swap.pdf"
check "locales: a catalog given as a plan's translation, --strict: the error" \
    grep -qx "$CATS/de.po: error: none of the [0-9]* texts of the plan is in this file: is it another plan's translation, or the sheet's words? (give those with --locale)" \
    "$WORK/status.out"

# A UTF-8 file whose header names another charset: read, with a warning.
sed 's/charset=UTF-8/charset=ISO-8859-15/' "$CATS/de.po" >charset.po
"$UCAPGEN" changchun.yaml --locale charset.po -o "$LW/charset.pdf" \
    2>"$LW/charset.err"
check "locales: another charset named: still read" test $? -eq 0
check "locales: another charset named: one warning at the header" \
    test "$(cat "$LW/charset.err")" = \
    "charset.po:$(grep -n '^msgstr ""$' charset.po | head -1 | cut -d: -f1):1: warning: the header says charset=ISO-8859-15, and ucapgen reads PO files in UTF-8 only: save the file in UTF-8 and write charset=UTF-8 there"

cp "$UCAPGEN" binary.po
"$UCAPGEN" changchun.yaml --translations binary.po -o "$LW/x.pdf" \
    2>"$LW/binary.err"
check "locales: a binary file: exit 1" test $? -eq 1
check "locales: a binary file: at most 21 messages" test \
    "$(wc -l <"$LW/binary.err")" -le 21
check "locales: a binary file: the reading stops" grep -q \
    "^binary.po:[0-9]*:[0-9]*: error: too many errors; the others are not shown" \
    "$LW/binary.err"
status_is "locales: no such PO file: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --translations none.po -o "$LW/x.pdf"
check "locales: no such PO file: the message" grep -qx \
    "none.po: error: cannot read the PO file: no such file" "$WORK/status.out"

# A translation that is not a valid text: at the line of its msgstr.
sed 's/^msgstr "__签署IUC项目合作联合声明。__介绍/msgstr "__签署IUC项目合作联合声明。介绍/' \
    changchun.zh.po >bad-markup.po
line=$(grep -n '^msgstr "__签署IUC项目合作联合声明。介绍' bad-markup.po | cut -d: -f1)
status_is "locales: bad markup in a translation: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --translations bad-markup.po -o "$LW/x.pdf"
check "locales: bad markup in a translation: at its msgstr" grep -qx \
    "bad-markup.po:$line:1: error: the translation of activities/2/text: '__' is never closed: end the underlined text with '__', or write \\\\_\\\\_ for the underscores themselves (in a PO file, each backslash is written twice: \\\\\\\\)" \
    "$WORK/status.out"
sed 's/^msgstr "德国"$/msgstr "德\\n国"/' changchun.zh.po >bad-name.po
line=$(grep -n '^msgstr "德\\n国"$' bad-name.po | cut -d: -f1)
status_is "locales: a name on two lines: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --translations bad-name.po -o "$LW/x.pdf"
check "locales: a name on two lines: the message" grep -qx \
    "bad-name.po:$line:1: error: the translation of partners/2/country: a name is one line, with no tab" \
    "$WORK/status.out"

# A catalog translation with a {word} ucapgen does not fill: English.
sed 's/^msgstr "{n} Mio\."$/msgstr "{m} Mio."/' "$CATS/de.po" >stray.po
"$UCAPGEN" changchun.yaml --locale stray.po -o "$LW/stray.pdf" \
    2>"$LW/stray.err"
line=$(grep -n '^msgstr "{m} Mio\."$' stray.po | head -1 | cut -d: -f1)
check "locales: a stray {word}: a warning at its msgstr" grep -qx \
    "stray.po:$line:1: warning: the translation of 'population-large' has {m}, which ucapgen does not fill in (the English text is \"{n} million\"): keep the words in braces as they are; the English text is used" \
    "$LW/stray.err"
pdftotext "$LW/stray.pdf" "$LW/stray.txt" 2>/dev/null
check "locales: a stray {word}: the English text" grep -qx "7,7 million" \
    "$LW/stray.txt"
status_is "locales: a stray {word} with --strict: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --locale stray.po --strict -o "$LW/stray-strict.pdf"
check "locales: a stray {word} with --strict: an error that does not say 'the English text is used'" \
    grep -qx "stray.po:$line:1: error: the translation of 'population-large' has {m}, which ucapgen does not fill in (the English text is \"{n} million\"): keep the words in braces as they are" \
    "$WORK/status.out"

# A {word} of the English text left out, and one left without its '}':
# refused too, each at its msgstr, and listed by the report.
sed -e 's/^msgstr "Seite {page} von {pages}"$/msgstr "Seite {page}"/' \
    -e 's/^msgstr "{n} Mio\."$/msgstr "{n Mio."/' "$CATS/de.po" >braces.po
"$UCAPGEN" changchun.yaml --locale braces.po -o "$LW/braces.pdf" \
    2>"$LW/braces.err"
line=$(grep -n '^msgstr "Seite {page}"$' braces.po | cut -d: -f1)
check "locales: a {word} left out: a warning at its msgstr" grep -qx \
    "braces.po:$line:1: warning: the translation of 'page-of' has no {pages}, so its value would be left out (the English text is \"Page {page} of {pages}\"): keep the words in braces as they are; the English text is used" \
    "$LW/braces.err"
line=$(grep -n '^msgstr "{n Mio\."$' braces.po | head -1 | cut -d: -f1)
check "locales: a '{' without '}': a warning at its msgstr" grep -qx \
    "braces.po:$line:1: warning: the translation of 'population-large' has a '{' with no '}' in '{n Mio.' (the English text is \"{n} million\"): keep the words in braces as they are; the English text is used" \
    "$LW/braces.err"
pdftotext "$LW/braces.pdf" "$LW/braces.txt" 2>/dev/null
check "locales: refused translations: the English text" sh -c \
    "grep -qx '7,7 million' '$LW/braces.txt' &&
    grep -q 'Page 1 of 2' '$LW/braces.txt'"
"$UCAPGEN" --locale-report braces.po >"$LW/braces-report.out" 2>/dev/null
check "locales: --locale-report: exit 1 for refused texts" test $? -eq 1
check "locales: --locale-report: the refused texts, counted" sh -c \
    "grep -q '^braces.po:[0-9]*: refused: page-of: Page {page} of {pages}\$' '$LW/braces-report.out' &&
    grep -q '^braces.po:[0-9]*: refused: population-large: {n} million\$' '$LW/braces-report.out' &&
    grep -qx 'braces.po: 97 of 100 texts translated; 0 missing, 0 untranslated, 0 fuzzy, 3 refused, 0 unused, 0 changed' '$LW/braces-report.out'"

# The unit a population is counted in is a power of ten in digits: a
# German "1.000.000" (which would count in ones) is refused at its
# msgstr, and the report lists it there, as it does every refused entry.
sed '/^msgctxt "population-unit"$/,/^msgstr/s/^msgstr ".*"$/msgstr "1.000.000"/' \
    "$CATS/de.po" >unit.po
line=$(grep -n '^msgstr "1\.000\.000"$' unit.po | cut -d: -f1)
"$UCAPGEN" changchun.yaml --locale unit.po -o "$LW/unit.pdf" 2>"$LW/unit.err"
check "locales: a population unit not in digits: a warning at its msgstr" grep -qx \
    "unit.po:$line:1: warning: the translation of 'population-unit' is '1.000.000': the unit a population is counted in must be a power of ten written in digits only, such as 1000000 (a million) or 10000 (万), with no separator; the English value is used" \
    "$LW/unit.err"
pdftotext "$LW/unit.pdf" "$LW/unit.txt" 2>/dev/null
check "locales: (and the population still counted in millions)" \
    grep -qx '7,7 Mio.' "$LW/unit.txt"
"$UCAPGEN" --locale-report unit.po >"$LW/unit-report.out" 2>/dev/null
check "locales: --locale-report: the refused unit, at its msgstr, exit 1" sh -c \
    "test $? -eq 1 && grep -qx 'unit.po:$line: refused: population-unit: 1000000' '$LW/unit-report.out'"

# A decimal point of two characters (", ") printed "38, 8 km²": the
# points and separators of numbers are one character, refused if not.
sed '/^msgctxt "decimal-point"$/,/^msgstr/s/^msgstr ".*"$/msgstr ", "/' \
    "$CATS/de.po" >point.po
line=$(grep -n '^msgstr ", "$' point.po | cut -d: -f1)
"$UCAPGEN" changchun.yaml --locale point.po -o "$LW/point.pdf" 2>"$LW/point.err"
check "locales: a decimal point of two characters: a warning at its msgstr" grep -qx \
    "point.po:$line:1: warning: the translation of 'decimal-point' is ', ': the decimal point is one character, which is not a digit or a space; the English value is used" \
    "$LW/point.err"
pdftotext "$LW/point.pdf" "$LW/point.txt" 2>/dev/null
check "locales: (and the number written with the English point)" \
    grep -qx '7.7 Mio.' "$LW/point.txt"

# A control character in a translation (an escape or a byte pasted from
# elsewhere) cannot be drawn and made the SVG ill-formed: a catalog's is
# refused at its msgstr (the English text is used, the report counts
# it), a plan translation's is an error there.
sed '/^msgctxt "title"$/,/^msgstr/s/^msgstr "\(.*\)"$/msgstr "\\001\1\\033"/' \
    "$CATS/de.po" >ctl.po
line=$(grep -n '^msgstr "\\001' ctl.po | cut -d: -f1)
"$UCAPGEN" changchun.yaml --locale ctl.po -o "$LW/ctl.svg" 2>"$LW/ctl.err"
check "locales: a control character in a catalog: a warning at its msgstr" grep -qx \
    "ctl.po:$line:1: warning: the translation of 'title' holds the control character U+0001, which no page can show; the English text is used" \
    "$LW/ctl.err"
check "locales: (and the SVG well-formed, with the English title)" sh -c \
    "xmllint --noout '$LW/ctl.svg' && grep -q 'IUC Urban Cooperation Action Plan' '$LW/ctl.svg'"
"$UCAPGEN" --locale-report ctl.po >"$LW/ctl-report.out" 2>/dev/null
check "locales: --locale-report: the control character refused, exit 1" sh -c \
    "test $? -eq 1 && grep -q '^ctl.po:$line: refused: title: ' '$LW/ctl-report.out'"
if [ "$locales_tools" = 1 ]; then
	sed '/^msgctxt "themes\/1"$/,/^msgstr/s/^msgstr "\(.*\)"$/msgstr "\1\\001"/' \
	    changchun.zh.po >ctl-plan.po
	line=$(grep -n '\\001"$' ctl-plan.po | cut -d: -f1)
	status_is "locales: a control character in a plan translation: exit 1" 1 \
	    "$UCAPGEN" changchun.yaml --translations ctl-plan.po -o "$LW/ctl-plan.svg"
	check "(an error at its msgstr; nothing written)" sh -c \
	    "grep -q '^ctl-plan.po:$line:1: error: the translation of themes/1: it holds the control character U+0001' '$WORK/status.out' &&
	    test ! -e '$LW/ctl-plan.svg'"
fi

# ---- 7. The locale report, unknown locales, editing a catalog ----

# Greek with sdg-9 fuzzy, date-month-5 gone, the topic "Housing"
# untranslated, and an entry en.po does not have.
msggrep --msgctxt -e '^sdg-9$' "$CATS/el.po" -o sel.po
msgattrib --set-fuzzy --only-file=sel.po "$CATS/el.po" -o el-1.po
msggrep -v --msgctxt -e '^date-month-5$' el-1.po -o el-2.po
awk '/^msgid "Housing"$/ { t = 1 }
    t && /^msgstr / { print "msgstr \"\""; t = 0; next } { print }' el-2.po >el-3.po
printf '\nmsgctxt "gone"\nmsgid "Gone"\nmsgstr "Χάθηκε"\n' >>el-3.po
cp el-3.po el-incomplete.po
"$UCAPGEN" --locale-report el-incomplete.po >"$LW/report.out" 2>"$LW/report.err"
check "locales: --locale-report: exit 1 when texts are missing" test $? -eq 1
check "locales: --locale-report: nothing on standard error" test ! -s "$LW/report.err"
golden "locales: --locale-report of an incomplete catalog" \
    "$L/report-incomplete.out" "$LW/report.out"
# A msgid a translator edited: its msgctxt tells which text it was, so
# the report says so once, where it is, and not "missing" and "unused".
sed 's/^msgid "Country"$/msgid "Countri"/' "$CATS/de.po" >de-edited.po
"$UCAPGEN" --locale-report de-edited.po >"$LW/edited.out" 2>&1
check "locales: --locale-report: an edited msgid, exit 1" test $? -eq 1
check "locales: --locale-report: an edited msgid, at its entry" grep -qx \
    "de-edited.po:$(grep -n '^msgctxt "country"$' de-edited.po | cut -d: -f1): changed: country: Countri (the template's msgid is \"Country\"; a msgid must stay as it is there)" \
    "$LW/edited.out"
check "locales: --locale-report: an edited msgid, neither missing nor unused" \
    grep -qx "de-edited.po: 99 of 100 texts translated; 0 missing, 0 untranslated, 0 fuzzy, 0 refused, 0 unused, 1 changed" \
    "$LW/edited.out"
"$UCAPGEN" changchun.yaml --locale el-incomplete.po -o "$LW/el.pdf" \
    2>"$LW/el-incomplete.err"
check "locales: an incomplete catalog: one warning" grep -qx \
    "el-incomplete.po: warning: 3 of the 100 texts of the sheet have no usable translation here (missing, empty, fuzzy or refused), so they stay in English; 'ucapgen --locale-report el-incomplete.po' lists them" \
    "$LW/el-incomplete.err"
# With --strict the count is an error, nothing is written, and so it
# does not say that the texts stay in English; once, in a batch too.
rm -f "$LW/el-strict.pdf"
status_is "locales: an incomplete catalog with --strict: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --locale el-incomplete.po --strict \
    -o "$LW/el-strict.pdf"
check "locales: an incomplete catalog with --strict: one error, no 'stay in English'" \
    test "$(cat "$WORK/status.out")" = \
    "el-incomplete.po: error: 3 of the 100 texts of the sheet have no usable translation here (missing, empty, fuzzy or refused); 'ucapgen --locale-report el-incomplete.po' lists them"
check "locales: an incomplete catalog with --strict: nothing written" \
    test ! -e "$LW/el-strict.pdf"
"$UCAPGEN" changchun.yaml --layout sheet,card --locale el-incomplete.po \
    --strict -f pdf,svg -o "$LW/el-batch/" 2>"$LW/el-batch.err"
check "locales: an incomplete catalog with --strict, in a batch: the error once" \
    test "$(grep -c "^el-incomplete.po: error: 3 of the 100 texts of the sheet have no usable translation here (missing, empty, fuzzy or refused); 'ucapgen --locale-report el-incomplete.po' lists them\$" "$LW/el-batch.err")" = 1
# One text lacking: the message speaks of it in the singular.
msgattrib --set-fuzzy --only-file=sel.po "$CATS/el.po" -o el-one.po
"$UCAPGEN" changchun.yaml --locale el-one.po -o "$LW/el-one.pdf" \
    2>"$LW/el-one.err"
check "locales: a catalog lacking one text: the warning in the singular" grep -qx \
    "el-one.po: warning: 1 of the 100 texts of the sheet has no usable translation here (missing, empty, fuzzy or refused), so it stays in English; 'ucapgen --locale-report el-one.po' lists them" \
    "$LW/el-one.err"
check "locales: an incomplete catalog with --strict, in a batch: every summary fails" \
    grep -qx "0 rendered, 2 failed" "$LW/el-batch.err"
check "locales: an incomplete catalog with --strict, in a batch: nothing written" \
    test -z "$(ls -A "$LW/el-batch" 2>/dev/null)"
pdftotext "$LW/el.pdf" "$LW/el-incomplete.txt" 2>/dev/null
check "locales: an incomplete catalog: English where it lacks" sh -c \
    "grep -qx 'ΣΒΑ 9: Industry, innovation and infrastructure' '$LW/el-incomplete.txt' &&
    grep -q '^31 May 2017, Brussels' '$LW/el-incomplete.txt' &&
    grep -qx 'ΣΒΑ 4: Ποιοτική εκπαίδευση' '$LW/el-incomplete.txt'"
msggrep --msgctxt -e '^sdg-12$' "$CATS/el.po" -o sel.po
msgattrib --set-fuzzy --only-file=sel.po "$CATS/el.po" -o el-fuzzy.po
status_is "locales: --locale-report: a fuzzy entry alone: exit 0" 0 \
    "$UCAPGEN" --locale-report el-fuzzy.po
status_is "locales: --locale-report --strict: a fuzzy entry: exit 1" 1 \
    "$UCAPGEN" --locale-report el-fuzzy.po --strict

status_is "locales: an unknown locale: exit 1" 1 \
    "$UCAPGEN" changchun.yaml --locale xx -o "$LW/x.pdf"
check "locales: an unknown locale: the languages there" grep -q \
    "^ucapgen: error: no string catalog for the locale 'xx': .*/layouts/catalogs has bg, de, el, en, es and zh; a new language is one more PO file there (see the README.md beside them)$" \
    "$WORK/status.out"
status_is "locales: --locale-report of an unknown locale: exit 1" 1 \
    "$UCAPGEN" --locale-report xx
status_is "locales: an empty --locale: usage" 2 \
    "$UCAPGEN" changchun.yaml --locale "" -o "$LW/x.pdf"
for l in zh-CN:人口 zh_CN:人口 zh-Hans:人口 de-AT:Einwohnerzahl DE:Einwohnerzahl; do
	"$UCAPGEN" changchun.yaml --locale "${l%%:*}" --dump layout \
	    >"$LW/locale.layout" 2>&1
	check "locales: --locale ${l%%:*} finds its language" grep -q \
	    "\"${l#*:}\"" "$LW/locale.layout"
done

# A translator edits a catalog and runs again: no rebuild.
sed 's/^msgstr "Einwohnerzahl"$/msgstr "Bevölkerung"/' "$CATS/de.po" >edited.po
"$UCAPGEN" changchun.yaml --locale edited.po --dump layout >"$LW/edited.layout"
check "locales: an edited catalog is read as it is" grep -q '"Bevölkerung"' \
    "$LW/edited.layout"

cd "$TOP" || return
