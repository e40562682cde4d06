// Package version holds what a build stamps into the binary: the release
// version, the commit it was built from and when. Releases set all three
// with -ldflags "-X"; a plain `go build` or `go install` leaves them empty,
// and then the module and VCS data Go embeds is used, so even a developer's
// build can say where it came from.
package version

import (
	"runtime/debug"
	"strings"
)

// Set at build time: -X github.com/onectl/onectl/version.Version=1.2.3 (and
// .Commit, .Date). Variables, not constants, so the linker can set them.
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is what `onectl version` reports.
type Info struct {
	Version string `json:"version" yaml:"version"`
	Commit  string `json:"commit" yaml:"commit"`
	Date    string `json:"date" yaml:"date"`
	Dirty   bool   `json:"dirty,omitempty" yaml:"dirty,omitempty"`
}

// Get returns the stamped values, filled in from the build's own record
// where the linker left them empty.
func Get() Info {
	return get(debug.ReadBuildInfo)
}

func get(read func() (*debug.BuildInfo, bool)) Info {
	i := Info{Version: Version, Commit: Commit, Date: Date}
	bi, ok := read()
	if !ok {
		return fill(i)
	}
	if i.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		i.Version = strings.TrimPrefix(bi.Main.Version, "v")
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if i.Commit == "" {
				i.Commit = s.Value
			}
		case "vcs.time":
			if i.Date == "" {
				i.Date = s.Value
			}
		case "vcs.modified":
			// Only trust it when the commit came from the same record.
			i.Dirty = s.Value == "true" && Commit == ""
		}
	}
	return fill(i)
}

func fill(i Info) Info {
	if i.Version == "" {
		i.Version = "dev"
	}
	if i.Commit == "" {
		i.Commit = "unknown"
	}
	if i.Date == "" {
		i.Date = "unknown"
	}
	return i
}

// String is the one line `onectl --version` prints after the name:
// "1.2.3 (commit 0123abc, built 2026-11-29T17:00:00Z)".
func (i Info) String() string {
	c := i.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if i.Dirty {
		c += "-dirty"
	}
	return i.Version + " (commit " + c + ", built " + i.Date + ")"
}
