package main

import (
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/onectl/onectl/sim"
)

func poolCall(off, size int) []byte {
	return []byte(`<?xml version="1.0"?><methodCall><methodName>one.vmpool.info</methodName><params>` +
		`<param><value><string>oneadmin:opennebula</string></value></param><param><value><i4>-2</i4></value></param>` +
		`<param><value><i4>` + strconv.Itoa(off) + `</i4></value></param><param><value><i4>` + strconv.Itoa(-size) + `</i4></value></param>` +
		`<param><value><i4>-1</i4></value></param></params></methodCall>`)
}

// simPages seeds a simulator with n VMs and times its pages: the whole
// listing page after page (what a client does) and a deep page alone.
func simPages(n, size, runs int) ([]row, error) {
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := sim.New(sim.Options{Seed: "scale:" + strconv.Itoa(n)})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	seed := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	heap := float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc)) / (1 << 20)

	// The first call after start-up catches the simulator's clock up
	// (monitoring every RUNNING VM, scheduling the PENDING ones): not a
	// page's time.
	s.Handle(poolCall(0, size))
	var walk, deep []sample
	for r := 0; r < runs; r++ {
		start := time.Now()
		pages := 0
		for off := 0; ; off += size {
			out := s.Handle(poolCall(off, size))
			pages++
			if strings.Count(string(out[:min(len(out), 64)]), "fault") > 0 {
				return nil, fmt.Errorf("simulator page %d: %.200s", off, out)
			}
			if off >= n {
				break
			}
		}
		walk = append(walk, sample{wall: time.Since(start) / time.Duration(pages)})
		start = time.Now()
		s.Handle(poolCall(n-size, size))
		deep = append(deep, sample{wall: time.Since(start)})
	}
	return []row{
		{what: "sim --seed scale:N build", n: n, wall: seed, rssMB: heap, ratio: "(heap after build)"},
		{what: "sim page, listing in order", n: n, wall: median(walk).wall, ratio: fmt.Sprintf("per page of %d", size)},
		{what: "sim page, deepest alone", n: n, wall: median(deep).wall},
	}, nil
}

// bulk times one bulk action on k VMs against k single-VM commands.
func (b *bench) bulk(k, runs int) ([]row, float64, error) {
	s, err := sim.New(sim.Options{Seed: "scale:" + strconv.Itoa(k)})
	if err != nil {
		return nil, 0, err
	}
	defer s.Close()
	url, stop, err := serve(http.Handler(s))
	if err != nil {
		return nil, 0, err
	}
	defer stop()
	ids := "0.." + strconv.Itoa(k-1)
	var many, one []sample
	for r := 0; r < runs; r++ {
		x, err := b.exec(url, nil, b.bin, "vm", "lock", ids)
		if err != nil {
			return nil, 0, err
		}
		many = append(many, x)
		if _, err := b.exec(url, nil, b.bin, "vm", "unlock", ids); err != nil {
			return nil, 0, err
		}
	}
	// one at a time is slow by nature: one round is enough for a median
	// of per-VM figures
	for r := 0; r < max(1, runs/3); r++ {
		start := time.Now()
		for id := 0; id < k; id++ {
			if _, err := b.exec(url, nil, b.bin, "vm", "lock", strconv.Itoa(id)); err != nil {
				return nil, 0, err
			}
		}
		one = append(one, sample{wall: time.Since(start)})
		if _, err := b.exec(url, nil, b.bin, "vm", "unlock", ids); err != nil {
			return nil, 0, err
		}
	}
	m, o := median(many), median(one)
	speedup := o.wall.Seconds() / m.wall.Seconds()
	return []row{
		{what: "vm lock 0..K-1 (bulk)", n: k, wall: m.wall, rssMB: m.rssMB},
		{what: "vm lock <id>, K times", n: k, wall: o.wall, ratio: fmt.Sprintf("bulk %.1fx faster", speedup)},
	}, speedup, nil
}
