#!/usr/bin/env bash
# batch.sh: how fast ucapgen renders many summaries in one run.
#
#   tests/bench/batch.sh [-n PLANS] [-r RUNS]
#
# Makes PLANS plans (default 200): copies of the examples with other city
# names and more or fewer activities, short and long.  Renders them all
# to PDF in one process with -j 1 and with -j 2, in turn, RUNS times each
# (default 5; the median and the best run are printed), and prints
# milliseconds per summary, the speed-up of two workers (the median
# ratio of runs side by side), the peak memory of the process and its page
# faults per summary (start-up included: memory handed back to the
# system and taken again shows here); beside the speed-up, that of two
# separate processes side by side, each with half the plans and -j 1
# (they share no memory: what the machine's cores give, the bound for
# -j 2); the time per summary and the speed-up beyond the first PLANS
# plans of a batch of twice as many (what scales, without what a batch
# and each worker pay once); the time per summary, -j 1 and -j 2, of what
# the programme's CI renders: every example in every built-in layout and
# shipped language; the time per summary for as many copies of the
# Changchun sheet.  Then the peak memory for 50, 100
# and 200 plans (it should not grow with the batch), and how the time
# grows with a plan's length: plans of about 1, 10 and 100 pages, their
# peak memory as PDF and as SVG, and one paragraph of 100,000 to
# 1,600,000 characters; last, a text in a script no font has (its time,
# its PDF's size, its warnings).  It measures and never judges: exit status 0
# unless a render fails.  Uses the build in $BUILD (default build/).
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
BUILD=${BUILD:-$TOP/build}
PLANS=200
RUNS=5
while [ $# -gt 0 ]; do
	case "$1" in
	-n) PLANS=$2; shift ;;
	-r) RUNS=$2; shift ;;
	*) echo "usage: $0 [-n PLANS] [-r RUNS]" >&2; exit 2 ;;
	esac
	shift
done
[ -f "$BUILD/build.ninja" ] || meson setup "$BUILD" >/dev/null || exit 1
ninja -C "$BUILD" >/dev/null || exit 1
U=$BUILD/ucapgen
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export SOURCE_DATE_EPOCH=1500000000
PY=${PYTHON:-python3}

# make_plans DIR N: N plans, the examples renamed, with the activities
# cut or repeated; plan i is the same whatever N.
make_plans() {
"$PY" - "$TOP/examples" "$1" "$2" <<'EOF'
import os, re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst, exist_ok=True)
texts = {k: open(os.path.join(src, k + '.yaml'), encoding='utf-8').read()
         for k in ('changchun', 'long', 'minimal')}
def activities(text, keep):
    head, sep, rest = text.partition('\nactivities:\n')
    if not sep:
        return text
    items = re.split(r'\n(?=  - date:)', rest)
    body, tail = items, ''
    last = items[-1]
    m = re.search(r'\n(?=[a-z])', last)
    if m:
        body[-1], tail = last[:m.start()], last[m.start():]
    body = [b for b in body if b.strip()]
    chosen = (body * (keep // max(len(body), 1) + 1))[:keep]
    return head + sep + '\n'.join(chosen) + tail
for i in range(n):
    base = ('changchun', 'long', 'minimal')[i % 3]
    t = texts[base].replace('name: Changchun', 'name: Changchun %d' % i)
    t = t.replace('name: Harbin', 'name: Harbin %d' % i)
    if base != 'minimal':
        t = activities(t, (i * 7) % 20 + 1)
    open(os.path.join(dst, 'plan%03d.yaml' % i), 'w', encoding='utf-8').write(t)
EOF
cp -r "$TOP/examples/images" "$1/"
}
make_plans "$W/plans" "$PLANS"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# run J PLANS...: wall ms of one batch, and its peak kB in $W/peak.
run() {
	local j=$1 t0 t1
	shift
	rm -rf "$W/out"
	t0=$EPOCHREALTIME
	/usr/bin/time -f "%M %R" -o "$W/peak" "$U" "$@" -o "$W/out/" --format pdf -j "$j" 2>"$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	t1=$EPOCHREALTIME
	echo "$t0 $t1" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }'
}

