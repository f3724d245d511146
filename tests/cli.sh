# The command line: options, exit status, where output goes, what is left
# behind after a failure.  Sourced by tests/run.
EX=$TOP/examples
D=$WORK/cli
mkdir -p "$D"

status_is "--help exits 0" 0 "$UCAPGEN" --help
"$UCAPGEN" --help >"$D/help.out" 2>&1
check "--help shows the usage" grep -q "Usage:" "$D/help.out"
# In any locale (C too) the usage line reads "PLAN…", not "PLAN?".
LC_ALL=C LANG=C "$UCAPGEN" -h >"$D/help-c.out" 2>&1
check "-h in the C locale: 'ucapgen [OPTION…] PLAN…', as UTF-8" \
    grep -qx '  ucapgen \[OPTION…\] PLAN…' "$D/help-c.out"
"$UCAPGEN" --version >"$D/version.out"
check "--version" grep -qx "ucapgen [0-9.]*" "$D/version.out"

status_is "no plan: usage error" 2 "$UCAPGEN"
status_is "unknown option: usage error" 2 "$UCAPGEN" --frobnicate "$EX/minimal.yaml"
status_is "two plans: usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" "$EX/changchun.yaml" -o "$D/x.pdf"
status_is "unknown format: usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/x.pdf" --format doc
status_is "no output: usage error" 2 "$UCAPGEN" "$EX/minimal.yaml"
status_is "no format from name: usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/x"
rm -f "$D/clash.pdf"
status_is "--format against the name's extension: usage error" 2 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/clash.pdf" --format svg
"$UCAPGEN" "$EX/minimal.yaml" -o "$D/clash.pdf" --format svg 2>"$D/clash.err"
check "--format against the name: the message says both" grep -qx \
    "ucapgen: the output's name ends in '.pdf' and --format asks for svg; make them agree, or leave --format out" \
    "$D/clash.err"
check "--format against the name: nothing written" test ! -e "$D/clash.pdf"
status_is "--format agreeing with the name (any case)" 0 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/agree.PDF" --format pdf
status_is "--format for a name without a format's extension" 0 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/agree.out" --format pdf
status_is "bad dpi: usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/x.png" --dpi 0
status_is "bad dump stage: usage error" 2 "$UCAPGEN" --dump pages "$EX/minimal.yaml"
status_is "missing plan: exit 1" 1 "$UCAPGEN" --check "$D/nonexistent.yaml"
"$UCAPGEN" --check "$D/nonexistent.yaml" 2>"$D/missing.err"
check "missing plan: message names the file" \
	grep -qx "$D/nonexistent.yaml: error: cannot read the plan: No such file or directory" "$D/missing.err"

# A valid plan is silent under --check.
"$UCAPGEN" --check "$EX/changchun.yaml" >"$D/check.out" 2>&1
check "--check on a valid plan prints nothing" test ! -s "$D/check.out"

# Each format, by extension and by --format.
for f in pdf svg png; do
	rm -f "$D/by-ext.$f"
	status_is "render $f by extension" 0 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/by-ext.$f"
	check "render $f: file exists" test -s "$D/by-ext.$f"
done
"$UCAPGEN" "$EX/minimal.yaml" -o "$D/forced.out" --format svg
check "--format beats the extension" grep -q "<svg" "$D/forced.out"
head -c 4 "$D/by-ext.pdf" >"$D/magic"
check "PDF starts with %PDF" grep -q "%PDF" "$D/magic"
check "PNG has the PNG signature" sh -c "head -c 8 '$D/by-ext.png' | od -An -c | grep -q 'P   N   G'"

# Standard output and standard input.
"$UCAPGEN" "$EX/minimal.yaml" -o - --format pdf >"$D/stdout.pdf" 2>"$D/stdout.err"
check "-o - writes the PDF to standard output" sh -c "head -c 5 '$D/stdout.pdf' | grep -q '%PDF-'"
# A PNG on standard output is one page: of two, --page chooses; without
# it, an error and nothing written (no files named after "-" either).
(cd "$D" && "$UCAPGEN" "$EX/changchun.yaml" -o - --format png >stdout2.png \
    2>stdout2.err)
check "-o - with a PNG of two pages: exit 1" test $? -eq 1
check "-o - with a PNG of two pages: nothing on standard output, no page files" \
    sh -c "test ! -s '$D/stdout2.png' && test ! -e '$D/--1' && test ! -e '$D/--1.png'"
check "-o - with a PNG of two pages: the message says what to do" grep -qx \
    "$EX/changchun.yaml: error: the summary has 2 pages, and standard output takes one PNG: choose one with --page N, or write to a file (-o NAME.png writes NAME-1.png, NAME-2.png …)" \
    "$D/stdout2.err"
