# corpus suite: hostile and broken input.  For each file: the exact
# messages (golden NAME.err in tests/corpus), exit status 1 (0 for the
# plans that are fine in another encoding), no crash, every message in
# the form FILE:LINE:COL: error: or FILE: error:, and when rendering, no
# output file, and an existing one left as it was.
#
# Small files are committed in tests/corpus/; big or generated ones are
# made here, in $WORK/corpus, from fixed recipes (so their messages are
# golden too).

CORPUS=$WORK/corpus
mkdir -p "$CORPUS"

# Binary data: the start of a font, a PNG header.
head -c 4096 "$TOP/fonts/NotoSans-Bold.ttf" >"$CORPUS/binary-font.yaml"
printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\020\0\0\0\020\010\006\0\0\0' \
    >"$CORPUS/png-header.yaml"
# 10,000 levels of nesting, in flow and block style, and a mapping just
# past the limit.
{
	printf 'city: '
	printf '%*s' 10000 '' | tr ' ' '['
	printf '%*s' 10000 '' | tr ' ' ']'
	printf '\n'
} >"$CORPUS/deep-flow.yaml"
{
	printf 'themes:\n  '
	printf '%*s' 10000 '' | sed 's/ /- /g'
	printf 'x\n'
} >"$CORPUS/deep-block.yaml"
awk 'BEGIN { for (i = 0; i < 40; i++) printf "%*sk%d:\n", 2 * i, "", i }' \
    >"$CORPUS/deep-mapping.yaml"
# A 50 MB plan: a valid start, then comments.
{
	cat "$TOP/examples/minimal.yaml"
	yes '# a comment line to make the plan big, big, big, big, big' |
	    head -c 52428800
} >"$CORPUS/huge.yaml"
# A folder, and a file that is not there.
mkdir -p "$CORPUS/folder.yaml"
# A paragraph, and an item of a list, with 1,001 marked words and links
# (more than a paragraph may have: Pango would take minutes to set
# thousands); 1,000 in the next paragraph is fine.
marks() {
	awk -v n="$1" -v w="$2" 'BEGIN { for (i = 0; i < n; i++)
	    printf "%s%s", (i ? " " : ""), (i % 2 ? "**w" i "**" : w) }'
}
{
	cat "$TOP/examples/minimal.yaml"
	printf 'objectives: |\n  First paragraph %s.\n\n  Second %s.\n' \
	    "$(marks 1000 https://example.org/x)" \
	    "$(marks 1001 https://example.org/x)"
} >"$CORPUS/many-marks.yaml"
sed "s|^  - Culture, Tourism, Education$|&\\n  - Theme $(marks 1001 \
    '[link](https://example.org/x)')|" "$TOP/examples/minimal.yaml" \
    >"$CORPUS/many-marks-item.yaml"
# A key of 1,100 characters: longer than libyaml reads as a key (its own
# message was that of a missing colon).
{
	head -12 "$TOP/examples/minimal.yaml"
	printf '%s: 1\n' "$(awk 'BEGIN { while (n++ < 1100) printf "k" }')"
} >"$CORPUS/long-key.yaml"
# 10,001 themes: one past the entries a list may have (600,000 once took
# 4.8 GB and two minutes).
awk '{ print }
    /^  - Culture, Tourism, Education$/ {
	for (i = 0; i < 10000; i++) printf "  - Theme %d\n", i }' \
    "$TOP/examples/minimal.yaml" >"$CORPUS/many-themes.yaml"

# corpus_case DIR NAME STATUS: run one input and check it.
corpus_case() {
	local dir=$1 name=$2 want=$3 base=${2%.yaml}
	local err=$WORK/corpus-$base.err

	(cd "$dir" && "$UCAPGEN" --check "$name") >"$WORK/corpus.out" 2>"$err"
	local status=$?
	if [ "$status" -ge 128 ]; then
		fail "corpus/$name: crashed (exit status $status)" \
		    "$(head -5 "$err")"
		return
	fi
	if [ "$status" = "$want" ]; then
		pass
	else
		fail "corpus/$name: exit status $status, expected $want" \
		    "$(head -5 "$err")"
	fi
	golden "corpus/$base" "$TOP/tests/corpus/$base.err" "$err"
	if [ "$want" = 1 ] && ! [ -s "$err" ]; then
		fail "corpus/$name: no message"
	fi
	local bad
	bad=$(grep -v -E "^$name(:[0-9]+:[0-9]+)?: error: [^ ]" "$err")
	if [ -n "$bad" ]; then
		fail "corpus/$name: not in the form FILE:LINE:COL: error:" "$bad"
	else
		pass
	fi
	if [ "$want" != 1 ]; then
		return
	fi

	# Rendering: no output, and an existing file is left alone.
	rm -f "$WORK/corpus-new.pdf"
	(cd "$dir" && "$UCAPGEN" "$name" -o "$WORK/corpus-new.pdf") \
	    >/dev/null 2>&1
	status=$?
	if [ "$status" -ne 1 ] || [ -e "$WORK/corpus-new.pdf" ]; then
		fail "corpus/$name: rendering gave status $status or a file"
	else
		pass
	fi
	echo "an older summary" >"$WORK/corpus-old.pdf"
	(cd "$dir" && "$UCAPGEN" "$name" -o "$WORK/corpus-old.pdf") \
	    >/dev/null 2>&1
	if [ "$(cat "$WORK/corpus-old.pdf")" != "an older summary" ]; then
		fail "corpus/$name: rendering changed the existing output file"
	else
		pass
	fi
}

for f in "$TOP"/tests/corpus/*.yaml; do
	name=$(basename "$f")
	case $name in
	utf16-bom.yaml|utf8-bom.yaml) corpus_case "$TOP/tests/corpus" "$name" 0 ;;
	*) corpus_case "$TOP/tests/corpus" "$name" 1 ;;
	esac
done
for name in binary-font.yaml png-header.yaml deep-flow.yaml \
    deep-block.yaml deep-mapping.yaml huge.yaml folder.yaml missing.yaml \
    many-marks.yaml many-marks-item.yaml many-themes.yaml long-key.yaml; do
	corpus_case "$CORPUS" "$name" 1
done

# A big plan on standard input is refused without reading it all.
"$UCAPGEN" --check - <"$CORPUS/huge.yaml" >"$WORK/corpus.out" 2>&1
status=$?
if [ "$status" = 1 ] && grep -q '^<stdin>:1:1: error: ' "$WORK/corpus.out"
then
	pass
else
	fail "corpus: a huge plan on standard input (status $status)" \
	    "$(head -3 "$WORK/corpus.out")"
fi

# Many errors in a big plan: every one reported, in bounded time.
{
	echo 'city: {name: Changchun, country: China}'
	echo 'period: {start: 2017-03, end: 2017-10}'
	echo 'themes: [Culture]'
	echo 'contact: {email: office@example.org}'
	echo 'partners:'
	# (10,000 partners, the most a list may have, 10 unknown keys each)
	awk 'BEGIN { for (i = 1; i <= 10000; i++) {
		printf "  - name: P%d\n    country: X\n", i
		for (k = 0; k < 10; k++) printf "    k%d: 1\n", k } }'
} >"$CORPUS/many-errors.yaml"
timeout 60 "$UCAPGEN" --check "$CORPUS/many-errors.yaml" \
    >/dev/null 2>"$WORK/corpus.err"
status=$?
if [ "$status" = 1 ] && [ "$(wc -l <"$WORK/corpus.err")" -eq 100000 ]; then
	pass
else
	fail "corpus: 100,000 errors in one plan (status $status, $(wc -l \
	    <"$WORK/corpus.err") messages)"
fi
