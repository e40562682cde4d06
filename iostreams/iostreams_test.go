package iostreams

import "testing"

func TestPromptNeedsTerminalBothWays(t *testing.T) {
	s, _, _, _ := Test()
	if s.CanPrompt() || s.ShowProgress() || s.ColorEnabled() {
		t.Fatal("test streams are no terminal: no prompt, progress or colour")
	}
	s.SetTTY(false, true, true)
	if s.CanPrompt() {
		t.Error("stdin is not a terminal (a script feeds it): never prompt")
	}
	s.SetTTY(true, true, true)
	if !s.CanPrompt() || !s.ShowProgress() || !s.ColorEnabled() {
		t.Error("a full terminal may prompt, show progress and use colour")
	}
	s.SetNeverPrompt(true)
	if s.CanPrompt() {
		t.Error("--yes forbids prompts")
	}
	s.noColor = true
	if s.ColorEnabled() {
		t.Error("NO_COLOR disables colour")
	}
}