"$UCAPGEN" "$EX/changchun.yaml" -o - --format png --page 2 >"$D/stdout3.png" 2>/dev/null
check "-o - --page 2 writes that page as a PNG" sh -c "head -c 4 '$D/stdout3.png' | grep -q PNG"
check "-o -: nothing on standard error" test ! -s "$D/stdout.err"
"$UCAPGEN" - -o "$D/stdin.pdf" <"$EX/minimal.yaml"
check "plan from standard input" test -s "$D/stdin.pdf"

# Messages go to standard error only.
printf 'city:\n  name: X\n' >"$D/bad.yaml"
"$UCAPGEN" "$D/bad.yaml" -o "$D/bad.pdf" >"$D/bad.out" 2>"$D/bad.err"
check "invalid plan: nothing on standard output" test ! -s "$D/bad.out"
check "invalid plan: FILE:LINE:COL message" grep -q "^$D/bad.yaml:[0-9]*:[0-9]*: error: " "$D/bad.err"
check "invalid plan: no output file" test ! -e "$D/bad.pdf"

# Nothing half-written: a failure leaves the previous output as it was.
echo "previous summary" >"$D/keep.pdf"
"$UCAPGEN" "$D/bad.yaml" -o "$D/keep.pdf" 2>/dev/null
check "failure leaves the previous file untouched" grep -qx "previous summary" "$D/keep.pdf"
check "failure leaves no temporary file" sh -c "! ls -a '$D' | grep -q '^\.keep'"
"$UCAPGEN" "$EX/minimal.yaml" -o "$D/keep.pdf"
check "success replaces the file" sh -c "head -c 4 '$D/keep.pdf' | grep -q '%PDF'"
check "success leaves no temporary file" sh -c "! ls -a '$D' | grep -q '^\.keep'"

# An output or depfile in a folder that does not exist: the folder is
# made, with its parents, as -o DIR/ makes its folder.  One that cannot
# be made (a file is in the way): an error naming it, and nothing written,
# not even the output when it is the depfile's folder that fails.
rm -rf "$D/new"
status_is "output in a missing folder: exit 0" 0 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/new/a/b/x.pdf" --depfile "$D/new/deps/c/x.d"
check "output in a missing folder: the folders made, the file written" \
    test -s "$D/new/a/b/x.pdf"
check "depfile in a missing folder: made too, naming the output" \
    grep -q "^$D/new/a/b/x.pdf:" "$D/new/deps/c/x.d"
"$UCAPGEN" --extract "$EX/minimal.yaml" -o "$D/new/po/minimal.pot"
check "--extract into a missing folder" test -s "$D/new/po/minimal.pot"
echo "a file, not a folder" >"$D/in-the-way"
status_is "output folder that cannot be made: exit 1" 1 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/in-the-way/sub/x.pdf"
check "output folder that cannot be made: the message names it" test \
    "$(cat "$WORK/status.out")" = \
    "$D/in-the-way/sub: error: cannot make the folder: Not a directory"
check "output folder that cannot be made: nothing written" \
    sh -c "grep -qx 'a file, not a folder' '$D/in-the-way' && test ! -e '$D/in-the-way/sub'"
rm -f "$D/dep-out.pdf"
status_is "depfile folder that cannot be made: exit 1" 1 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/dep-out.pdf" --depfile "$D/in-the-way/x.d"
check "depfile folder that cannot be made: the message names it" test \
    "$(cat "$WORK/status.out")" = \
    "$D/in-the-way: error: cannot make the folder: Not a directory"
check "depfile folder that cannot be made: the output not written either" \
    test ! -e "$D/dep-out.pdf"

# PNG pages: one file per page, or the one --page asks for.
rm -f "$D"/long*.png
"$UCAPGEN" "$EX/long.yaml" -o "$D/long.png" --dpi 20
pages=$(pdfinfo "$D/../cli/by-ext.pdf" >/dev/null 2>&1; "$UCAPGEN" "$EX/long.yaml" --dump layout | head -1 | sed 's/.*, \([0-9]*\) pages/\1/')
check "multi-page PNG: one file per page" test "$(ls "$D"/long-*.png | wc -l)" = "$pages"
check "multi-page PNG: no unnumbered file" test ! -e "$D/long.png"
"$UCAPGEN" "$EX/long.yaml" -o "$D/long.png" --dpi 20 --page 2
check "--page writes exactly the named file" test -s "$D/long.png"
status_is "--page beyond the last page: exit 1" 1 "$UCAPGEN" "$EX/long.yaml" -o "$D/p.png" --page 999
status_is "--check --depfile (a check makes no summary): a usage error" 2 \
    "$UCAPGEN" --check "$EX/minimal.yaml" --depfile "$D/check.d"
