package marketapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/onectl/onectl/output"
)

// newDownloadCmd fetches an app's file. OpenNebula's CLI goes through
// Sunstone; onectl fetches the app's SOURCE itself, which an http
// marketplace and the simulator's own serve.
func newDownloadCmd(f *kit.Factory) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "download <app> <path>",
		Short: "Download the file of a marketplace app to a local path",
		Long: `Download the file of a READY marketplace app to <path> (a file, or a
directory to put <app name> in). onectl fetches the app's SOURCE over http
itself, where onemarketapp goes through Sunstone: this works for http
marketplaces and the simulator's own, whose SOURCE it can reach. A progress
bar shows on a terminal; off one, nothing is written to stderr. An existing
file is kept unless --force.

XML-RPC: one.marketapp.info (needs MARKETPLACEAPP:USE), then an http GET of its SOURCE`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: kit.CompleteObjects(f, kit.MarketApps, false),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDownload(cmd.Context(), f, args[0], args[1], force)
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite <path> if it exists")
	return cmd
}

func runDownload(ctx context.Context, f *kit.Factory, arg, path string, force bool) error {
	id, c, err := kit.OneObject(ctx, f, kit.MarketApps, arg)
	if err != nil {
		return err
	}
	raw, err := c.CallString(ctx, "one.marketapp.info", id)
	if err != nil || c.IsDryRun() {
		return err
	}
	app, err := client.ParseMarketplaceApp([]byte(raw))
	if err != nil {
		return err
	}
	if app.State != 1 || app.Source == "" {
		return &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("app %d is %s and has no file to download yet", app.ID, client.AppStateName(app.State))}
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, app.Name)
	}
	if _, err := os.Stat(path); err == nil && !force {
		return kit.Usagef("%s exists: use --force to overwrite it", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return kit.Usagef("%v", err)
	}
	body, size, err := c.Fetch(ctx, app.Source)
	if err != nil {
		return err
	}
	defer body.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".part*")
	if err != nil {
		return kit.Usagef("cannot write to %s: %v", filepath.Dir(path), err)
	}
	var src io.Reader = body
	var bar *progress
	if f.IO.ShowProgress() {
		bar = &progress{w: f.IO.ErrOut, total: size, name: app.Name}
		src = io.TeeReader(body, bar)
	}
	_, err = io.Copy(tmp, src)
	if bar != nil {
		bar.done()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644) // a temporary file starts private
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// progress draws "name  12M / 256M  4%" on one terminal line.
type progress struct {
	w     io.Writer
	total int64
	n     int64
	last  int64
	name  string
}

func (p *progress) Write(b []byte) (int, error) {
	p.n += int64(len(b))
	if p.n-p.last >= 256<<10 || p.n == p.total {
		p.last = p.n
		p.draw()
	}
	return len(b), nil
}

func (p *progress) draw() {
	mb := func(n int64) string { return output.HumanMB(n >> 20) }
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s  %s / %s  %d%%", p.name, mb(p.n), mb(p.total), p.n*100/p.total)
	} else {
		fmt.Fprintf(p.w, "\r\033[K%s  %s", p.name, mb(p.n))
	}
}

func (p *progress) done() {
	p.draw()
	fmt.Fprint(p.w, "\r\033[K")
}
