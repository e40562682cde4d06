// Package completions completes object names live from the cloud, so that
// `onectl vm poweroff <TAB>` offers the VMs that exist (and, where the
// command says so, only those in a state the action accepts).
package completions

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
)

// Timeout bounds a completion: a shell must never hang on a slow cloud,
// and an unreachable one completes nothing, silently.
const Timeout = 2 * time.Second

// Source is where completion reads objects from.
type Source struct {
	Client func() (*client.Client, error)
	Pool   client.PoolQuery
	Label  string // "VM", shown as the description
	// Keep filters the candidates (nil keeps all).
	Keep func(client.ObjectRef) bool
	// Many is true when the command takes any number of objects; otherwise
	// only the first argument is completed.
	Many bool
}

// Func returns the cobra completion function for src.
func Func(src Source) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 && !src.Many {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		objs, err := List(cmd.Context(), src)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveError
		}
		var out []string
		for _, o := range objs {
			if strings.HasPrefix(o.Name, toComplete) {
				out = append(out, o.Name+"\t"+src.Label+" "+strconv.Itoa(o.ID))
			} else if strings.HasPrefix(strconv.Itoa(o.ID), toComplete) {
				out = append(out, strconv.Itoa(o.ID)+"\t"+o.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// List reads the pool and returns the objects src keeps.
func List(ctx context.Context, src Source) ([]client.ObjectRef, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	c, err := src.Client()
	if err != nil {
		return nil, err
	}
	if c.IsDryRun() {
		return nil, nil
	}
	path, now := cacheFile(c, src.Pool), time.Now()
	all, ok := readCache(path, now)
	if !ok {
		err = c.Objects(ctx, src.Pool, func(_ string, obj []byte) error {
			o, err := client.Ref(obj)
			if err == nil {
				all = append(all, o)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		writeCache(path, all, now)
	}
	var out []client.ObjectRef
	for _, o := range all {
		if src.Keep == nil || src.Keep(o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// VMIn keeps VMs whose CLI short state (runn, poff, pend...) is one of states.
func VMIn(states ...string) func(client.ObjectRef) bool {
	return func(o client.ObjectRef) bool {
		s := client.VMShortState(o.State, o.LCMState)
		for _, want := range states {
			if s == want {
				return true
			}
		}
		return false
	}
}