check "(and no depfile)" test ! -e "$D/check.d"
# A long e-mail address in the footer breaks without hyphens: a hyphen
# would read as part of it.  (cairo writes a hyphen Pango adds as a
# second glyph of the letter before it, with an /ActualText naming that
# letter; the spaces at line ends are the only other ActualText.)
sed 's/^  email: .*/  email: averyveryverylonglocalpartofanaddressthatgoesonandon.andonandonandonandonandonandon@department.ofsomethingverylong.example.org/' \
    "$EX/minimal.yaml" >"$D/mail-long.yaml"
"$UCAPGEN" "$D/mail-long.yaml" --dump layout >"$D/mail-long.layout"
"$UCAPGEN" "$D/mail-long.yaml" -o "$D/mail-long.pdf"
qpdf --qdf --object-streams=disable "$D/mail-long.pdf" "$D/mail-long.qdf"
check "a long e-mail address in the footer: broken over lines" \
    test "$(grep -c '^  link .*mailto:averyvery' "$D/mail-long.layout")" -ge 2
check "(and no hyphen added where it breaks)" \
    sh -c "! grep -a 'ActualText' '$D/mail-long.qdf' | grep -v 'ActualText <feff0020>'"
status_is "--width 0: a usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/w0.png" --width 0
rm -f "$D/big.png"
status_is "a PNG page larger than a PNG can be: exit 1" 1 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/big.png" --dpi 2400 --page A3
check "(saying how many dpi fit, and writing nothing)" sh -c \
    "grep -q 'a PNG page is at most 32767 pixels a side: use --dpi 1981 or less' '$WORK/status.out' &&
    test ! -e '$D/big.png'"
# Paper sizes: a side without its unit (or in cm) is a usage error, not
# a page of 210 × 297 points; the accepted forms render.
for p in 210x297 21cmx29.7cm 8.5x11in 210mmx 0mmx100mm 210mmx297mmx 'A4 ' \
    0x100mmx200mm 1e3mmx200mm; do
	status_is "--page '$p': a usage error" 2 \
	    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/paper.pdf" --page "$p"
	check "(saying which units, and writing nothing)" sh -c \
	    "grep -q \"unknown paper size '$p'; use .* WIDTHxHEIGHT in mm, in or pt\" '$WORK/status.out' &&
	    test ! -e '$D/paper.pdf'"
done
for p in a5 Letter 176mmx250mm '8.5in x 11in' 600ptx800pt; do
	status_is "--page '$p': rendered" 0 \
	    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/paper.pdf" --page "$p"
done
# Paper too narrow for the layout's table: the message (at the layout's
# table) says that the page came from --page, and how it was turned.
status_is "--page 210mmx99mm on the portrait sheet: exit 1" 1 \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/paper.pdf" --page 210mmx99mm
check "(the message names the 99 × 210 mm page of --page)" grep -q \
    'do not fit the 190 pt it has on the 99 × 210 mm page of --page 210mmx99mm (the layout stays portrait)' \
    "$WORK/status.out"
status_is "--page N of a PDF (which holds every page): a usage error" 2 \
    "$UCAPGEN" "$EX/long.yaml" -o "$D/p.pdf" --page 2
check "(saying that --page picks a page of a PNG)" grep -q -- "--page N picks one page of a PNG" "$WORK/status.out"
check "--page leaves the other pages' files" \
    test "$(ls "$D"/long-*.png | wc -l)" = "$pages"
# Where an output may not go: over the plan, an image or another output
# of the same run (refused, the file as it was); where it may: through a
# symbolic link (the link stays), into a pipe or a device (not replaced
# by a file).  A failure to write standard output is one.
D2=$D/clobber
mkdir -p "$D2"
cp "$EX/minimal.yaml" "$D2/m.yaml"
cp "$TOP/tests/images/logo.png" "$TOP/tests/images/logo-png.yaml" "$D2/"
for args in "-o $D2/m.yaml --format pdf" "-o $D2/y.pdf --depfile $D2/m.yaml" \
    "--extract -o $D2/m.yaml" "-o $D2/x.pdf --depfile $D2/x.pdf"; do
	# shellcheck disable=SC2086
	status_is "ucapgen m.yaml $args: refused" 1 "$UCAPGEN" "$D2/m.yaml" $args
	check "(the plan as it was)" cmp -s "$D2/m.yaml" "$EX/minimal.yaml"
done
"$UCAPGEN" "$D2/m.yaml" -o "$D2/m.yaml" --format pdf 2>"$D2/msg"
check "(the message for the plan: it would be replaced)" grep -q \
    "m.yaml: error: writing here would replace '.*m.yaml', which the output is made from" \
    "$D2/msg"
