package sim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// maxScale bounds --seed scale:N: a million VMs already takes gigabytes.
const maxScale = 1_000_000

// seedState builds the initial cloud from a seed spec: "demo", "empty",
// "scale:N" (an empty cloud plus N VMs and what they run on) or
// "demo,scale:N".
func seedState(spec string, now time.Time) (*state, error) {
	base, n, err := ParseSeed(spec)
	if err != nil {
		return nil, err
	}
	st, err := seedBase(base, now)
	if err != nil || n == 0 {
		return st, err
	}
	if err := seedScale(st, n, now); err != nil {
		return nil, err
	}
	return st, nil
}

// ParseSeed splits a seed spec into its base ("demo" or "empty") and the
// number of VMs scale:N adds (0 without it).
func ParseSeed(spec string) (base string, n int, err error) {
	base = ""
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		switch {
		case part == "demo" || part == "empty":
			if base != "" {
				return "", 0, fmt.Errorf("sim: seed %q names two bases", spec)
			}
			base = part
		case strings.HasPrefix(part, "scale:"):
			if n != 0 {
				return "", 0, fmt.Errorf("sim: seed %q has two scale parts", spec)
			}
			v, err := strconv.Atoi(strings.TrimPrefix(part, "scale:"))
			if err != nil || v < 1 || v > maxScale {
				return "", 0, fmt.Errorf("sim: seed %q: scale wants a number of VMs from 1 to %d", spec, maxScale)
			}
			n = v
		default:
			return "", 0, fmt.Errorf("sim: unknown seed %q (want demo, empty, scale:N or demo,scale:N)", spec)
		}
	}
	if base == "" {
		if n == 0 {
			return "", 0, fmt.Errorf("sim: unknown seed %q (want demo, empty, scale:N or demo,scale:N)", spec)
		}
		base = "empty"
	}
	return base, n, nil
}

// seedScale adds n VMs and, in proportion, the users, hosts, images and
// networks a cloud of that size has: about 50 VMs per user, 40 per host,
// 200 per image and one /24 network per 250. VMs go through the same
// allocation as one.vm.allocate, then straight into their state: mostly
// RUNNING, some POWEROFF, PENDING and HOLD.
func seedScale(st *state, n int, now time.Time) error {
	t := now.Unix()
	shared := perms{OU: 1, OM: 1, GU: 1}
	if st.Groups[1] == nil {
		st.Groups[1] = &Group{ID: 1, Name: "users", Template: newTmpl()}
	}
	var users []int
	for i := 0; i < max(1, n/50); i++ {
		id := st.nextID("user")
		name := "user" + strconv.Itoa(i)
		tt := newTmpl()
		tt.set("TOKEN_PASSWORD", randomHex(32))
		st.Users[id] = &User{ID: id, GID: 1, Groups: []int{1}, Name: name, Password: sha256hex(name),
			AuthDriver: "core", Enabled: true, Template: tt}
		users = append(users, id)
	}
	var hosts []*Host
	for i := 0; i < max(1, n/40); i++ {
		id := st.nextID("host")
		name := fmt.Sprintf("node%04d", i)
		h := &Host{ID: id, Name: name, State: hostMonitored, PrevState: hostMonitored, IMMad: "dummy",
			VMMad: "dummy", MaxCPU: 6400, MaxMem: 256 << 20, Template: hostTemplate(name, "dummy", "dummy")}
		st.Hosts[id] = h
		hosts = append(hosts, h)
	}
	if st.Datastores[1] == nil {
		return fmt.Errorf("sim: scale seed needs the default image datastore")
	}
	var images []int
	for i := 0; i < max(1, n/200); i++ {
		id := st.nextID("image")
		st.Images[id] = &Image{base: base{ID: id, UID: 0, GID: 1, Name: fmt.Sprintf("image-%d", i), Perms: shared},
			RegTime: t, Source: fmt.Sprintf("dummy_path/%d", id), Size: 2048, State: imgReady, DatastoreID: 1,
			Template: mustTmpl(`DEV_PREFIX="vd"`)}
		images = append(images, id)
	}
	var nets []int
	for i := 0; i < (n+249)/250; i++ {
		id := st.nextID("vnet")
		vn, err := readyVNet(base{ID: id, UID: 0, GID: 1, Name: fmt.Sprintf("net-%d", i), Perms: shared},
			fmt.Sprintf("BRIDGE=\"br%d\"\nVN_MAD=\"bridge\"", i),
			[]*pair{{"TYPE", "IP4"}, {"IP", fmt.Sprintf("10.%d.%d.1", i/256%256, i%256)}, {"SIZE", "254"}})
		if err != nil {
			return err
		}
		st.VNets[id] = vn
		nets = append(nets, id)
	}

	s := &Server{st: st, delay: time.Second}
	calls := map[int]*call{}
	for i := 0; i < n; i++ {
		uid := users[i%len(users)]
		c := calls[uid]
		if c == nil {
			u := st.Users[uid]
			c = &call{s: s, st: st, method: "seed", now: now, user: u, groups: map[int]bool{u.GID: true}, egid: -1}
			calls[uid] = c
		}
		mem := []int{512, 1024, 2048, 4096}[i%4]
		text := fmt.Sprintf("CPU=%s VCPU=%d MEMORY=%d DISK=[IMAGE_ID=%d] NIC=[NETWORK_ID=%d] DESCRIPTION=\"scale VM %d\"",
			[]string{"0.5", "1", "2", "0.25"}[i%4], 1+i%4, mem, images[i/200%len(images)], nets[i/250], i)
		tt, msg := parseTmpl(text)
		if msg != "" {
			return fmt.Errorf("sim: scale VM %d: %s", i, msg)
		}
		state := stActive
		switch i % 20 {
		case 7:
			state = stPoweroff
		case 13:
			state = stPending
		case 17:
			state = stHold
		}
		id, e := c.allocateVM(tt, fmt.Sprintf("vm-%d", i), "", state == stHold)
		if e != nil {
			return fmt.Errorf("sim: scale VM %d: %s", i, e.msg)
		}
		v := st.VMs[id]
		if state != stActive && state != stPoweroff {
			continue
		}
		h := hosts[i%len(hosts)]
		s.placeOn(v, h, t, nil)
		hist := v.lastHistory()
		hist.PETime, hist.RSTime = t, t
		v.DeployID = h.Name + ":" + v.Name + ":dummy"
		v.LastPoll = t
		if state == stActive {
			st.settle(v, stActive, lcmRunning)
			v.Mon = append(v.Mon, sample(v, t))
		} else {
			hist.Action = actPoweroff
			st.settle(v, stPoweroff, lcmInit)
		}
	}
	return nil
}
