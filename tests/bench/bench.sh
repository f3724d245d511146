#!/usr/bin/env bash
# bench.sh: how long ucapgen takes, as a whole process, to render a plan.
#
#   tests/bench/bench.sh [-n RUNS] [-w WARMUP] [-f FORMAT] [PLAN.yaml...]
#
# Renders each plan (default: examples/changchun.yaml and
# examples/long.yaml) to FORMAT (default pdf) WARMUP times (default 3, not
# counted: they fill the font cache and the page cache), then RUNS times
# (default 30), each run a new process, start-up included.  Prints for
# each plan the median, min and max wall-clock milliseconds and the peak
# resident memory (MiB, the largest of 5 more runs under GNU time, so
# that the wrapper does not add to the times).  Quote the median; a wide
# min-max spread says the machine was busy.
#
# It measures and never judges: no time limit, exit status 0 unless a
# render fails.  Wall times come from hyperfine when it is installed,
# otherwise from bash ($EPOCHREALTIME around each run); peak memory from GNU
# time (/usr/bin/time, Debian package "time").  Uses the build in
# $BUILD (default build/), building it if needed.
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
BUILD=${BUILD:-$TOP/build}
RUNS=30
WARMUP=3
MEMRUNS=5
FORMAT=pdf
PLANS=()
while [ $# -gt 0 ]; do
	case "$1" in
	-n) RUNS=$2; shift ;;
	-w) WARMUP=$2; shift ;;
	-f) FORMAT=$2; shift ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) PLANS+=("$1") ;;
	esac
	shift
done
[ ${#PLANS[@]} -eq 0 ] && PLANS=(examples/changchun.yaml examples/long.yaml)

if [ ! -f "$BUILD/build.ninja" ]; then
	meson setup "$BUILD" >/dev/null || exit 1
fi
ninja -C "$BUILD" >/dev/null || { ninja -C "$BUILD"; exit 1; }
UCAPGEN=$BUILD/ucapgen

GNUTIME=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null
then
	GNUTIME=/usr/bin/time
fi
HYPERFINE=$(command -v hyperfine || true)

# The environment of the tests: fixed date and locale, a private cache.
export SOURCE_DATE_EPOCH=1500000000
export LC_ALL=C.UTF-8
TMP=$(mktemp -d)
export XDG_CACHE_HOME=$TMP/cache
trap 'rm -rf "$TMP"' EXIT

# stats FILE: "median min max" of the numbers in FILE, one a line.
stats() {
	sort -g "$1" | awk '{ v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	          printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

echo "$("$UCAPGEN" --version 2>/dev/null | head -1), $FORMAT," \
    "$RUNS runs after $WARMUP warm-up runs, on $(nproc) CPUs;" \
    "wall times by $([ -n "$HYPERFINE" ] && echo hyperfine || echo bash)," \
    "memory by ${GNUTIME:-nothing (no /usr/bin/time)}"
printf '%-20s %5s %5s %10s %8s %8s %13s\n' plan pages runs "median ms" \
    "min ms" "max ms" "peak RSS MiB"
status=0
for plan in "${PLANS[@]}"; do
	name=$(basename "$plan" .yaml)
	out=$TMP/$name.$FORMAT
	cmd=("$UCAPGEN" "$plan" -o "$out")
	if ! "${cmd[@]}" 2>"$TMP/err"; then
		echo "$plan: ucapgen failed:" >&2
		cat "$TMP/err" >&2
		status=1
		continue
	fi
	pages=$("$UCAPGEN" "$plan" --dump layout | sed -n \
	    's/^document .*, \([0-9]*\) pages*$/\1/p')
	: >"$TMP/ms"
	: >"$TMP/kb"
	if [ -n "$HYPERFINE" ]; then
		"$HYPERFINE" -N --warmup "$WARMUP" --runs "$RUNS" \
		    --export-json "$TMP/h.json" --style none \
		    "$(printf '%q ' "${cmd[@]}")" >/dev/null 2>&1 ||
		    "$HYPERFINE" --warmup "$WARMUP" --runs "$RUNS" \
		    --export-json "$TMP/h.json" --style none \
		    "$(printf '%q ' "${cmd[@]}")" >/dev/null
		tr -d ' \n' <"$TMP/h.json" |
		    sed 's/.*"times":\[\([^]]*\)\].*/\1/' | tr ',' '\n' |
		    awk '{ printf "%.3f\n", $1 * 1000 }' >"$TMP/ms"
	fi
	if [ -z "$HYPERFINE" ]; then
		for ((i = 0; i < WARMUP; i++)); do
			"${cmd[@]}" 2>/dev/null
		done
		for ((i = 0; i < RUNS; i++)); do
			t0=$EPOCHREALTIME
			"${cmd[@]}" 2>/dev/null
			t1=$EPOCHREALTIME
			awk -v a="$t0" -v b="$t1" \
			    'BEGIN { printf "%.3f\n", (b - a) * 1000 }' >>"$TMP/ms"
		done
	fi
	# Peak memory in separate runs, so that the wrapper does not add to
	# the times: it hardly varies.
	for ((i = 0; i < MEMRUNS; i++)); do
		[ -n "$GNUTIME" ] || break
		$GNUTIME -f %M -o "$TMP/rss" "${cmd[@]}" 2>/dev/null
		cat "$TMP/rss" >>"$TMP/kb"
	done
	n=$(wc -l <"$TMP/ms")
	read -r med min max <<<"$(stats "$TMP/ms")"
	if [ -s "$TMP/kb" ]; then
		rss=$(sort -g "$TMP/kb" | tail -1 | awk '{ printf "%.1f", $1 / 1024 }')
	else
		rss=-
	fi
	printf '%-20s %5s %5s %10s %8s %8s %13s\n' "$name.yaml" \
	    "${pages:-?}" "$n" "$med" "$min" "$max" "$rss"
done
exit $status
