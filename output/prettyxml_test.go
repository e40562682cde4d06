package output

import "testing"

func TestPrettyXML(t *testing.T) {
	in := `<?xml version="1.0"?><!-- c --><A x="1 &amp; &quot;2&quot;"><B>t &lt; u</B><C></C><D/><E><![CDATA[<raw>]]></E><F>` +
		`<G>1</G></F><H>  </H></A>`
	want := `<?xml version="1.0"?>
<!-- c -->
<A x="1 &amp; &quot;2&quot;">
  <B>t &lt; u</B>
  <C/>
  <D/>
  <E><![CDATA[<raw>]]></E>
  <F>
    <G>1</G>
  </F>
  <H>  </H>
</A>
`
	got, err := PrettyXML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	// Already pretty input is a fixed point.
	again, err := PrettyXML(got)
	if err != nil || string(again) != want {
		t.Errorf("not idempotent (%v):\n%s", err, again)
	}
}