"$UCAPGEN" "$D2/m.yaml" -o "$D2/x.pdf" --depfile "$D2/x.pdf" 2>"$D2/msg"
check "(the message for the depfile: two outputs in one file)" grep -q \
    "x.pdf: error: two outputs would be written to this file" "$D2/msg"
status_is "an image's name as the output: refused" 1 \
    "$UCAPGEN" "$D2/logo-png.yaml" -o "$D2/logo.png"
check "(the image as it was)" cmp -s "$D2/logo.png" "$TOP/tests/images/logo.png"
# Clearing an earlier render's page files spares the plan's images: a
# logo named like a page (summary-1.png), and one named like the output
# of a summary of two pages (logo.png becomes logo-1.png, logo-2.png).
mkdir -p "$D2/pages"
cp "$TOP/tests/images/logo.png" "$D2/pages/summary-1.png"
cp "$TOP/tests/images/logo.png" "$D2/pages/logo.png"
sed 's|logo: logo.png|logo: summary-1.png|' "$TOP/tests/images/logo-png.yaml" >"$D2/pages/one.yaml"
sed 's|^  country: China$|&\n  logo: logo.png|' "$EX/changchun.yaml" >"$D2/pages/two.yaml"
status_is "a logo named like the output's page: rendered" 0 \
    "$UCAPGEN" "$D2/pages/one.yaml" -o "$D2/pages/summary.png" --dpi 20
check "(the logo summary-1.png is still there)" \
    cmp -s "$D2/pages/summary-1.png" "$TOP/tests/images/logo.png"
status_is "a two-page summary named after its logo: rendered" 0 \
    "$UCAPGEN" "$D2/pages/two.yaml" -o "$D2/pages/logo.png" --dpi 20
check "(its pages written, the logo logo.png still there)" sh -c \
    "test -f '$D2/pages/logo-2.png' && cmp -s '$D2/pages/logo.png' '$TOP/tests/images/logo.png'"
# The same file by another way (a folder's symbolic link) is the same.
mkdir -p "$D2/deep/a"
ln -sfn deep/a "$D2/lnk"
rm -f "$D2/deep/a/out.pdf"
status_is "the output and the depfile the same file through a linked folder: refused" 1 \
    "$UCAPGEN" "$D2/m.yaml" -o "$D2/lnk/out.pdf" --depfile "$D2/deep/a/out.pdf"
# A loop of symbolic links is an error, and stays as it was.
ln -sfn loop "$D2/loop"
status_is "-o a loop of symbolic links: exit 1" 1 \
    "$UCAPGEN" "$D2/m.yaml" -o "$D2/loop" --format pdf
check "(too many levels of links, the link left)" sh -c \
    "grep -q 'loop: error: cannot write: Too many levels of symbolic links' '$WORK/status.out' && test -L '$D2/loop'"
# /dev/stdout is standard output, a pipe or the end of a file a shell
# appends to (it was once followed to its file, which was replaced).
"$UCAPGEN" "$D2/m.yaml" -f pdf -o /dev/stdout 2>"$D2/msg" | cat >"$D2/piped.pdf"
check "-o /dev/stdout into a pipe: the PDF, no message" sh -c \
    "pdfinfo '$D2/piped.pdf' >/dev/null && test ! -s '$D2/msg'"
echo "first line" >"$D2/appended"
"$UCAPGEN" "$D2/m.yaml" -f pdf -o /dev/stdout >>"$D2/appended"
check "-o /dev/stdout >> FILE: appended after what the file held" sh -c \
    "head -1 '$D2/appended' | grep -qx 'first line' && sed -n 2p '$D2/appended' | grep -q '^%PDF-'"
# A file under /dev/ that is a file (a tmpfs, /dev/shm) is written as one.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	shm=/dev/shm/ucapgen-cli-$$.pdf
	status_is "-o /dev/shm/NAME.pdf (a file in a folder under /dev): rendered" 0 \
	    "$UCAPGEN" "$D2/m.yaml" -o "$shm"
	check "(the file made)" pdfinfo "$shm"
	rm -f "$shm"
fi
# Another user's link in a folder anyone may write in (as /tmp) is not
# followed (the kernel's fs.protected_symlinks rule), when root can
# make one.
mkdir -p "$D2/shared" && chmod 1777 "$D2/shared"
echo "keep" >"$D2/victim"
ln -sfn "$D2/victim" "$D2/shared/out.pdf"
if [ "$(id -u)" = 0 ] && chown -h 65534 "$D2/shared/out.pdf" 2>/dev/null; then
	status_is "-o another user's link in a shared folder: exit 1" 1 \
	    "$UCAPGEN" "$D2/m.yaml" -o "$D2/shared/out.pdf"
	check "(the file it leads to untouched)" grep -qx keep "$D2/victim"
