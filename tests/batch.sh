# Batch mode, dependency files, the summaries target, byte-identical
# output, watch mode.  Sourced by tests/run.
EX=$TOP/examples
B=$WORK/batch
mkdir -p "$B"

# ---- Many plans, one folder ----
"$UCAPGEN" "$EX"/*.yaml -o "$B/out/" --format pdf,svg -j 2 >"$B/out.stdout" 2>"$B/out.err"
status=$?
check "batch: exit 0" test "$status" = 0
check "batch: nothing on standard output" test ! -s "$B/out.stdout"
for p in changchun long minimal; do
	check "batch: $p.pdf and $p.svg" test -s "$B/out/$p.pdf" -a -s "$B/out/$p.svg"
done
check "batch: the summary line" grep -qx "3 rendered, 0 failed" "$B/out.err"
check "batch: one line per plan off a terminal" \
	test "$(grep -c '^ok .*(+1) ([0-9]* ms)$' "$B/out.err")" = 3

# Layouts and locales as lists: the names say which.
"$UCAPGEN" "$EX/minimal.yaml" "$EX/changchun.yaml" -o "$B/ll/" --format pdf \
	--layout sheet,card --locale en,de 2>"$B/ll.err"
n=$(ls "$B/ll" | wc -l)
check "batch: plans x layouts x locales" test "$n" = 8
check "batch: STEM-LAYOUT-LOCALE names" test -s "$B/ll/changchun-card-de.pdf" -a -s "$B/ll/minimal-sheet-en.pdf"
# A plan's jobs in one language go to one worker, one after the other:
# their texts are the same in each layout, and that worker sets them
# once.  With -j 1 the lines show that order.
"$UCAPGEN" "$EX/minimal.yaml" "$EX/changchun.yaml" -o "$B/ll1/" --format pdf \
	--layout sheet,card --locale en,de -j 1 2>"$B/ll1.err"
sed -n 's|^ok .*/\([a-z-]*\)\.pdf ([0-9]* ms)$|\1|p' "$B/ll1.err" >"$B/ll1.order"
check "batch: a plan's jobs in one language follow each other" test \
    "$(paste -sd' ' "$B/ll1.order")" = "minimal-sheet-en minimal-card-en minimal-sheet-de minimal-card-de changchun-sheet-en changchun-card-en changchun-sheet-de changchun-card-de"
"$UCAPGEN" "$EX/minimal.yaml" -o "$B/one/" --format png --layout card 2>/dev/null
check "batch: a single layout is not named" test -s "$B/one/minimal.png"
# A plan from standard input is named "stdin"; two plans of one name
# would overwrite each other: refused before anything is written.
"$UCAPGEN" - "$EX/minimal.yaml" -o "$B/in/" --format pdf <"$EX/minimal.yaml" 2>/dev/null
check "batch: a plan from standard input goes to stdin.pdf" \
	test -s "$B/in/stdin.pdf" -a -s "$B/in/minimal.pdf" -a ! -e "$B/in/-.pdf"
mkdir -p "$B/twin"
cp "$EX/minimal.yaml" "$B/twin/minimal.yaml"
"$UCAPGEN" "$EX/minimal.yaml" "$B/twin/minimal.yaml" -o "$B/twins/" --format pdf 2>"$B/twins.err"
status=$?
check "batch: two plans of one name refused, exit 2" test "$status" = 2
check "batch: which plans, which file" grep -q "two summaries would go to '$B/twins/minimal.pdf' (of $EX/minimal.yaml and $B/twin/minimal.yaml)" "$B/twins.err"
check "batch: nothing written for them" test ! -e "$B/twins/minimal.pdf"
cp "$EX/minimal.yaml" "$B/twin/stdin.yaml"
"$UCAPGEN" - "$B/twin/stdin.yaml" -o "$B/twins/" --format pdf <"$EX/minimal.yaml" 2>"$B/twins.err"
check "batch: standard input named so in the refusal" grep -q "(of standard input and $B/twin/stdin.yaml)" "$B/twins.err"

