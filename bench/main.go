// Command bench measures onectl's list path against the time of merely
// transferring the same pages, its start-up, bulk actions and the
// simulator's page time, and prints one table (run it with `make bench`).
//
// Every figure is the median of several runs taken side by side: each run
// does the transfer, the table and the JSON in turn, so a noisy neighbour
// slows all three alike and the ratios stay meaningful.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var (
		sizes    = fs.String("sizes", "1000,10000,100000", "pool sizes to list")
		runs     = fs.Int("runs", 5, "runs per figure (the median is shown)")
		bigRuns  = fs.Int("big-runs", 3, "runs per figure at 100,000 VMs and more")
		bin      = fs.String("onectl", "", "onectl binary (default: build ./cmd/onectl)")
		pageSize = fs.Int("page", 200, "pool page size (ONE_POOL_PAGE_SIZE)")
		simN     = fs.Int("sim", 100000, "VMs in the simulator for the page-time figure")
		bulkN    = fs.Int("bulk", 100, "VMs in the bulk action figure")
		transfer = fs.String("transfer", "", "internal: fetch the pages from this endpoint and discard them")
		transN   = fs.Int("n", 0, "internal: pool size for -transfer")
		withYAML = fs.Bool("yaml", true, "also time -o yaml (slow: yaml.v3 encodes every element)")
		serveN   = fs.Int("serve", 0, "serve a fixture of this many VMs and print its endpoint (for profiling by hand)")
		report   = fs.String("report", "", "internal: run the arguments, write wall time and peak RSS to this file")
	)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *transfer != "" {
		return fetchPages(*transfer, *transN, *pageSize)
	}
	if *serveN > 0 {
		url, _, err := serve(newFixture(*serveN, *pageSize))
		if err != nil {
			return err
		}
		fmt.Println(url)
		select {}
	}
	if *report != "" {
		return launch(*report, fs.Args())
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad -sizes entry %q", s)
		}
		ns = append(ns, n)
	}
	dir, err := os.MkdirTemp("", "onectl-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if *bin == "" {
		*bin = filepath.Join(dir, "onectl")
		build := exec.Command("go", "build", "-o", *bin, "./cmd/onectl")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building onectl (run the bench from the module's root, as make bench does): %w", err)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	b := &bench{bin: *bin, self: self, dir: dir, page: *pageSize, yaml: *withYAML}
	if err := b.env(); err != nil {
		return err
	}
	loadStart := loadAvg()
	var rows []row
	sum := map[string]string{}
	for _, n := range ns {
		r := *runs
		if n >= 100000 {
			r = *bigRuns
		}
		lr, err := b.list(n, r)
		if err != nil {
			return err
		}
		rows = append(rows, lr...)
		ratio := func(i int) string { return fmt.Sprintf("%.2f", lr[i].wall.Seconds()/lr[0].wall.Seconds()) }
		switch n {
		case 10000:
			sum["list10k_vs_transfer"], sum["json10k_vs_transfer"] = ratio(1), ratio(2)
		case 100000:
			sum["list100k_vs_transfer"] = ratio(1)
			rss := 0.0
			for _, r := range lr[1:] {
				rss = max(rss, r.rssMB)
			}
			sum["rss100k_mb"] = fmt.Sprintf("%.0f", rss)
		}
	}
	st, err := b.startup(*runs * 4)
	if err != nil {
		return err
	}
	rows = append(rows, st...)
	sum["help_ms"] = fmt.Sprintf("%.1f", float64(st[0].wall.Microseconds())/1000)
	br, speedup, err := b.bulk(*bulkN, *runs)
	if err != nil {
		return err
	}
	rows = append(rows, br...)
	sum["bulk_speedup"] = fmt.Sprintf("%.1f", speedup)
	sr, err := simPages(*simN, *pageSize, *runs)
	if err != nil {
		return err
	}
	rows = append(rows, sr...)
	fmt.Printf("%d CPUs, load average %s at the start, %s at the end\n", runtime.NumCPU(), loadStart, loadAvg())
	printTable(os.Stdout, rows)
	keys := []string{"list10k_vs_transfer", "json10k_vs_transfer", "list100k_vs_transfer", "rss100k_mb", "help_ms", "bulk_speedup"}
	line := "SUMMARY"
	for _, k := range keys {
		v := sum[k]
		if v == "" {
			v = "n/a"
		}
		line += " " + k + "=" + v
	}
	fmt.Println(line)
	return nil
}

type bench struct {
	bin, self, dir string
	page           int
	yaml           bool
	environ        []string
}

// env gives every onectl run a private HOME and credentials file, so the
// developer's own ~/.one never leaks into a figure.
func (b *bench) env() error {
	auth := filepath.Join(b.dir, "one_auth")
	if err := os.WriteFile(auth, []byte("oneadmin:opennebula\n"), 0o600); err != nil {
		return err
	}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ONE_") && !strings.HasPrefix(kv, "HOME=") {
			b.environ = append(b.environ, kv)
		}
	}
	b.environ = append(b.environ, "HOME="+b.dir, "ONE_AUTH="+auth, "ONE_POOL_PAGE_SIZE="+strconv.Itoa(b.page))
	return nil
}