fi
ln -sf real.pdf "$D2/link.pdf"
status_is "-o through a symbolic link: rendered" 0 \
    "$UCAPGEN" "$D2/m.yaml" -o "$D2/link.pdf"
check "(into the file it leads to; the link stays)" sh -c \
    "test -L '$D2/link.pdf' && pdfinfo '$D2/real.pdf' >/dev/null"
if mkfifo "$D2/fifo" 2>/dev/null; then
	timeout 60 cat "$D2/fifo" >"$D2/from-fifo" &
	status_is "-o to a named pipe: rendered" 0 \
	    timeout 60 "$UCAPGEN" "$D2/m.yaml" -o "$D2/fifo" --format pdf
	wait
	check "(the pipe stays a pipe; its reader gets the PDF)" sh -c \
	    "test -p '$D2/fifo' && pdfinfo '$D2/from-fifo' >/dev/null"
fi
# Devices of our own (root only), not the system's /dev/null and
# /dev/full, which a failing ucapgen would replace.
if mknod "$D2/null" c 1 3 2>/dev/null && mknod "$D2/full" c 1 7 2>/dev/null; then
	status_is "-o to a device (as /dev/null): rendered" 0 \
	    "$UCAPGEN" "$D2/m.yaml" -o "$D2/null" --format pdf
	check "(the device is still one)" test -c "$D2/null"
	status_is "a summary of two pages as PNG into a device: exit 1" 1 \
	    "$UCAPGEN" "$EX/changchun.yaml" -o "$D2/null" --format png --dpi 20
	check "(it takes one PNG; no null-1, null-2 beside it)" sh -c \
	    "grep -q 'a device or a pipe takes one PNG' '$WORK/status.out' && test ! -e '$D2/null-1'"
	status_is "-o to a full device (as /dev/full): exit 1" 1 \
	    "$UCAPGEN" "$D2/m.yaml" -o "$D2/full" --format pdf
	check "(saying so, and the device is still one)" sh -c \
	    "grep -q 'full: error: cannot write: No space left on device' '$WORK/status.out' && test -c '$D2/full'"
	for args in "--dump layout $D2/m.yaml" "--list-layouts" "--help"; do
		# shellcheck disable=SC2086
		"$UCAPGEN" $args >"$D2/full" 2>"$D2/msg"
		rc=$?
		check "ucapgen $args > a full device: exit 1, said once" sh -c \
		    "test $rc = 1 && test \"\$(grep -c 'cannot write' '$D2/msg')\" = 1"
	done
fi
# Each output's name is looked up a fixed number of times, however many
# pages a PNG summary has: each page's name was once compared with every
# other's, thousands of lookups for a hundred pages.  (LeakSanitizer
# cannot work under strace: off for this run of a sanitizer build.)
if command -v strace >/dev/null; then
	mkdir -p "$D2/lookups"
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	    strace -f -qq -e trace=%stat,%lstat,readlink \
	    -o "$D2/lookups.trace" \
	    "$UCAPGEN" "$EX/long.yaml" -o "$D2/lookups/p.png" --dpi 10
	np=$(find "$D2/lookups" -name 'p-*.png' | wc -l)
	n=$(grep -c "\"$D2/lookups/p-[0-9]*\\.png\"" "$D2/lookups.trace")
	check "a PNG summary of $np pages: each page's name looked up twice ($n lookups)" \
	    test "$np" -ge 10 -a "$n" -le $(( 2 * np + 1 ))
fi
# Rendering again with fewer or more pages clears what the earlier render
# left, and nothing else.
touch "$D/long-notes.png" "$D/long-$((pages + 1)).png" "$D/long-$((pages + 2)).png"
"$UCAPGEN" "$EX/long.yaml" -o "$D/long.png" --dpi 20
check "again: the unnumbered file of one page goes" test ! -e "$D/long.png"
check "again: page files beyond the last page go" \
    test "$(ls "$D"/long-[0-9]*.png | wc -l)" = "$pages"
"$UCAPGEN" "$EX/minimal.yaml" -o "$D/long.png" --dpi 20
check "one page now: the numbered page files go" \
    sh -c "test -s '$D/long.png' && ! ls '$D'/long-[0-9]*.png"
check "a file of another name stays" test -e "$D/long-notes.png"

# A character no bundled font has: a warning at its position; --strict
# makes it an error and writes nothing.
cp "$EX/minimal.yaml" "$D/glyph.yaml"
printf '  - Ancient scripts 𓀀\n' >"$D/theme-line"
sed -i "/^themes:/r $D/theme-line" "$D/glyph.yaml"
line=$(grep -n "Ancient" "$D/glyph.yaml" | cut -d: -f1)
"$UCAPGEN" "$D/glyph.yaml" -o "$D/glyph.pdf" 2>"$D/glyph.err"
check "missing glyph: warning with position and character" \
	grep -q "^$D/glyph.yaml:$line:21: warning: the character '𓀀' (U+13000) is in none of the bundled fonts" "$D/glyph.err"