# One plan's translations in eight jobs on two workers: each job reads
# the PO file, and the PO library is not made for two readers at once
# (this crashed about one run in four before it was serialised).
batch_translations() {
	local k
	for k in 1 2 3 4 5 6 7 8 9 10; do
		rm -rf "$B/tr"
		"$UCAPGEN" "$EX/changchun.yaml" --translations \
		    "$TOP/tests/locales/changchun.zh.po" --locale zh,de,es,el \
		    --layout sheet,card -j 2 -f pdf -o "$B/tr/" 2>"$B/tr.err" ||
		    return 1
		grep -qx "8 rendered, 0 failed" "$B/tr.err" || return 1
	done
}
check "batch: translations read by two workers at once, ten runs" \
	batch_translations

# A failing plan does not stop the others.
printf 'city:\n  name: Nowhere\n' >"$B/bad.yaml"
"$UCAPGEN" "$B/bad.yaml" "$EX/minimal.yaml" "$EX/changchun.yaml" -o "$B/mixed/" --format pdf -j 2 2>"$B/mixed.err"
status=$?
check "batch: a failure gives exit 1" test "$status" = 1
check "batch: the others are rendered" test -s "$B/mixed/minimal.pdf" -a -s "$B/mixed/changchun.pdf"
check "batch: no output for the failing plan" test ! -e "$B/mixed/bad.pdf"
check "batch: its messages, FILE:LINE:COL" grep -q "^$B/bad.yaml:[0-9]*:[0-9]*: error: " "$B/mixed.err"
check "batch: 2 rendered, 1 failed" grep -qx "2 rendered, 1 failed" "$B/mixed.err"
check "batch: each message once" test "$(sort "$B/mixed.err" | uniq -d | wc -l)" = 0
# On a terminal: a progress line, written over; a failure on a line of
# its own, so that it stays in view.
if command -v script >/dev/null 2>&1; then
	script -qec "'$UCAPGEN' '$B/bad.yaml' '$EX/minimal.yaml' '$EX/changchun.yaml' -o '$B/tty/' --format pdf -j 1" \
	    /dev/null >"$B/tty.log" 2>&1
	tr -d '\r' <"$B/tty.log" >"$B/tty.txt"
	check "batch on a terminal: the progress line" grep -q '\[3/3\] rendered ' "$B/tty.txt"
	check "batch on a terminal: a failure on a line of its own" grep -qx "failed: $B/tty/bad.pdf" "$B/tty.txt"
else
	fail "batch: no script (apt-get install bsdutils)"
fi

# A broken plan in two layouts and two languages: four failed jobs, and
# its messages once.
"$UCAPGEN" "$B/bad.yaml" "$EX/minimal.yaml" -o "$B/mixed2/" --format pdf \
    --layout sheet,card --locale en,de -j 2 2>"$B/mixed2.err"
check "batch: layouts and languages: 4 rendered, 4 failed" grep -qx "4 rendered, 4 failed" "$B/mixed2.err"
check "batch: layouts and languages: a broken plan's messages once" \
    test "$(grep -c "^$B/bad.yaml:[0-9]*:[0-9]*: error: " "$B/mixed2.err")" = \
    "$(grep -c "^$B/bad.yaml:[0-9]*:[0-9]*: error: " "$B/mixed.err")"
check "batch: layouts and languages: each message once" \
    test "$(grep -v '^FAILED ' "$B/mixed2.err" | sort | uniq -d | wc -l)" = 0

# Usage errors.
status_is "batch: several plans need a folder" 2 "$UCAPGEN" "$EX/minimal.yaml" "$EX/long.yaml" -o "$B/x.pdf"
status_is "batch: a folder needs formats" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$B/f/"
mkdir -p "$B/other"
cp "$EX/minimal.yaml" "$B/other/"
status_is "batch: two plans of one name" 2 "$UCAPGEN" "$EX/minimal.yaml" "$B/other/minimal.yaml" -o "$B/dup/" --format pdf
check "batch: two plans of one name: the message names both" grep -qF \
    "(of $EX/minimal.yaml and $B/other/minimal.yaml)" "$WORK/status.out"
cp "$EX/changchun.yaml" "$B/other/changchun-1.yaml"
status_is "batch: a PNG page name another plan would write (usage)" 2 \
    "$UCAPGEN" "$EX/changchun.yaml" "$B/other/changchun-1.yaml" -o "$B/pages/" --format png
