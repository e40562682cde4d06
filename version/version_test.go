package version

import (
	"runtime/debug"
	"testing"
)

func TestStampedValuesWin(t *testing.T) {
	Version, Commit, Date = "1.2.3", "abcdef0123456789", "2026-11-29T17:00:00Z"
	t.Cleanup(func() { Version, Commit, Date = "", "", "" })
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v9.9.9"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "ffff"}, {Key: "vcs.modified", Value: "true"},
	}}
	got := get(func() (*debug.BuildInfo, bool) { return bi, true })
	want := Info{Version: "1.2.3", Commit: "abcdef0123456789", Date: "2026-11-29T17:00:00Z"}
	if got != want {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	if s := got.String(); s != "1.2.3 (commit abcdef012345, built 2026-11-29T17:00:00Z)" {
		t.Fatalf("String() = %q", s)
	}
}

func TestFallsBackToBuildRecord(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef"},
		{Key: "vcs.time", Value: "2026-11-01T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	got := get(func() (*debug.BuildInfo, bool) { return bi, true })
	if got.Version != "dev" || got.Commit != "0123456789abcdef" || got.Date != "2026-11-01T10:00:00Z" || !got.Dirty {
		t.Fatalf("got %+v", got)
	}
	if s := got.String(); s != "dev (commit 0123456789ab-dirty, built 2026-11-01T10:00:00Z)" {
		t.Fatalf("String() = %q", s)
	}
	installed := &debug.BuildInfo{Main: debug.Module{Version: "v0.4.0"}}
	if v := get(func() (*debug.BuildInfo, bool) { return installed, true }).Version; v != "0.4.0" {
		t.Fatalf("go install'd version = %q", v)
	}
	none := get(func() (*debug.BuildInfo, bool) { return nil, false })
	if none != (Info{Version: "dev", Commit: "unknown", Date: "unknown"}) {
		t.Fatalf("no build info: %+v", none)
	}
}
