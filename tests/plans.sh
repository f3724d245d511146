# plans suite: every tests/plans/NAME.yaml beside NAME.err, the exact
# messages of "ucapgen --check NAME.yaml" run in tests/plans.  Also: the
# exit status (1 with messages, 0 without), the form of each message, no
# message twice, messages in line order, no libxml2 words; and every
# example plan checks clean.

for plan in "$TOP"/tests/plans/*.yaml; do
	name=$(basename "$plan" .yaml)
	err=$WORK/plans-$name.err
	(cd "$TOP/tests/plans" && "$UCAPGEN" --check "$name.yaml") \
	    >"$WORK/plans.out" 2>"$err"
	status=$?
	golden "plans/$name" "$TOP/tests/plans/$name.err" "$err"

	if [ -s "$err" ] && [ "$status" -ne 1 ]; then
		fail "plans/$name: exit status $status with messages, expected 1"
	elif [ ! -s "$err" ] && [ "$status" -ne 0 ]; then
		fail "plans/$name: exit status $status without messages"
	else
		pass
	fi
	if [ -s "$WORK/plans.out" ]; then
		fail "plans/$name: --check wrote to standard output"
	else
		pass
	fi
	bad=$(grep -v "^$name\.yaml:[0-9][0-9]*:[0-9][0-9]*: error: [^ ]" "$err")
	if [ -n "$bad" ]; then
		fail "plans/$name: not in the form FILE:LINE:COL: error: TEXT" \
		    "$bad"
	else
		pass
	fi
	dup=$(sort "$err" | uniq -d)
	if [ -n "$dup" ]; then
		fail "plans/$name: a message twice" "$dup"
	else
		pass
	fi
	if ! cut -d: -f2,3 "$err" | sort -t: -k1,1n -k2,2n -C; then
		fail "plans/$name: messages not in line order"
	else
		pass
	fi
	raw=$(grep -E '\{urn:|facet|atomic type|Element .\{|element-only|xs:' \
	    "$err")
	if [ -n "$raw" ]; then
		fail "plans/$name: libxml2's words leak" "$raw"
	else
		pass
	fi
done

# Every example checks clean.
for plan in "$TOP"/examples/*.yaml; do
	name=$(basename "$plan")
	"$UCAPGEN" --check "$plan" >"$WORK/plans.out" 2>&1
	status=$?
	if [ "$status" -ne 0 ] || [ -s "$WORK/plans.out" ]; then
		fail "plans: examples/$name does not check clean" \
		    "$(head -5 "$WORK/plans.out")"
	else
		pass
	fi
done
