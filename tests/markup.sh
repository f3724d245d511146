# markup suite: the inline markup parser (gen/markup.c) and the pattern of
# the Inline type (gen/plan.xsd) must agree on every string below, and
# both must give the expected verdict.  The schema side is checked with
# xmllint against a small schema that includes plan.xsd.
#
# Corpus lines: "ok" or "error", a tab, the string ("⏎" is a line break,
# "⇥" a tab).  The empty string is left out: minLength refuses it, not the
# pattern.

MARKUP_TEST=$BUILD/tests/markup-test
cat >"$WORK/markup.corpus" <<'CORPUS'
ok	plain text
ok	Culture, Tourism, Education
ok	**bold**
ok	*italic*
ok	__underline__
ok	[text](https://example.org)
ok	see [the site](https://example.org/a_b?x=1&y=2) now
ok	**bold** and *italic* and __under__ and [link](http://x.y)
ok	\* \_ \[ \] \\
ok	a\*b
ok	_
ok	_leading
ok	a_b
ok	IUC-ASIA_office
ok	trailing_
ok	a _ b
ok	*a*_
ok	**a**_b
ok	*a**b*
ok	*a**b**c*
ok	___a___
ok	__a___b
ok	__a_b__
ok	_a__b__
ok	a\__
ok	[a\]b](https://x)
ok	[mail us](mailto:office@example.org)
error	[a](x)
error	[site](powietrze.malopolska.pl)
error	[site](www.example.org)
error	[t](ftp://example.org)
error	[t](https:)
ok	[t](https://x)y
ok	[a](https://b))
ok	(brackets) and (parentheses)
ok	line one⏎line two
ok	para one⏎⏎para two
ok	tab⇥separated
ok	 
ok	**a **
ok	Málaga, Baden-Württemberg, 长春
ok	_é
ok	**长春**
ok	office@iuc-asia.eu and https://example.org
ok	a * b *
error	**unclosed
error	*unclosed
error	__unclosed
error	a * b
error	lone *
error	**
error	__
error	a__
error	a___b
error	****
error	***a***
error	**a*
error	*a**
error	**a *b* c**
ok	*a **b** c*
error	__a *b*__
error	[**b**](https://x)
error	[text]
error	[our site] for more
error	[text] (https://x.org)
error	[t](https://x y)
error	[t]()
error	[t](https://a(b)
error	[a](
error	[a](b
error	[]
error	[](https://x)
error	[
error	]
error	a ] b
error	\
error	trailing backslash \
error	\a
error	C:\path
error	\n
error	_*x*
error	_\*
error	*a_*
error	[a_](https://x)
error	__a_\*__
error	_**a**
error	*a_
error	**x*y**
error	line one⏎**two
error	长春 *长春
CORPUS

if [ ! -x "$MARKUP_TEST" ]; then
	fail "markup: no $MARKUP_TEST (tests/meson.build builds it)"
elif ! command -v xmllint >/dev/null; then
	fail "markup: xmllint is needed (Debian package libxml2-utils)"
else
	cut -f1 "$WORK/markup.corpus" >"$WORK/markup.want"
	cut -f2- "$WORK/markup.corpus" >"$WORK/markup.strings"

	# The parser's verdicts.
	"$MARKUP_TEST" <"$WORK/markup.strings" >"$WORK/markup.parser"

	# The schema's verdicts: one <item> a line, so xmllint's line
	# numbers tell which were refused.
	cat >"$WORK/markup.xsd" <<XSD
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:u="urn:ucapgen:plan:1" targetNamespace="urn:ucapgen:plan:1"
           elementFormDefault="qualified">
  <xs:include schemaLocation="file://$TOP/gen/plan.xsd"/>
  <xs:element name="corpus">
    <xs:complexType><xs:sequence>
      <xs:element name="item" type="u:Inline" minOccurs="0"
                  maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
XSD
	{
		echo '<corpus xmlns="urn:ucapgen:plan:1">'
		sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' \
		    -e 's/⏎/\&#10;/g' -e 's/⇥/\&#9;/g' \
		    -e 's/^/<item>/' -e 's/$/<\/item>/' "$WORK/markup.strings"
		echo '</corpus>'
	} >"$WORK/markup.xml"
	xmllint --noout --schema "$WORK/markup.xsd" "$WORK/markup.xml" \
	    >"$WORK/markup.lint" 2>&1
	n=$(wc -l <"$WORK/markup.strings")
	if grep -q 'fails to compile\|parser error' "$WORK/markup.lint"; then
		fail "markup: the test schema does not work" \
		    "$(head -5 "$WORK/markup.lint")"
	else
		grep 'Schemas validity error' "$WORK/markup.lint" |
		    sed 's/^[^:]*:\([0-9]*\):.*/\1/' >"$WORK/markup.bad"
		i=0
		: >"$WORK/markup.schema"
		while [ "$i" -lt "$n" ]; do
			i=$((i + 1))
			# Line 1 is <corpus>; string i is on line i + 1.
			if grep -qx "$((i + 1))" "$WORK/markup.bad"; then
				echo error
			else
				echo ok
			fi
		done >"$WORK/markup.schema"

		paste "$WORK/markup.want" "$WORK/markup.parser" \
		    "$WORK/markup.schema" "$WORK/markup.strings" |
		while IFS="$(printf '\t')" read -r want parser schema str; do
			if [ "$parser" != "$schema" ]; then
				echo "DISAGREE: parser $parser, schema $schema: $str"
			elif [ "$parser" != "$want" ]; then
				echo "UNEXPECTED: both $parser, expected $want: $str"
			fi
		done >"$WORK/markup.diff"
		if [ -s "$WORK/markup.diff" ]; then
			fail "markup: parser and schema" "$(cat "$WORK/markup.diff")"
		else
			pass
		fi
		# Every line got a verdict from the parser.
		if [ "$(wc -l <"$WORK/markup.parser")" -eq "$n" ]; then
			pass
		else
			fail "markup: the parser skipped lines"
		fi
	fi
fi