check "batch: the page-name clash is refused before anything is written" test ! -e "$B/pages"
check "batch: the page-name clash names both plans" grep -qF \
    "'$B/pages/changchun-1.png' (of $B/other/changchun-1.yaml) would be written over by a page of '$B/pages/changchun.png' (of $EX/changchun.yaml)" \
    "$WORK/status.out"
status_is "batch: (as PDF the same plans are fine)" 0 \
    "$UCAPGEN" "$EX/changchun.yaml" "$B/other/changchun-1.yaml" -o "$B/pages-pdf/" --format pdf
status_is "batch: unknown format in a list" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$B/u/" --format pdf,doc

# The same bytes with one worker or four, and as a single plan.
"$UCAPGEN" "$EX"/*.yaml -o "$B/j1/" --format pdf,svg,png --layout sheet,card,brief --dpi 30 -j 1 2>/dev/null
"$UCAPGEN" "$EX"/*.yaml -o "$B/j4/" --format pdf,svg,png --layout sheet,card,brief --dpi 30 -j 4 2>/dev/null
check "batch: -j 1 and -j 4 give the same bytes" diff -r "$B/j1" "$B/j4"
"$UCAPGEN" "$EX/long.yaml" --layout brief -o "$B/single.pdf"
check "batch: a plan alone gives the same bytes as in a batch" cmp "$B/single.pdf" "$B/j1/long-brief.pdf"
"$UCAPGEN" "$EX/changchun.yaml" --layout card -o "$B/single.svg"
check "batch: the same SVG alone and in a batch" cmp "$B/single.svg" "$B/j1/changchun-card.svg"

# On a terminal: a progress line that rewrites itself.
if command -v script >/dev/null 2>&1; then
	script -qec "'$UCAPGEN' '$EX/minimal.yaml' '$EX/changchun.yaml' -o '$B/tty/' --format pdf -j 1" /dev/null >"$B/tty.out" 2>&1
	check "batch: a progress line on a terminal" grep -q '\[2/2\] rendered' "$B/tty.out"
	check "batch: the progress line is rewritten" grep -q "$(printf '\r')" "$B/tty.out"
else
	fail "batch: no 'script' to give a terminal (apt-get install bsdutils)"
fi

# ---- Byte-identical: other folders, other times, other locales ----
mkdir -p "$B/r1" "$B/r2"
(cd "$B/r1" && LC_ALL=C.UTF-8 TZ=UTC "$UCAPGEN" "$EX"/*.yaml -o out/ --format pdf,svg,png --dpi 30 --locale en,zh 2>/dev/null)
sleep 1
(cd "$B/r2" && LC_ALL=C TZ=Asia/Shanghai "$UCAPGEN" "$EX"/*.yaml -o out/ --format pdf,svg,png --dpi 30 --locale en,zh -j 1 2>/dev/null)
check "identical: another folder, time, time zone and locale" diff -r "$B/r1/out" "$B/r2/out"
(cd "$B/r1" && env -u SOURCE_DATE_EPOCH "$UCAPGEN" "$EX/long.yaml" -o a.pdf && sleep 1 && env -u SOURCE_DATE_EPOCH "$UCAPGEN" "$EX/long.yaml" -o b.pdf)
check "identical: without SOURCE_DATE_EPOCH too" cmp "$B/r1/a.pdf" "$B/r1/b.pdf"
check "identical: the date then comes from the plan" \
	sh -c "pdfinfo '$B/r1/a.pdf' | grep -q 'CreationDate: *Tue Dec 15 00:00:00 2020'"
check "identical: no path in the output" sh -c "! grep -qa '$TOP' '$B/r1/out/changchun-en.pdf' '$B/r1/out/changchun-en.svg'"

# ---- Dependency files ----
cp -r "$EX/long.yaml" "$EX/images" "$B/"
"$UCAPGEN" "$B/long.yaml" --layout card --locale de -o "$B/dep.pdf" --depfile "$B/dep.pdf.d"
d=$B/dep.pdf.d
check "depfile: the output is the target" grep -q "^$B/dep.pdf:" "$d"
for f in "$B/long.yaml" "$TOP/gen/plan.xsd" "$TOP/layouts/card.xml" "$TOP/layouts/layout.xsd" \
    "$TOP/layouts/catalogs/en.po" "$TOP/layouts/catalogs/de.po" "$B/images/harbin-emblem.svg" \
    "$TOP/fonts/NotoSans-Regular.ttf"; do
	check "depfile: names $(basename "$f")" grep -q "^  $f\( \\\\\)*$" "$d"
done
check "depfile: no layout it does not use" sh -c "! grep -q 'sheet.xml\|brief.xml' '$d'"
# make reads it: a changed dependency makes the output out of date.
printf 'include %s\n%s:\n\ttouch %s\n' "$d" "$B/dep.pdf" "$B/dep.pdf" >"$B/Makefile"
check "depfile: make finds the output up to date" make -q -f "$B/Makefile" "$B/dep.pdf"
touch -d '+1 minute' "$B/images/harbin-emblem.svg"
check "depfile: make finds it out of date after its image changed" sh -c "! make -q -f '$B/Makefile' '$B/dep.pdf'"
# An image that has gone away: make rebuilds the output (each
# dependency has an empty rule) instead of stopping.
mv "$B/images/harbin-emblem.svg" "$B/images/harbin-emblem.svg.away"
check "depfile: a dependency gone: make rebuilds instead of stopping" sh -c \
    "make -n -f '$B/Makefile' '$B/dep.pdf' 2>&1 | grep -q '^touch '"
mv "$B/images/harbin-emblem.svg.away" "$B/images/harbin-emblem.svg"
# An output name with a space and a '#', and a PNG of several pages: the
# targets are the files written, as Make reads names.
mkdir -p "$B/sp ace"
"$UCAPGEN" "$EX/changchun.yaml" -o "$B/sp ace/o#ut.png" --dpi 20 \
    --depfile "$B/png.d"
check "depfile: the PNG's pages are the targets, their names escaped" \
    test "$(head -1 "$B/png.d")" = \
    "$B/sp\\ ace/o\\#ut-1.png $B/sp\\ ace/o\\#ut-2.png: \\"
printf 'include %s\nall: %s\n' "$B/png.d" "$(printf '%s' "$B/sp ace/o#ut-1.png" | sed 's/[ #]/\\&/g')" >"$B/Makefile2"
check "depfile: make finds the PNG's pages up to date" make -q -f "$B/Makefile2" all
printf 'city:\n  name: X\n' >"$B/bad-dep.yaml"
"$UCAPGEN" "$B/bad-dep.yaml" -o "$B/bad-dep.pdf" --depfile "$B/bad-dep.pdf.d" 2>/dev/null
check "depfile: none for a plan that failed" test ! -e "$B/bad-dep.pdf.d"
status_is "depfile: one plan at a time" 2 "$UCAPGEN" "$EX/minimal.yaml" "$EX/long.yaml" -o "$B/d/" --format pdf --depfile "$B/x.d"

# ---- ninja summaries: incremental ----
if [ "${BATCH_NINJA:-1}" = 1 ]; then
	if ninja -C "$BUILD" summaries >"$B/ninja1.log" 2>&1; then
		pass
		check "summaries: every example x layout x language" \
			test "$(ls "$BUILD"/examples/*.pdf | wc -l)" = 54
		check "summaries: nothing to do the second time" \
			sh -c "ninja -C '$BUILD' summaries -n | grep -q 'no work to do'"
		touch "$TOP/examples/minimal.yaml"
		n=$(ninja -C "$BUILD" summaries -n | grep -c 'Generating')
		check "summaries: a touched plan renders its 18 summaries again" test "$n" = 18
		ninja -C "$BUILD" summaries >/dev/null 2>&1
		touch "$TOP/layouts/card.xml"
		n=$(ninja -C "$BUILD" summaries -n | grep 'Generating' | grep -c -- '-card-')
		m=$(ninja -C "$BUILD" summaries -n | grep -c 'Generating')
		check "summaries: a touched layout renders what uses it ($n of $m)" test "$n" = 18 -a "$m" = 18
		ninja -C "$BUILD" summaries >/dev/null 2>&1
		touch "$TOP/layouts/catalogs/el.po"
		n=$(ninja -C "$BUILD" summaries -n | grep -c 'Generating.*-el.pdf')
		m=$(ninja -C "$BUILD" summaries -n | grep -c 'Generating')
		check "summaries: a touched catalog renders its language ($n of $m)" test "$n" = 9 -a "$m" = 9
		ninja -C "$BUILD" summaries >/dev/null 2>&1
	else
		fail "summaries: ninja summaries" "$(tail -20 "$B/ninja1.log")"
	fi
fi

# ---- Watch mode ----
W=$B/watch
mkdir -p "$W"
cp "$EX/minimal.yaml" "$W/p.yaml"
"$UCAPGEN" "$W/p.yaml" -o "$W/p.pdf" --watch 2>"$W/log" &
wpid=$!
# wait_for PATTERN COUNT: until the log has COUNT lines like it (10 s).
wait_for() {
	for _ in $(seq 100); do
		[ "$(grep -c "$1" "$W/log")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
check "watch: renders at once" wait_for "rendered $W/p.pdf" 1
sed -i 's/Mannheim/Mannheim am Rhein/' "$W/p.yaml"
check "watch: renders again when the plan changes" wait_for "rendered $W/p.pdf" 2
check "watch: with the change" sh -c "pdftotext '$W/p.pdf' - | grep -q 'Mannheim am Rhein'"
sum=$(md5sum <"$W/p.pdf")
sed -i 's/2017-10/2017-13/' "$W/p.yaml"
check "watch: an invalid plan gives its message" wait_for "p.yaml:[0-9]*:[0-9]*: error: end: '2017-13'" 1
check "watch: and keeps the last good output" test "$(md5sum <"$W/p.pdf")" = "$sum"
sed -i 's/2017-13/2017-11/' "$W/p.yaml"
check "watch: renders again once the plan is mended" wait_for "rendered $W/p.pdf" 3
kill -INT "$wpid" 2>/dev/null
wait "$wpid"
check "watch: ends cleanly on an interrupt" test "$?" = 0

# A logo replaced while watched: the new one is drawn (each worker keeps
# the images it loaded, under their bytes, not their names), and the
# PDF is the one a fresh run makes.
cp "$TOP/tests/images/logo.png" "$TOP/tests/images/logo-png.yaml" "$W/"
: >"$W/log"
"$UCAPGEN" "$W/logo-png.yaml" -o "$W/logo.pdf" --watch 2>"$W/log" &
wpid=$!
check "watch, image: renders at once" wait_for "rendered $W/logo.pdf" 1
sum=$(md5sum <"$W/logo.pdf")
python3 "$TOP/tests/images/mkpng.py" rgb 200 120 >"$W/new.png"
mv "$W/new.png" "$W/logo.png"
check "watch, image: renders again when the image changes" wait_for "rendered $W/logo.pdf" 2
kill -INT "$wpid" 2>/dev/null
wait "$wpid"
"$UCAPGEN" "$W/logo-png.yaml" -o "$W/fresh.pdf" 2>/dev/null
check "watch, image: the new image, as a fresh run draws it" sh -c \
    "test \"\$(md5sum <'$W/logo.pdf')\" != '$sum' && cmp '$W/logo.pdf' '$W/fresh.pdf'"

# A layout of the plan's own, edited while watched: the render follows
# the layout (read again, not remembered); a layout that no longer
# parses keeps the output, and its mending is seen too.
cat >"$W/own.xml" <<'LAYOUT'
<?xml version="1.0" encoding="UTF-8"?>
<layout xmlns="urn:ucapgen:layout:1" name="own" base="sheet">
  <page size="A4" orientation="portrait"/>
</layout>
LAYOUT
: >"$W/log"
"$UCAPGEN" "$W/p.yaml" --layout "$W/own.xml" -o "$W/q.pdf" --watch 2>"$W/log" &
wpid=$!
check "watch, layout: renders at once" wait_for "rendered $W/q.pdf" 1
sed -i 's/orientation="portrait"/orientation="landscape"/' "$W/own.xml"
check "watch, layout: renders again when the layout changes" wait_for "rendered $W/q.pdf" 2
check "watch, layout: with the new layout (landscape)" sh -c \
    "pdfinfo '$W/q.pdf' | grep -q 'Page size: *841.89 x 595.276'"
sum=$(md5sum <"$W/q.pdf")
printf '<bogus\n' >>"$W/own.xml"
check "watch, layout: a broken layout gives its message" wait_for "own.xml:[0-9]*:[0-9]*: error: " 1
check "watch, layout: and keeps the last good output" test "$(md5sum <"$W/q.pdf")" = "$sum"
sed -i '/^<bogus$/d; s/orientation="landscape"/orientation="portrait"/' "$W/own.xml"
check "watch, layout: renders again once the layout is mended" wait_for "rendered $W/q.pdf" 3
check "watch, layout: with the mended layout (portrait)" sh -c \
    "pdfinfo '$W/q.pdf' | grep -q 'Page size: *595.276 x 841.89'"
kill -TERM "$wpid" 2>/dev/null
wait "$wpid"
check "watch: ends cleanly on a terminate signal" test "$?" = 0
status_is "watch: a plan on standard input cannot be watched (usage)" 2 \
    sh -c "'$UCAPGEN' - -o '$W/s.pdf' --watch <'$EX/minimal.yaml'"

# ---- What CI renders: every example, layout, language and format ----
"$UCAPGEN" "$EX"/*.yaml -o "$B/all/" --format pdf,svg,png --dpi 40 \
	--layout sheet,card,brief --locale en,de,es,el,bg,zh --strict 2>"$B/all.err"
status=$?
check "every example in every layout and language: no warning (--strict)" test "$status" = 0
check "every example in every layout and language: 54 rendered" grep -qx "54 rendered, 0 failed" "$B/all.err"

# Pango 1.50 starts two threads for every font pattern it meets first (a
# new size, weight or language); gen/fontmatch.c has it match fonts in
# the thread that asks instead.  Every example in every layout and
# language meets hundreds of patterns (984 threads before): with -j 1
# the process starts at most one thread, Pango's start-up of fontconfig.
# (LeakSanitizer's check at exit clones a task that is not a thread of
# the process: not counted.)
if command -v strace >/dev/null; then
	strace -f -qq -e trace=clone,clone3 -o "$B/threads.trace" \
	    "$UCAPGEN" "$EX"/*.yaml -o "$B/threads/" --format pdf \
	    --layout sheet,card,brief --locale en,de,es,el,bg,zh -j 1 \
	    2>"$B/threads.err"
	n=$(grep -c 'clone.*CLONE_THREAD' "$B/threads.trace")
	check "batch: Pango's font matching starts no threads ($n started)" \
	    test "$n" -le 1
	check "batch: ... and the 54 summaries are rendered" \
	    grep -qx "54 rendered, 0 failed" "$B/threads.err"
fi

# With two workers or more, the heaviest plans go first, whatever their
# order on the command line: a long plan left to the end would keep one
# worker busy while the others have nothing to do.  The first two plans
# the two workers open are the two biggest.  (-j 1 keeps the order
# given: above.)
if command -v strace >/dev/null; then
	mkdir -p "$B/heavy"
	for i in 1 2 3 4 5 6; do
		cp "$EX/minimal.yaml" "$B/heavy/a$i.yaml"
	done
	cp "$EX/changchun.yaml" "$B/heavy/y.yaml"
	cp "$EX/long.yaml" "$B/heavy/z.yaml"
	cp -r "$EX/images" "$B/heavy/"
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=open,openat -o "$B/heavy.trace" \
	    "$UCAPGEN" "$B"/heavy/*.yaml -o "$B/heavy/out/" --format pdf \
	    -j 2 2>"$B/heavy.err"
	first=$(grep -o 'heavy/[a-z0-9]*\.yaml"' "$B/heavy.trace" | head -n 2 |
	    sort | tr -d '"' | paste -sd ' ' -)
	check "batch: -j 2 takes the heaviest plans first ($first)" \
	    test "$first" = "heavy/y.yaml heavy/z.yaml"
	check "batch: ... and renders them all" \
	    grep -qx "8 rendered, 0 failed" "$B/heavy.err"
fi

# GLib before 2.76 hands out small blocks from slices that its threads
# pass to each other; ucapgen asks it for malloc's per-thread arenas
# instead, before GLib starts (gen/main.c).  Asked any later, GLib
# would refuse with a critical message and keep its slices.  (1 is
# G_SLICE_CONFIG_ALWAYS_MALLOC.)
if command -v gdb >/dev/null && ! pkg-config --atleast-version=2.76 glib-2.0; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    gdb -q -batch -ex 'break batch_run' -ex run \
	    -ex 'print (int)g_slice_get_config(1)' -ex kill \
	    --args "$UCAPGEN" "$EX/minimal.yaml" "$EX/changchun.yaml" \
	    -o "$B/slices/" --format pdf >"$B/slices.out" 2>&1
	check "batch: GLib's slices come from malloc" \
	    grep -qx '\$1 = 1' "$B/slices.out"
	check "batch: ... and GLib did not refuse" \
	    sh -c "! grep -q CRITICAL '$B/slices.out'"
fi

# The workers read a batch's catalogs and layouts side by side; what
# reading them said comes before the jobs' lines, once, in the jobs'
# order: the same with -j 1 and, run after run, with -j 2.
BADL=$TOP/tests/layouts/bad
for run in 1 2 3 4; do
	j=$(( run == 1 ? 1 : 2 ))
	"$UCAPGEN" "$EX/minimal.yaml" "$EX/changchun.yaml" -o "$B/words/" \
	    --format pdf --layout "sheet,$BADL/bad-colour.xml,$BADL/bad-length.xml" \
	    --locale en,de -j "$j" 2>"$B/words$run.err"
	sed '/^\(ok\|FAILED\) /,$d' "$B/words$run.err" >"$B/words$run.head"
done
check "batch: a bad layout's message once, before the jobs" test \
    "$(cat "$B/words1.head")" = "$(printf '%s\n%s' \
    "$BADL/bad-colour.xml:4:23: error: color=\"navy\" is not a colour written #RRGGBB or #RGB, such as #0f3d68" \
    "$BADL/bad-length.xml:4:22: error: size=\"9px\" is not a length above zero, such as 12pt, 4.5mm or 1in")"
for run in 2 3 4; do
	check "batch: ... the same with -j 2 (run $(( run - 1 )))" \
	    cmp -s "$B/words1.head" "$B/words$run.head"
done
check "batch: ... the jobs of the bad layouts fail, the others are rendered" \
    grep -qx "4 rendered, 8 failed" "$B/words4.err"

# A plan rendered in several layouts and languages is read and checked
# once, by the first of its jobs; every job of an invalid plan still
# fails, and its message is printed once.  (LeakSanitizer cannot work
# under strace: off for this run of a sanitizer build.)
if command -v strace >/dev/null; then
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=open,openat -o "$B/reads.trace" \
	    "$UCAPGEN" "$EX/changchun.yaml" "$TOP/tests/plans/bad-date.yaml" \
	    -o "$B/reads/" --format pdf --layout sheet,card --locale en,de \
	    -j 2 2>"$B/reads.err"
	status=$?
	n=$(grep -c 'changchun\.yaml"' "$B/reads.trace")
	check "batch: a plan in 2 layouts and 2 languages is read once ($n)" \
	    test "$n" = 1
	n=$(grep -c 'bad-date\.yaml"' "$B/reads.trace")
	check "batch: ... an invalid one too ($n)" test "$n" = 1
	check "batch: ... each of its jobs fails, the others are rendered" \
	    grep -qx "4 rendered, 4 failed" "$B/reads.err"
	check "batch: ... exit 1" test "$status" = 1
	check "batch: ... its message printed once" test "$(grep -c \
	    "bad-date.yaml:2:9: error: issued: '2017-02-30' is not a date" \
	    "$B/reads.err")" = 1
	check "batch: ... its four jobs said" \
	    test "$(grep -c '^FAILED .*bad-date' "$B/reads.err")" = 4
fi
