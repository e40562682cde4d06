package vm

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
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

func vmMonitoringShower() *kit.Show {
	return &kit.Show{
		Res:    kit.VMs,
		Use:    "monitoring",
		Short:  "Show the monitoring samples of a VM, with a CPU and memory chart on a terminal",
		Method: "one.vm.monitoring",
		Table:  monitoringTable,
		Rows:   func(raw []byte, _ []any) ([]any, error) { return monitoringRows(raw) },
		Render: func(r *kit.Render) error {
			rows, err := monitoringRows(r.Raw)
			if err != nil {
				return fmt.Errorf("reading monitoring of VM %d: %w", r.ID, err)
			}
			p := &output.Printer{Opts: output.Options{Format: output.FormatTable}, Out: r.Out}
			if err := p.Table(monitoringTable(), rows); err != nil {
				return err
			}
			if r.TTY && len(rows) > 1 {
				writeCharts(r.Out, rows)
			}
			return nil
		},
	}
}

func monitoringRows(raw []byte) ([]any, error) {
	data, err := client.ParseMonitoringData(raw)
	if err != nil {
		return nil, err
	}
	rows := make([]any, 0, len(data.Monitoring))
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
	}
	return rows, nil
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

func writeCharts(w io.Writer, rows []any) {
	samples := make([]*monSample, len(rows))
	for i, r := range rows {
		samples[i] = r.(*monSample)
	}
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