echo "ucapgen batch benchmark: $PLANS plans, PDF, median of $RUNS runs"
echo "machine: $(nproc) cores, $(uname -m)"
# pair: wall ms of two processes side by side, each rendering half the
# plans with -j 1.  They share no memory, so their speed-up over one
# process is what this machine's two cores give work like ours.
pair() {
	local t0 t1 half
	half=$(( PLANS / 2 ))
	rm -rf "$W/out" "$W/out2"
	t0=$EPOCHREALTIME
	"$U" $(ls "$W"/plans/*.yaml | head -n "$half") -o "$W/out/" \
	    --format pdf -j 1 2>"$W/err" &
	"$U" $(ls "$W"/plans/*.yaml | tail -n +$(( half + 1 ))) \
	    -o "$W/out2/" --format pdf -j 1 2>"$W/err2" ||
		{ cat "$W/err2" >&2; exit 1; }
	wait $! || { cat "$W/err" >&2; exit 1; }
	t1=$EPOCHREALTIME
	echo "$t0 $t1" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }'
}

# -j 1, -j 2 and the pair in turn, so that the machine's drift touches
# all alike.
: >"$W/ms-1.all"
: >"$W/ms-2.all"
: >"$W/ms-pair.all"
for r in $(seq "$RUNS"); do
	for j in 1 2; do
		run "$j" "$W"/plans/*.yaml >>"$W/ms-$j.all"
		cp "$W/peak" "$W/peak-$j"
	done
	pair >>"$W/ms-pair.all"
done
for j in 1 2; do
	median <"$W/ms-$j.all" >"$W/ms-$j"
	sort -n "$W/ms-$j.all" | head -n 1 >"$W/best-$j"
	ms=$(cat "$W/ms-$j")
	printf -- "-j %d: %8.1f ms for %d summaries = %6.2f ms per summary (best run %.2f), peak %d MiB, %d page faults per summary\n" \
	    "$j" "$ms" "$PLANS" "$(echo "$ms $PLANS" | awk '{ print $1 / $2 }')" \
	    "$(echo "$(cat "$W/best-$j") $PLANS" | awk '{ print $1 / $2 }')" \
	    "$(( $(cut -d' ' -f1 "$W/peak-$j") / 1024 ))" \
	    "$(( $(cut -d' ' -f2 "$W/peak-$j") / PLANS ))"
done
# Each -j 1 run beside the -j 2 run that followed it: the machine's
# drift cancels out of their ratio.
printf "speed-up of -j 2: %s x (median of the %d runs' ratios; %s x from the medians)\n" \
    "$(paste "$W/ms-1.all" "$W/ms-2.all" | awk '{ print $1 / $2 }' | median |
        awk '{ printf "%.2f", $1 }')" "$RUNS" \
    "$(paste "$W/ms-1" "$W/ms-2" | awk '{ printf "%.2f", $1 / $2 }')"
printf "two processes side by side, -j 1 on half the plans each: %s x (the same median; what the machine's two cores give)\n" \
    "$(paste "$W/ms-1.all" "$W/ms-pair.all" | awk '{ print $1 / $2 }' |
        median | awk '{ printf "%.2f", $1 }')"

# Beyond the start: a batch of twice the plans beside the batch above,
# -j 1 and -j 2 in turn.  The difference of their times is what the
# second half of the bigger batch cost, without what any batch pays
# once (starting the process, reading the schema, catalog and layout)
# or each worker pays once (its fonts and caches, set up by its first
# summaries): the speed-up of the work that scales.
make_plans "$W/plans2" $(( PLANS * 2 ))
: >"$W/more-1.all"
: >"$W/more-2.all"
for r in $(seq "$RUNS"); do
	for j in 1 2; do
		a=$(run "$j" "$W"/plans/*.yaml)
		b=$(run "$j" "$W"/plans2/*.yaml)
		# (run's exit in $( ) leaves only the subshell)
		[ -n "$a" ] && [ -n "$b" ] || exit 1
		echo "$a $b" | awk '{ print $2 - $1 }' >>"$W/more-$j.all"
	done
done
printf -- "beyond the first %d plans, in a batch of %d: -j 1 %.2f ms per summary, -j 2 %.2f; speed-up %s x (median of the %d runs' ratios)\n" \
    "$PLANS" $(( PLANS * 2 )) \
    "$(echo "$(median <"$W/more-1.all") $PLANS" | awk '{ print $1 / $2 }')" \
    "$(echo "$(median <"$W/more-2.all") $PLANS" | awk '{ print $1 / $2 }')" \
    "$(paste "$W/more-1.all" "$W/more-2.all" | awk '{ print $1 / $2 }' |
        median | awk '{ printf "%.2f", $1 }')" "$RUNS"

# What the programme's CI renders: every example in every built-in layout
# and shipped language, -j 1 and -j 2 in turn.
LAYOUTS=$(ls "$TOP"/layouts/*.xml | sed 's|.*/||; s|\.xml$||' | paste -sd, -)
LOCALES=$(ls "$TOP"/layouts/catalogs/*.po | sed 's|.*/||; s|\.po$||' |
    paste -sd, -)
NCI=$(( $(ls "$TOP"/examples/*.yaml | wc -l) *
    $(echo "$LAYOUTS" | tr , '\n' | wc -l) *
    $(echo "$LOCALES" | tr , '\n' | wc -l) ))
: >"$W/ci-1.all"
: >"$W/ci-2.all"
for r in $(seq "$RUNS"); do
	for j in 1 2; do
		run "$j" "$TOP"/examples/*.yaml --layout "$LAYOUTS" \
		    --locale "$LOCALES" >>"$W/ci-$j.all"
	done
done
for j in 1 2; do
	printf -- "-j %d, every example in every layout and language (%d summaries): %6.2f ms per summary\n" \
	    "$j" "$NCI" "$(echo "$(median <"$W/ci-$j.all") $NCI" |
	        awk '{ print $1 / $2 }')"
done
printf "speed-up of -j 2 there: %s x (median of the %d runs' ratios)\n" \
    "$(paste "$W/ci-1.all" "$W/ci-2.all" | awk '{ print $1 / $2 }' |
        median | awk '{ printf "%.2f", $1 }')" "$RUNS"

# The same count of copies of the Changchun sheet (2 pages), renamed:
# the figure to set beside other tools' time for one copy of this sheet.
mkdir -p "$W/sheet"
for i in $(seq "$PLANS"); do
	sed "s/name: Changchun/name: Changchun $i/" "$TOP/examples/changchun.yaml" \
	    >"$W/sheet/sheet$i.yaml"
done
cp -r "$TOP/examples/images" "$W/sheet/"
for r in $(seq "$RUNS"); do
	run 1 "$W"/sheet/*.yaml
done | median >"$W/ms-sheet"
printf -- "-j 1, %d copies of the Changchun sheet: %6.2f ms per summary\n" \
    "$PLANS" "$(echo "$(cat "$W/ms-sheet") $PLANS" | awk '{ print $1 / $2 }')"

echo "peak memory as the batch grows (-j 1):"
for n in 50 100 200; do
	[ "$n" -gt "$PLANS" ] && continue
	run 1 $(ls "$W"/plans/*.yaml | head -n "$n") >/dev/null
	printf "  %3d plans: %d MiB\n" "$n" "$(( $(cut -d' ' -f1 "$W/peak") / 1024 ))"
done

# Length: plans of 1, about 10 and about 100 pages (sheet layout): the
# minimal example, and the long one with its activities repeated.
"$PY" - "$TOP/examples/long.yaml" "$W/len" <<'EOF'
import os, re, sys
text = open(sys.argv[1], encoding='utf-8').read()
os.makedirs(sys.argv[2], exist_ok=True)
head, sep, rest = text.partition('\nactivities:\n')
items = re.split(r'\n(?=  - date:)', rest)
last = items[-1]
m = re.search(r'\n(?=[a-z])', last)
tail = ''
if m:
    items[-1], tail = last[:m.start()], last[m.start():]
items = [i for i in items if i.strip()]
for name, n in (('p10', len(items)), ('p100', len(items) * 16)):
    chosen = (items * (n // max(len(items), 1) + 1))[:n]
    body = head + sep + '\n'.join(chosen) + tail
    open(os.path.join(sys.argv[2], name + '.yaml'), 'w', encoding='utf-8').write(body)
EOF
# one page: the plan with only the required fields
cp "$TOP/examples/minimal.yaml" "$W/len/p1.yaml"
cp -r "$TOP/examples/images" "$W/len/"
# render_ms PLAN OUT: the median wall ms of RUNS renders, one process each.
render_ms() {
	local r t0 t1
	for r in $(seq "$RUNS"); do
		t0=$EPOCHREALTIME
		"$U" "$1" -o "$2" 2>/dev/null || return 1
		t1=$EPOCHREALTIME
		echo "$t0 $t1" | awk '{ printf "%.1f\n", ($2 - $1) * 1000 }'
	done | median
	[ "${PIPESTATUS[0]}" = 0 ]
}

echo "time as a plan grows (one process each, median of $RUNS):"
echo "  pages   total ms   ms per page"
for p in p1 p10 p100; do
	render_ms "$W/len/$p.yaml" "$W/$p.pdf" >"$W/t" || exit 1
	pages=$(pdfinfo "$W/$p.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	printf "  %5s   %8.1f   %11.2f\n" "$pages" "$(cat "$W/t")" \
	    "$(echo "$(cat "$W/t") $pages" | awk '{ print $1 / $2 }')"
done

# Peak memory by output format as a plan grows: the SVG is rewritten as
# a stream (svgpost.c), so it should grow with the pages about as the
# PDF does, not with eight times the SVG's size.
echo "peak memory as a plan grows (MiB):"
echo "  pages     pdf     svg"
for p in p1 p10 p100; do
	pages=$(pdfinfo "$W/$p.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	line="  $(printf %5s "$pages")"
	for f in pdf svg; do
		/usr/bin/time -f "%M" -o "$W/peak" "$U" "$W/len/$p.yaml" \
		    -o "$W/$p.$f" 2>/dev/null || exit 1
		line="$line $(printf %7d $(( $(cat "$W/peak") / 1024 )))"
	done
	echo "$line"
done

# One paragraph of 100,000, 400,000 and 1,600,000 characters: time must
# grow linearly (Pango shapes long items again at each line break, and
# its widths overflow past 2^31 units; text.c cuts the items short).
echo "time as one paragraph grows (one process each, median of $RUNS):"
echo "  characters   pages   total ms"
for n in 100000 400000 1600000; do
	{
		cat "$TOP/examples/minimal.yaml"
		printf 'objectives: >\n  '
		yes 'urban cooperation on mobility, housing and energy,' |
		    head -c "$n" | tr '\n' ' '
		printf '\n'
	} >"$W/para.yaml"
	render_ms "$W/para.yaml" "$W/para.pdf" >"$W/t" || exit 1
	pages=$(pdfinfo "$W/para.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	printf "  %10d   %5s   %8.1f\n" "$n" "$pages" "$(cat "$W/t")"
done

# A text in a script no bundled font has: 3,000 words of Devanagari and
# Ethiopic letters (390 different ones), each drawn as a box with its
# code.  The PDF draws each box once (a form) and places it.
echo "a text in a script no font has (one process, median of $RUNS):"
"$PY" - "$TOP/examples/minimal.yaml" "$W/script.yaml" <<'PYEOF'
import random, sys
random.seed(1)
words = []
for i in range(3000):
    words.append(''.join(chr(random.choice([random.randint(0x905, 0x939),
                                            random.randint(0x1200, 0x1350)]))
                         for _ in range(random.randint(2, 7))))
text = open(sys.argv[1], encoding='utf-8').read()
text += 'objectives: "%s"\n' % ' '.join(words)
open(sys.argv[2], 'w', encoding='utf-8').write(text)
PYEOF
render_ms "$W/script.yaml" "$W/script.pdf" >"$W/t" || exit 1
printf "  %d pages, %.1f ms, PDF %d KB, %d warnings\n" \
    "$(pdfinfo "$W/script.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" \
    "$(cat "$W/t")" "$(( $(wc -c <"$W/script.pdf") / 1024 ))" \
    "$("$U" --check "$W/script.yaml" 2>&1 | grep -c ': warning: ')"
