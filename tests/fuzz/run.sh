#!/usr/bin/env bash
# run.sh: build the libFuzzer targets and run each from its seeds.
#
#   tests/fuzz/run.sh [-r RUNS | -t SECONDS] [-b BUILD]
#
# Builds tests/fuzz/*.c with clang, ASan and UBSan in BUILD (default
# build-fuzz/), then runs every target on a copy of its seeds (the
# examples, the golden plans and the bad-input corpus; the built-in and
# test layouts; the shipped and test catalogs; the examples' rich texts)
# for RUNS inputs (default 20000, with a fixed seed: the same inputs on
# every machine) or for SECONDS each.  What a target finds that crashes
# it is kept in BUILD/fuzz-out/ to be added to tests/corpus/ once fixed.
# Ends with "N passed, N failed", a target a test.
set -u
cd "$(dirname "$0")/../.." || exit 2
TOP=$PWD
BUILD=$TOP/build-fuzz
LIMIT="-runs=20000 -seed=1"
while [ $# -gt 0 ]; do
	case "$1" in
	-r) LIMIT="-runs=$2 -seed=1"; shift ;;
	-t) LIMIT="-max_total_time=$2"; shift ;;
	-b) BUILD=$2; shift ;;
	*) echo "usage: $0 [-r RUNS | -t SECONDS] [-b BUILD]" >&2; exit 2 ;;
	esac
	shift
done
if [ ! -f "$BUILD/build.ninja" ]; then
	CC=clang meson setup "$BUILD" -Dfuzz=true \
	    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null ||
	    { echo "0 passed, 1 failed"; exit 1; }
fi
ninja -C "$BUILD" >/dev/null || { echo "0 passed, 1 failed"; exit 1; }

OUT=$BUILD/fuzz-out
rm -rf "$OUT"
mkdir -p "$OUT"
seeds() {
	# seeds TARGET DIR: copy the target's seed files into DIR.
	mkdir -p "$2"
	case "$1" in
	plan) cp "$TOP"/examples/*.yaml "$TOP"/tests/plans/*.yaml \
	    "$TOP"/tests/corpus/*.yaml "$2/" 2>/dev/null ;;
	markup) grep -h -v '^ *#' "$TOP"/examples/*.yaml |
	    split -l 4 - "$2/text-" ;;
	layout) find "$TOP/layouts" "$TOP/tests/layouts" -name '*.xml' |
	    while read -r f; do cp "$f" "$2/$(echo "$f" | md5sum | cut -c1-12).xml"; done ;;
	catalog) find "$TOP/layouts/catalogs" "$TOP/tests/locales" -name '*.po' |
	    while read -r f; do cp "$f" "$2/$(echo "$f" | md5sum | cut -c1-12).po"; done ;;
	image) cp "$TOP"/tests/images/*.png "$TOP"/tests/images/*.jpg "$2/"
	    # small pictures of each kind of PNG the reader converts
	    for k in rgb interlaced palette grey16; do
		python3 "$TOP/tests/images/mkpng.py" "$k" 40 30 >"$2/$k.png"
	    done ;;
	esac
}
passed=0
failed=0
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$TOP/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in plan markup layout catalog image; do
	seeds "$t" "$OUT/$t-corpus"
	# shellcheck disable=SC2086
	if "$BUILD/tests/fuzz-$t" $LIMIT -max_len=20000 -timeout=20 \
	    -rss_limit_mb=2048 -artifact_prefix="$OUT/$t-" \
	    "$OUT/$t-corpus" >"$OUT/$t.log" 2>&1; then
		passed=$((passed + 1))
		echo "fuzz-$t: $(grep -o 'Done [0-9]* runs' "$OUT/$t.log" | tail -1)"
	else
		failed=$((failed + 1))
		echo "FAIL: fuzz-$t (see $OUT/$t.log)"
		grep -E 'ERROR|runtime error|SUMMARY' "$OUT/$t.log" | head -5 | sed 's/^/      /'
	fi
done
echo "$passed passed, $failed failed"
