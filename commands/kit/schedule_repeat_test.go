package kit

import (
	"testing"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/template"
)

func repeatCall(t *testing.T, args ...string) *Call {
	t.Helper()
	cmd := &cobra.Command{Use: "x"}
	RepeatFlags(cmd.Flags())
	if err := cmd.Flags().Parse(args); err != nil {
		t.Fatal(err)
	}
	return &Call{Cmd: cmd}
}

func TestRepeatPairs(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--weekly", "1,5"}, "REPEAT=0 DAYS=1,5 END_TYPE=0"},
		{[]string{"--monthly", "1", "--end", "3"}, "REPEAT=1 DAYS=1 END_TYPE=1 END_VALUE=3"},
		{[]string{"--hourly", "6", "--end", "1798559363"}, "REPEAT=3 DAYS=6 END_TYPE=2 END_VALUE=1798559363"},
		{[]string{"--yearly", "0,100"}, "REPEAT=2 DAYS=0,100 END_TYPE=0"},
	} {
		pairs, err := RepeatPairs(repeatCall(t, c.args...))
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		got := ""
		for i, p := range pairs {
			if i > 0 {
				got += " "
			}
			got += p.Name + "=" + p.Value
		}
		if got != c.want {
			t.Errorf("%v: %q, want %q", c.args, got, c.want)
		}
	}
	for _, bad := range [][]string{{"--weekly", "1", "--hourly", "2"}, {"--end", "3"}, {"--weekly", "mon"}, {"--weekly", "1", "--end", "someday"}} {
		if _, err := RepeatPairs(repeatCall(t, bad...)); err == nil || ExitCode(err) != ExitUsage {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
	if got := SchedTemplateWith("backup", 100, "", []template.Pair{{Name: "REPEAT", Value: "3"}}); got != "SCHED_ACTION=[\n  ACTION=\"backup\",\n  TIME=\"100\",\n  REPEAT=\"3\" ]" {
		t.Errorf("SchedTemplateWith: %q", got)
	}
}

func TestWrapVector(t *testing.T) {
	plain, _ := template.Parse("NAME=\"cache\"\nPOLICY=\"AFFINED\"\n")
	if got := WrapVector(plain, "ROLE").String(); got != "ROLE=[\n  NAME=\"cache\",\n  POLICY=\"AFFINED\" ]" {
		t.Errorf("wrapped: %q", got)
	}
	vec, _ := template.Parse("ROLE=[NAME=\"x\"]")
	if got := WrapVector(vec, "ROLE"); got != vec {
		t.Error("a ROLE vector was wrapped again")
	}
}