// row is one line of the table.
type row struct {
	what  string
	n     int
	wall  time.Duration
	cpu   time.Duration
	rssMB float64
	ratio string
}

// sample is one run: wall time, peak RSS and CPU time (user + system; on
// a busy machine it tells work from waiting).
type sample struct {
	wall  time.Duration
	rssMB float64
	cpu   time.Duration
}

// exec runs a program with stdout to out (nil: /dev/null) and returns its
// wall time and peak RSS. The program is started by a small launcher (this
// binary with -report), because Linux counts the memory of the process
// that starts a program in the program's peak RSS, and the bench process
// holds the fixture's pages.
func (b *bench) exec(endpoint string, out io.Writer, name string, args ...string) (sample, error) {
	rep := filepath.Join(b.dir, "report")
	cmd := exec.Command(b.self, append([]string{"-report", rep, "--", name}, args...)...)
	cmd.Env = append(append([]string(nil), b.environ...), "ONE_XMLRPC="+endpoint)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if out != nil {
		cmd.Stdout = out
	} else {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return sample{}, err
		}
		defer null.Close()
		cmd.Stdout = null
	}
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s %s: %v: %s", filepath.Base(name), strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	data, err := os.ReadFile(rep)
	if err != nil {
		return sample{}, err
	}
	var ns, kb, cpu int64
	if _, err := fmt.Sscan(string(data), &ns, &kb, &cpu); err != nil {
		return sample{}, fmt.Errorf("launcher report %q: %v", data, err)
	}
	return sample{wall: time.Duration(ns), rssMB: float64(kb) / 1024, cpu: time.Duration(cpu)}, nil
}

// launch is the launcher's side of exec.
func launch(report string, argv []string) error {
	if len(argv) == 0 {
		return errors.New("-report needs a command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return err
	}
	var kb, cpu int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		kb = ru.Maxrss // KiB on Linux
		cpu = syscall.TimevalToNsec(ru.Utime) + syscall.TimevalToNsec(ru.Stime)
	}
	return os.WriteFile(report, []byte(fmt.Sprintf("%d %d %d\n", wall.Nanoseconds(), kb, cpu)), 0o600)
}

func median(s []sample) sample {
	w := make([]time.Duration, len(s))
	c := make([]time.Duration, len(s))
	r := make([]float64, len(s))
	for i, x := range s {
		w[i], r[i], c[i] = x.wall, x.rssMB, x.cpu
	}
	slices.Sort(w)
	slices.Sort(r)
	slices.Sort(c)
	return sample{wall: w[len(w)/2], rssMB: r[len(r)/2], cpu: c[len(c)/2]}
}

// serve starts h on a loopback port and returns its endpoint.
func serve(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String() + "/RPC2", func() { srv.Close() }, nil
}

