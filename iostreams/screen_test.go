package iostreams

import "testing"

func TestCutToWidth(t *testing.T) {
	for _, c := range []struct {
		in    string
		width int
		want  string
	}{
		{"abcdef", 4, "abcd"},
		{"abc", 4, "abc"},
		{"abc", 0, "abc"},
		{"héllo wörld", 5, "héllo"},
		{"\x1b[32mrunn\x1b[0m xyz", 3, "\x1b[32mrun\x1b[0m"},
		{"\x1b[32mrunn\x1b[0m", 4, "\x1b[32mrunn\x1b[0m"},
	} {
		if got := CutToWidth(c.in, c.width); got != c.want {
			t.Errorf("CutToWidth(%q, %d) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

func TestNoScreenWithoutTerminal(t *testing.T) {
	s, _, _, _ := Test()
	s.SetTTY(true, true, true)
	if _, err := s.StartScreen(); err != ErrNoScreen {
		t.Fatalf("StartScreen on buffers: %v", err)
	}
	if w := s.TerminalWidth(); w != 0 {
		t.Fatalf("TerminalWidth on buffers = %d", w)
	}
}