check "missing glyph: still rendered without --strict" test -s "$D/glyph.pdf"
rm -f "$D/glyph.pdf"
status_is "missing glyph: --strict fails" 1 "$UCAPGEN" "$D/glyph.yaml" -o "$D/glyph.pdf" --strict
check "missing glyph: --strict writes nothing" test ! -e "$D/glyph.pdf"
"$UCAPGEN" "$D/glyph.yaml" -o "$D/glyph.pdf" --strict 2>"$D/strict.err"
check "--strict prints the warning as an error" grep -q ": error: the character" "$D/strict.err"

# In a text written over several lines (a '|' or '>' block, a plain text
# folded over lines) the warning points at the character's own line and
# column, and a character that recurs is named once, where it first is
# (the brief shows all three texts).
cp "$EX/minimal.yaml" "$D/glyph-block.yaml"
cat >>"$D/glyph-block.yaml" <<'EOF'
objectives: |
  First line.

    Indented more, then 𓀀 here.
  And 𓀀 again.
results: >
  Folded text over
  two lines with 𓀁.
summary: A plain text
  folded, with 𓀂 on its second line.
EOF
"$UCAPGEN" --check --layout brief "$D/glyph-block.yaml" 2>"$D/glyph-block.err"
check "missing glyph in a '|' block: the character's line and column" \
	grep -q "^$D/glyph-block.yaml:18:25: warning: the character '𓀀'" "$D/glyph-block.err"
check "missing glyph in a '|' block: named once" \
	test "$(grep -c "'𓀀'" "$D/glyph-block.err")" -eq 1
check "missing glyph in a '>' block: the character's line and column" \
	grep -q "^$D/glyph-block.yaml:22:18: warning: the character '𓀁'" "$D/glyph-block.err"
check "missing glyph in a plain text over lines: its line and column" \
	grep -q "^$D/glyph-block.yaml:24:16: warning: the character '𓀂'" "$D/glyph-block.err"

# In a value made of several (a partner's name with its short and local
# names, a list of themes joined on one line, the city's name in the page
# header) the warning points at the character in the value that has it,
# once, however many layouts and languages --check sees it in.
cat >"$D/glyph-parts.yaml" <<'EOF'
city:
  name: Haifa 𓀃
  country: Israel
partners:
  - name: Mannheim 𓀀
    short: MA
    country: Germany
  - name: Bonn
    local-name: Bonn 𓀁
    country: Germany
period: {start: 2020-01, end: 2020-03}
themes: [Water, Energy 𓀂]
contact:
  email: a@b.eg
EOF
"$UCAPGEN" --check --layout sheet,card,brief --locale en,de "$D/glyph-parts.yaml" \
    2>"$D/glyph-parts.err"
check "missing glyph in a partner's name: its column" \
	grep -q "^$D/glyph-parts.yaml:5:20: warning: the character '𓀀'" "$D/glyph-parts.err"
check "missing glyph in a partner's local name: its line and column" \
	grep -q "^$D/glyph-parts.yaml:9:22: warning: the character '𓀁'" "$D/glyph-parts.err"
check "missing glyph in a theme of a joined list: the theme's column" \
	sh -c "grep -q '^$D/glyph-parts.yaml:12:24: warning: the character .𓀂' '$D/glyph-parts.err' &&
	    ! grep -q ':12:10: ' '$D/glyph-parts.err'"
check "missing glyph in the city's name, also in the page header: once, at the name" \
	test "$(grep -c "'𓀃'" "$D/glyph-parts.err")" = 1
check "--check in three layouts and two languages: each message once" \
	test "$(sort "$D/glyph-parts.err" | uniq -d | wc -l)" = 0
check "(and every character named)" test "$(wc -l <"$D/glyph-parts.err")" = 4

# In a quoted text with escapes ("\\", "\u00e9", "\"", 'it''s'), a
# character after them is warned about at its own column.
cat >"$D/glyph-escapes.yaml" <<'EOF'
city:
  name: "a\\b def 𓀀"
  country: 'a''b def 𓀁'
partners:
  - name: "M\u00e9nheim x 𓀂"
    country: "Germany \x41 𓀃"
period: {start: 2020-01, end: 2020-03}
themes: ["Water \"quoted\" 𓀄", 'It''s ''fine'' 𓀅']
contact:
  email: a@b.eg