// list measures the transfer, the table, JSON and YAML at one pool size.
func (b *bench) list(n, runs int) ([]row, error) {
	fx := newFixture(n, b.page)
	url, stop, err := serve(fx)
	if err != nil {
		return nil, err
	}
	defer stop()
	if err := b.check(url, n); err != nil {
		return nil, err
	}
	kinds := []struct {
		what string
		args []string
	}{
		{"transfer (pages, unparsed)", []string{b.self, "-transfer", url, "-n", strconv.Itoa(n), "-page", strconv.Itoa(b.page)}},
		// --timeout bounds the whole command, printing included: a
		// hundred thousand VMs in YAML take longer than its default
		{"onectl vm list", []string{b.bin, "--timeout", "1h", "vm", "list"}},
		{"onectl vm list -o json", []string{b.bin, "--timeout", "1h", "vm", "list", "-o", "json"}},
		{"onectl vm list -o yaml", []string{b.bin, "--timeout", "1h", "vm", "list", "-o", "yaml"}},
	}
	if !b.yaml {
		kinds = kinds[:3]
	}
	got := make([][]sample, len(kinds))
	for r := 0; r < runs; r++ {
		for i, k := range kinds {
			s, err := b.exec(url, nil, k.args[0], k.args[1:]...)
			if err != nil {
				return nil, err
			}
			got[i] = append(got[i], s)
		}
	}
	rows := make([]row, len(kinds))
	for i, k := range kinds {
		m := median(got[i])
		rows[i] = row{what: k.what, n: n, wall: m.wall, cpu: m.cpu, rssMB: m.rssMB}
		if i > 0 {
			rows[i].ratio = fmt.Sprintf("%.2fx", m.wall.Seconds()/rows[0].wall.Seconds())
		}
	}
	rows[0].ratio = fmt.Sprintf("%.1f MB", float64(fx.bytes)/1e6)
	return rows, nil
}

// check makes sure the figures are of a working command: every VM is a
// table line and a JSON element.
func (b *bench) check(url string, n int) error {
	var out bytes.Buffer
	if _, err := b.exec(url, &out, b.bin, "--timeout", "1h", "vm", "list", "--no-header", "-l", "ID"); err != nil {
		return err
	}
	if lines := bytes.Count(out.Bytes(), []byte("\n")); lines != n {
		return fmt.Errorf("vm list printed %d lines for %d VMs", lines, n)
	}
	return nil
}

// fetchPages is the transfer baseline: the same page calls onectl makes,
// each body read to the end and dropped.
func fetchPages(url string, n, size int) error {
	client := &http.Client{}
	for off := 0; off <= n; off += size {
		body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>one.vmpool.info</methodName><params>`+
			`<param><value><string>oneadmin:opennebula</string></value></param><param><value><int>-2</int></value></param>`+
			`<param><value><int>%d</int></value></param><param><value><int>%d</int></value></param><param><value><int>-1</int></value></param></params></methodCall>`, off, -size)
		resp, err := client.Post(url, "text/xml", strings.NewReader(body))
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status)
		}
	}
	return nil
}

// startup times commands that need no server.
func (b *bench) startup(runs int) ([]row, error) {
	var rows []row
	for _, args := range [][]string{{"--help"}, {"version"}} {
		var s []sample
		for r := 0; r < runs; r++ {
			x, err := b.exec("http://127.0.0.1:9/RPC2", nil, b.bin, args...)
			if err != nil && args[0] == "version" {
				// `version` is a newer subcommand; --version is the root's
				args = []string{"--version"}
				x, err = b.exec("http://127.0.0.1:9/RPC2", nil, b.bin, args...)
			}
			if err != nil {
				return nil, err
			}
			s = append(s, x)
		}
		m := median(s)
		rows = append(rows, row{what: "onectl " + strings.Join(args, " "), wall: m.wall, cpu: m.cpu, rssMB: m.rssMB})
	}
	return rows, nil
}

func printTable(w io.Writer, rows []row) {
	fmt.Fprintf(w, "%-34s %8s %10s %10s %9s %s\n", "WHAT", "N", "MEDIAN", "CPU", "PEAK_RSS", "VS_TRANSFER")
	for _, r := range rows {
		n := "-"
		if r.n > 0 {
			n = strconv.Itoa(r.n)
		}
		rss := "-"
		if r.rssMB > 0 {
			rss = fmt.Sprintf("%.0f MB", r.rssMB)
		}
		cpu := "-"
		if r.cpu > 0 {
			cpu = fmtDur(r.cpu)
		}
		fmt.Fprintf(w, "%-34s %8s %10s %10s %9s %s\n", r.what, n, fmtDur(r.wall), cpu, rss, r.ratio)
	}
}

// loadAvg is the one-minute load average, which says how much the
// figures were disturbed by other work on the machine.
func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(data)); len(f) > 0 {
		return f[0]
	}
	return "?"
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%d µs", d.Microseconds())
}
