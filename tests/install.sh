# meson install: the installed program finds its data and renders.
# Sourced by tests/run.
I=$WORK/install
rm -rf "$I"
if meson install -C "$BUILD" --destdir "$I" >"$WORK/install.log" 2>&1; then
	pass
	bin=$(find "$I" -type f -name ucapgen -perm -u+x | head -1)
	check "installed: binary" test -n "$bin"
	check "installed: manual page" sh -c "find '$I' -name 'ucapgen.1*' | grep -q ."
	check "installed: schema, layout and catalog" sh -c "find '$I' -name plan.xsd | grep -q . && find '$I' -name sheet.xml | grep -q . && find '$I' -name en.po | grep -q ."
	check "installed: fonts and licence" sh -c "find '$I' -path '*fonts/OFL.txt' | grep -q . && find '$I' -path '*fonts/NotoSansCJKsc-Regular-gb2312.ttf' | grep -q ."
	(cd / && "$bin" "$TOP/examples/changchun.yaml" -o "$WORK/installed.pdf")
	check "installed program renders from its own data" test -s "$WORK/installed.pdf"
else
	fail "meson install" "$(tail -20 "$WORK/install.log")"
fi