EOF
"$UCAPGEN" --check "$D/glyph-escapes.yaml" 2>&1 | cut -d' ' -f1,5 >"$D/glyph-escapes.out"
cat >"$D/glyph-escapes.want" <<EOF
$D/glyph-escapes.yaml:2:19: '𓀀'
$D/glyph-escapes.yaml:3:22: '𓀁'
$D/glyph-escapes.yaml:5:27: '𓀂'
$D/glyph-escapes.yaml:6:28: '𓀃'
$D/glyph-escapes.yaml:8:28: '𓀄'
$D/glyph-escapes.yaml:8:48: '𓀅'
EOF
check "missing glyph after escapes in quoted texts: each at its own column" \
	diff -u "$D/glyph-escapes.want" "$D/glyph-escapes.out"
# Escapes the text does not keep as written ("\n" made a paragraph, "\t"
# a space, "\n\n" at the start dropped), and escapes in a row: the
# markup mistake or character after them at its own column.
for spec in '"a\nb **x":19' '"\tz **x":18' '"\n\nz **x":20' '"a\r\nb 𓀀":21' \
    "'it'''' **x':21"; do
	v=${spec%:*}
	{ cat "$EX/minimal.yaml"; printf 'objectives: %s\n' "$v"; } >"$D/esc.yaml"
	"$UCAPGEN" --check "$D/esc.yaml" >"$D/esc.out" 2>&1
	check "objectives: $v: the message at column ${spec##*:}" \
	    grep -q "^$D/esc.yaml:15:${spec##*:}: " "$D/esc.out"
done

# A character no font has, written as an escape ("\u1200"): the
# warning points at the escape, at a text's start, two in a row, and on
# a line the text goes on to.
cat >"$D/glyph-written.yaml" <<'EOF'
city:
  name: "\u1200 Addis"
  country: "Ethiopia \u1201\u1202"
partners:
  - name: "Bonn"
    country: "Germany, a text that goes on
      and on \u1203 here"
period: {start: 2020-01, end: 2020-03}
themes: [Water]
contact:
  email: a@b.eg
EOF
"$UCAPGEN" --check "$D/glyph-written.yaml" 2>&1 | cut -d' ' -f1,5 >"$D/glyph-written.out"
cat >"$D/glyph-written.want" <<EOF
$D/glyph-written.yaml:2:10: 'ሀ'
$D/glyph-written.yaml:3:22: 'ሁ'
$D/glyph-written.yaml:3:28: 'ሂ'
$D/glyph-written.yaml:7:14: 'ሃ'
EOF
check "missing glyph written as an escape: the escape's column" \
	diff -u "$D/glyph-written.want" "$D/glyph-written.out"

# An activity's heading is made of its date and its place: a character
# of the place is warned about at the place, not at the date.
sed '0,/^    place: .*/s//    place: Brussels 𓀄/' "$EX/changchun.yaml" >"$D/glyph-place.yaml"
pline=$(grep -n "Brussels 𓀄" "$D/glyph-place.yaml" | cut -d: -f1)
"$UCAPGEN" --check "$D/glyph-place.yaml" 2>"$D/glyph-place.err"
check "missing glyph in an activity's place: at the place" \
	grep -q "^$D/glyph-place.yaml:$pline:21: warning: the character '𓀄'" "$D/glyph-place.err"

# --check finds what a render would: the missing glyph (an error with
# --strict), a missing image, a text too long for the card's frame; and
# a plan on standard input is read once for every layout it is checked in.
"$UCAPGEN" --check "$D/glyph.yaml" 2>"$D/check-glyph.err"
check "--check: a missing glyph is a warning, exit 0" test $? -eq 0
check "--check: the missing glyph's warning" grep -q \
    "^$D/glyph.yaml:$line:21: warning: the character '𓀀'" "$D/check-glyph.err"
status_is "--check --strict: a missing glyph fails" 1 "$UCAPGEN" --check --strict "$D/glyph.yaml"
status_is "--check: a missing image fails" 1 "$UCAPGEN" --check "$TOP/tests/images/logo-missing.yaml"
check "--check: the missing image's message" grep -q "logo-missing.yaml:[0-9]*:[0-9]*: error: " "$WORK/status.out"
status_is "--check --layout card: text too long for its frame fails" 1 \
    "$UCAPGEN" --check --layout card "$TOP/tests/layouts/plans/card-too-long.yaml"
check "--check --layout card: the frame's message" grep -q "does not fit its box in the layout 'card'" "$WORK/status.out"
status_is "--check --layout sheet,card,brief of a plan on standard input" 0 \
    sh -c "'$UCAPGEN' --check --layout sheet,card,brief - <'$EX/changchun.yaml'"
check "(and it says nothing)" test ! -s "$WORK/status.out"

# A layout name that is neither built in nor a path: a usage error that
# names the built-in ones.
status_is "--layout nosuch: a usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" --layout nosuch -o "$D/nosuch.pdf"
check "--layout nosuch: the built-in layouts named" grep -q \
    "there is no built-in layout 'nosuch' (they are brief, card, sheet)" "$WORK/status.out"
