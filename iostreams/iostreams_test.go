package iostreams

import (
	"strings"
	"sync"
	"testing"
)

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

func TestWritersAreSafeForConcurrentUse(t *testing.T) {
	s, _, out, _ := Test()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Out.Write([]byte("one whole line\n"))
		}()
	}
	wg.Wait()
	if got := strings.Count(out.String(), "one whole line\n"); got != 50 {
		t.Errorf("%d whole lines of 50:\n%s", got, out.String())
	}
	if in, _, _ := s.ChildStreams(); in != s.In {
		t.Error("without a terminal, children get the streams")
	}
	if _, _, ok := s.PromptFiles(); ok {
		t.Error("test streams have no terminal to prompt on")
	}
}
