# mapping suite: the YAML-to-XML mapping of gen/load.h and the positions
# it keeps.  Every tests/mapping/NAME.yaml beside NAME.xml, the output of
# "ucapgen --dump xml NAME.yaml" run in tests/mapping (the plans need not
# be complete: messages on standard error are not compared).

for plan in "$TOP"/tests/mapping/*.yaml; do
	name=$(basename "$plan" .yaml)
	out=$WORK/mapping-$name.xml
	(cd "$TOP/tests/mapping" && "$UCAPGEN" --dump xml "$name.yaml") \
	    >"$out" 2>"$WORK/mapping.err"
	status=$?
	if [ "$status" -ge 2 ] || ! [ -s "$out" ]; then
		fail "mapping/$name: no dump (exit status $status)" \
		    "$(head -5 "$WORK/mapping.err")"
		continue
	fi
	golden "mapping/$name" "$TOP/tests/mapping/$name.xml" "$out"
	if command -v xmllint >/dev/null; then
		check "mapping/$name: well-formed XML" xmllint --noout "$out"
	fi
done
