package sim

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentClientsKeepInvariants: 50 clients mix creates, actions,
// deletes and reads, each for a fixed number of calls (so a slow machine
// only takes longer); afterwards, and at checkpoints in between, the
// simulator's books balance.
func TestConcurrentClientsKeepInvariants(t *testing.T) {
	s := newSim(t, Options{})
	const clients, calls = 50, 40
	var (
		mu      sync.Mutex
		created = map[int]bool{}
		wg      sync.WaitGroup
	)
	actions := []string{"poweroff", "poweroff-hard", "resume", "hold", "release", "suspend", "reboot", "undeploy-hard", "stop", "terminate", "terminate-hard"}
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			var mine []int
			for i := 0; i < calls; i++ {
				var r resp
				switch n := rng.IntN(10); {
				case n < 4 || len(mine) == 0:
					tmpl := fmt.Sprintf("NAME=load-%d-%d CPU=0.%d MEMORY=%d NIC=[NETWORK_ID=0]", c, i, 1+rng.IntN(9), 16*(1+rng.IntN(4)))
					if rng.IntN(2) == 0 {
						tmpl += " DISK=[IMAGE_ID=1]"
					}
					r = try(t, s, "one.vm.allocate", admin, tmpl, b(rng.IntN(4) == 0))
					if r.ok {
						mu.Lock()
						if created[r.num] {
							t.Errorf("ID %d handed out twice", r.num)
						}
						created[r.num] = true
						mu.Unlock()
						mine = append(mine, r.num)
					}
				case n < 8:
					r = try(t, s, "one.vm.action", admin, actions[rng.IntN(len(actions))], mine[rng.IntN(len(mine))])
				case n < 9:
					r = try(t, s, "one.vm.recover", admin, mine[rng.IntN(len(mine))], 3) // delete
				default:
					r = try(t, s, "one.vm.info", admin, mine[rng.IntN(len(mine))], b(false))
				}
				if r.fault {
					t.Errorf("client %d call %d: XML-RPC fault %d %s", c, i, r.num, r.str)
					return
				}
				if i%10 == 0 {
					checkInvariants(t, s)
				}
			}
		}()
	}
	wg.Wait()
	checkInvariants(t, s)
	if len(created) < clients {
		t.Fatalf("only %d VMs created: the load did not load", len(created))
	}
}

// checkInvariants: each host's usage is the sum of the VMs on it; every
// lease belongs to a live VM's NIC on that network and every such NIC holds
// its lease; every image lists exactly the live VMs using it.
func checkInvariants(t *testing.T, s *Server) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	type usage struct{ cpu, mem int64 }
	want := map[int]usage{}
	onHost := map[int]map[int]bool{}
	leases := map[string]int{} // "net/ip" -> VM
	imageVMs := map[int]map[int]bool{}
	for _, v := range st.VMs {
		if v.State == stDone {
			continue
		}
		if h := v.lastHistory(); h != nil && h.ETime == 0 {
			u := want[h.HID]
			u.cpu += int64(v.cpu() * 100)
			u.mem += v.memoryMB() * 1024
			want[h.HID] = u
			if onHost[h.HID] == nil {
				onHost[h.HID] = map[int]bool{}
			}
			onHost[h.HID][v.ID] = true
		}
		for _, n := range v.Template.vectors("NIC") {
			leases[vget(n, "NETWORK_ID")+"/"+vget(n, "IP")] = v.ID
		}
		for _, d := range v.Template.vectors("DISK") {
			if id, err := strconv.Atoi(vget(d, "IMAGE_ID")); err == nil {
				if imageVMs[id] == nil {
					imageVMs[id] = map[int]bool{}
				}
				imageVMs[id][v.ID] = true
			}
		}
	}
	for _, h := range st.Hosts {
		if got := (usage{h.CPUUsage, h.MemUsage}); got != want[h.ID] {
			t.Errorf("host %d: usage %+v, its VMs add up to %+v", h.ID, got, want[h.ID])
		}
		if len(h.VMs) != len(onHost[h.ID]) {
			t.Errorf("host %d lists VMs %v, %d VMs are on it", h.ID, h.VMs, len(onHost[h.ID]))
		}
		for _, id := range h.VMs {
			if !onHost[h.ID][id] {
				t.Errorf("host %d lists VM %d, which is not on it", h.ID, id)
			}
		}
	}
	held := 0
	for _, n := range st.VNets {
		for _, ar := range n.ARs {
			for off, o := range ar.Leased {
				if o.T != ownVM || o.ID < 0 {
					continue // a hold, a reservation or a router's floating IP
				}
				addr := ""
				if ar.ipv4() {
					addr = ar.ipAt(off)
				}
				key := strconv.Itoa(n.ID) + "/" + addr
				if owner, ok := leases[key]; !ok || owner != o.ID {
					t.Errorf("lease %s is held for VM %d, which has no such NIC", key, o.ID)
				}
				held++
			}
		}
	}
	if held != len(leases) {
		t.Errorf("%d leases held, live VMs have %d NICs", held, len(leases))
	}
	for _, im := range st.Images {
		if len(im.VMs) != len(imageVMs[im.ID]) {
			t.Errorf("image %d lists VMs %v; %d live VMs use it", im.ID, im.VMs, len(imageVMs[im.ID]))
		}
	}
}
