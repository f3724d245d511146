# Helpers for the test suites (sourced by tests/run).
PASSED=0
FAILED=0

pass() {
	PASSED=$((PASSED + 1))
}

# fail NAME [DETAIL...]: count a failure and say why.
fail() {
	FAILED=$((FAILED + 1))
	echo "FAIL: $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/      /'
	return 0
}

# check NAME COMMAND...: pass when the command succeeds.
check() {
	local name=$1
	shift
	if "$@" >"$WORK/check.out" 2>&1; then
		pass
	else
		fail "$name" "$(head -20 "$WORK/check.out")"
	fi
}

# golden NAME EXPECTED-FILE ACTUAL-FILE: compare with a golden file, or
# rewrite it under --regenerate.
golden() {
	local name=$1 expected=$2 actual=$3
	if [ "$REGENERATE" = 1 ]; then
		cp "$actual" "$expected"
		pass
		return
	fi
	if [ ! -f "$expected" ]; then
		fail "$name" "no golden file $expected (run tests/run --regenerate)"
		return
	fi
	if diff -u "$expected" "$actual" >"$WORK/diff.out"; then
		pass
	else
		fail "$name" "$(head -40 "$WORK/diff.out")"
	fi
}

# status_is NAME EXPECTED COMMAND...: pass when the exit status matches.
status_is() {
	local name=$1 want=$2
	shift 2
	"$@" >"$WORK/status.out" 2>&1
	local got=$?
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$name" "exit status $got, expected $want" "$(head -10 "$WORK/status.out")"
	fi
}

# pdf_pages PDF: its page count (pdfinfo), or nothing.
pdf_pages() {
	pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *\([0-9][0-9]*\)$/\1/p'
}

# png_files PREFIX COUNT: the files ucapgen writes for -o PREFIX.png
# when the summary has COUNT pages (PREFIX.png alone for one page).
png_files() {
	if [ "$2" -eq 1 ]; then
		echo "$1.png"
	else
		seq 1 "$2" | sed "s|^|$1-|; s|\$|.png|"
	fi
}
