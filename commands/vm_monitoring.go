package commands

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/output"
)

type monSample struct {
	t      int64
	cpu    float64
	memKB  int64
	netRX  int64
	netTX  int64
	diskRD int64
	diskWR int64
}

func monitoringTable() *output.Table {
	s := func(r any) *monSample { return r.(*monSample) }
	return &output.Table{Columns: []output.Column{
		{Name: "TIME", Value: func(r any) string { return showTime(s(r).t) }},
		{Name: "CPU", Right: true, Value: func(r any) string { return strconv.FormatFloat(s(r).cpu, 'f', -1, 64) }},
		{Name: "MEMORY", Right: true, Value: func(r any) string { return output.HumanKB(s(r).memKB) }},
		{Name: "NETRX", Right: true, Value: func(r any) string { return output.HumanKB(s(r).netRX / 1024) }},
		{Name: "NETTX", Right: true, Value: func(r any) string { return output.HumanKB(s(r).netTX / 1024) }},
		{Name: "DISKRD", Right: true, Value: func(r any) string { return output.HumanKB(s(r).diskRD / 1024) }},
		{Name: "DISKWR", Right: true, Value: func(r any) string { return output.HumanKB(s(r).diskWR / 1024) }},
	}}
}

func newVMMonitoringCmd(f *Factory) *cobra.Command {
	var out output.Options
	cmd := &cobra.Command{
		Use:   "monitoring <vm>",
		Short: "Show the monitoring samples of a VM, with a CPU and memory chart on a terminal",
		Long:  "Show the monitoring samples of a VM, with a CPU and memory chart on a terminal." + apiHelp("one.vm.monitoring", ""),
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := validateOutput(&out); err != nil {
				return err
			}
			ctx := cmd.Context()
			id, err := newResolver(f, vmRes).ID(ctx, args[0])
			if err != nil {
				return err
			}
			c, err := f.Client()
			if err != nil {
				return err
			}
			raw, err := c.CallString(ctx, "one.vm.monitoring", id)
			if err != nil || c.IsDryRun() {
				return err
			}
			data, err := client.ParseMonitoringData([]byte(raw))
			if err != nil {
				return fmt.Errorf("reading monitoring of VM %d: %w", id, err)
			}
			var rows []any
			var samples []*monSample
			for _, m := range data.Monitoring {
				s := &monSample{
					t:      atoi64(m.Get("TIMESTAMP")),
					memKB:  atoi64(m.Get("MEMORY")),
					netRX:  atoi64(m.Get("NETRX")),
					netTX:  atoi64(m.Get("NETTX")),
					diskRD: atoi64(m.Get("DISKRDBYTES")),
					diskWR: atoi64(m.Get("DISKWRBYTES")),
				}
				s.cpu, _ = strconv.ParseFloat(m.Get("CPU"), 64)
				rows = append(rows, s)
				samples = append(samples, s)
			}
			p := &output.Printer{Opts: out, Out: f.IO.Out}
			if err := p.Print([]byte(raw), monitoringTable(), rows); err != nil {
				return err
			}
			if out.Format == output.FormatTable && f.IO.IsStdoutTTY() && len(samples) > 1 {
				writeCharts(f.IO.Out, samples)
			}
			return nil
		},
	}
	addOutputFlags(cmd, &out)
	cmd.ValidArgsFunction = completeObjects(f, vmRes)
	return cmd
}

var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline scales values between their min and max onto eight bar heights.
func sparkline(vals []float64) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if hi > lo {
			i = int((v - lo) / (hi - lo) * float64(len(sparks)-1))
		}
		b.WriteRune(sparks[i])
	}
	return b.String()
}

func writeCharts(w io.Writer, samples []*monSample) {
	cpu := make([]float64, len(samples))
	mem := make([]float64, len(samples))
	for i, s := range samples {
		cpu[i], mem[i] = s.cpu, float64(s.memKB)
	}
	last := samples[len(samples)-1]
	span := time.Duration(last.t-samples[0].t) * time.Second
	fmt.Fprintf(w, "\nCPU     %s  %s%%\n", sparkline(cpu), strconv.FormatFloat(last.cpu, 'f', -1, 64))
	fmt.Fprintf(w, "MEMORY  %s  %s\n", sparkline(mem), output.HumanKB(last.memKB))
	fmt.Fprintf(w, "        %d samples over %s\n", len(samples), span)
}