status_is "--check --layout card,nosuch: a usage error too" 2 "$UCAPGEN" --check "$EX/minimal.yaml" --layout card,nosuch
# A folder as the layout is not "no such file".
status_is "--layout FOLDER/: exit 1" 1 "$UCAPGEN" "$EX/minimal.yaml" --layout "$D/" -o "$D/folder.pdf"
check "(saying it is a folder)" grep -q "cannot read the layout: it is a folder, not a layout file" "$WORK/status.out"
# One plan in two formats is not "several summaries".
status_is "-o FILE --format pdf,svg: a usage error" 2 "$UCAPGEN" "$EX/minimal.yaml" -o "$D/two.pdf" --format pdf,svg
check "(several formats go to a folder)" grep -q "several formats go to a folder: -o DIR/" "$WORK/status.out"

# SOURCE_DATE_EPOCH that is not a time: refused, not replaced by the
# clock (that would make the bytes change from run to run).
for e in abc 1500000000x 99999999999999 -5; do
	status_is "SOURCE_DATE_EPOCH='$e': a usage error" 2 \
	    env SOURCE_DATE_EPOCH="$e" "$UCAPGEN" "$EX/minimal.yaml" -o "$D/epoch.pdf"
done
check "a bad SOURCE_DATE_EPOCH writes nothing" test ! -e "$D/epoch.pdf"
status_is "SOURCE_DATE_EPOCH empty: as if unset" 0 \
    env SOURCE_DATE_EPOCH= "$UCAPGEN" "$EX/minimal.yaml" -o "$D/epoch.pdf"

# Data found from any working directory; UCAPGEN_DATADIR overrides.
(cd / && "$UCAPGEN" "$EX/minimal.yaml" -o "$D/fromroot.pdf")
check "runs from any working directory" test -s "$D/fromroot.pdf"
UCAPGEN_DATADIR=$D/nowhere "$UCAPGEN" "$EX/minimal.yaml" -o "$D/nd.pdf" 2>"$D/nd.err"
check "bad UCAPGEN_DATADIR: clear error" grep -q "UCAPGEN_DATADIR" "$D/nd.err"
mkdir -p "$D/data"
cp -r "$TOP/gen" "$TOP/layouts" "$D/data/"
mkdir -p "$D/data/fonts"
UCAPGEN_DATADIR=$D/data "$UCAPGEN" "$EX/minimal.yaml" -o "$D/nofonts.pdf" 2>"$D/nofonts.err"
check "no fonts: an error, no output" sh -c "grep -q 'no fonts found' '$D/nofonts.err' && test ! -e '$D/nofonts.pdf'"

# The same plan gives the same bytes.
"$UCAPGEN" "$EX/changchun.yaml" -o "$D/a.pdf"
"$UCAPGEN" "$EX/changchun.yaml" -o "$D/b.pdf"
check "same plan, same PDF bytes" cmp -s "$D/a.pdf" "$D/b.pdf"

# Windows line ends: the same plan, the same text on the page, no CR in it.
sed 's/$/\r/' "$EX/changchun.yaml" >"$D/crlf.yaml"
cp -r "$EX/images" "$D/" 2>/dev/null
"$UCAPGEN" "$D/crlf.yaml" -o "$D/crlf.pdf"
"$UCAPGEN" "$EX/changchun.yaml" -o "$D/lf.pdf"
pdftotext "$D/crlf.pdf" "$D/crlf.txt"
pdftotext "$D/lf.pdf" "$D/lf.txt"
check "CR LF plan: the same text as with LF" cmp "$D/lf.txt" "$D/crlf.txt"
"$UCAPGEN" --dump xml "$D/crlf.yaml" >"$D/crlf.xml"
check "CR LF plan: no CR in the loaded plan" sh -c "! tr -d -c '\r' <'$D/crlf.xml' | grep -q ."

# A file that replaces another is flushed to disk before it takes its
# place; a new file is not (a crash loses nothing of it).  (Under strace,
# LeakSanitizer cannot run: it is turned off for these two.)
rm -f "$D/sync.pdf"
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -e trace=fsync,fdatasync -o "$D/sync-new.trace" \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/sync.pdf"
check "a new file: written without waiting for the disk" \
    test "$(grep -c 'sync(' "$D/sync-new.trace")" = 0
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -e trace=fsync,fdatasync -o "$D/sync-again.trace" \
    "$UCAPGEN" "$EX/minimal.yaml" -o "$D/sync.pdf"
check "a file replacing another: flushed to disk first" \
    test "$(grep -c 'fsync(' "$D/sync-again.trace")" = 1
