package sim

import (
	"hash/fnv"
	"strings"
)

// hostSample is one monitoring record of a host, as the dummy probe
// reports it: the real usage, which differs from the allocation the
// scheduler counts.
type hostSample struct {
	Timestamp int64
	UsedCPU   int64
	UsedMem   int64 // KB
	MaxCPU    int64
	MaxMem    int64
	NetRX     int64
	NetTX     int64
}

// hostSampleFor makes a plausible record: the VMs' allocation, scaled by
// a load derived from the host's name and the time, so the same state
// gives the same numbers.
func hostSampleFor(h *Host, t int64) hostSample {
	f := fnv.New32a()
	f.Write([]byte(h.Name))
	seed := int64(f.Sum32()%1000) + t%89
	load := 40 + seed%45 // percent of what is allocated
	used := h.CPUUsage*load/100 + seed%37
	mem := h.MemUsage*load/100 + 262144 + (seed%13)*4096
	return hostSample{Timestamp: t, UsedCPU: min(used, h.MaxCPU), UsedMem: min(mem, h.MaxMem),
		MaxCPU: h.MaxCPU, MaxMem: h.MaxMem, NetRX: seed * 977 * (t % 10007), NetTX: seed * 541 * (t % 10007)}
}

// xml renders the record; an offline host has no capacity, so its last
// record keeps only the used values, as oned shows it.
func (m hostSample) xml(hid int, offline bool) string {
	var b strings.Builder
	b.WriteString("<MONITORING>" + el("TIMESTAMP", m.Timestamp) + el("ID", hid) + "<CAPACITY>")
	if !offline {
		b.WriteString(elc("FREE_CPU", itoa64(m.MaxCPU-m.UsedCPU)) + elc("FREE_MEMORY", itoa64(m.MaxMem-m.UsedMem)))
	}
	b.WriteString(elc("USED_CPU", itoa64(m.UsedCPU)) + elc("USED_MEMORY", itoa64(m.UsedMem)) + "</CAPACITY>" +
		"<SYSTEM>" + elc("NETRX", itoa64(m.NetRX)) + elc("NETTX", itoa64(m.NetTX)) + "</SYSTEM></MONITORING>")
	return b.String()
}

func (s *Server) registerHostMonitoring() {
	s.reg("one.host.monitoring", "i", func(c *call) (result, *rpcError) {
		h, e := hostKind.get(c, 1, opUse|noLock)
		if e != nil {
			return result{}, e
		}
		var b strings.Builder
		b.WriteString("<MONITORING_DATA>")
		for _, m := range h.Mon {
			b.WriteString(m.xml(h.ID, false))
		}
		b.WriteString("</MONITORING_DATA>")
		return resString(b.String()), nil
	})
	// seconds: -1 every record, 0 the last one of each host, N those of
	// the last N seconds.
	s.reg("one.hostpool.monitoring", "i?", func(c *call) (result, *rpcError) {
		secs := c.intOr(1, -1)
		var b strings.Builder
		b.WriteString("<MONITORING_DATA>")
		for _, id := range idsAsc(c.st.Hosts) {
			h := c.st.Hosts[id]
			if !c.canUse(hostAuth(h)) {
				continue
			}
			for i, m := range h.Mon {
				switch {
				case secs == 0 && i != len(h.Mon)-1:
					continue
				case secs > 0 && m.Timestamp < c.unix()-int64(secs):
					continue
				}
				b.WriteString(m.xml(h.ID, false))
			}
		}
		b.WriteString("</MONITORING_DATA>")
		return resString(b.String()), nil
	})
}

// seedHostMonitoring gives the seeded hosts their first probe.
func (st *state) seedHostMonitoring(t int64) {
	for _, h := range st.Hosts {
		if len(h.Mon) == 0 {
			h.Mon = append(h.Mon, hostSampleFor(h, t))
		}
	}
}
