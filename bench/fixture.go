package main

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// vmXML renders one realistic pool entry of about 2 KB, shaped like a
// 6.10.5 vmpool.info VM with disks, a NIC, context, history and monitoring
// (after samples-6.10.5/vmpool.info and vm.info.running), varied per VM so
// no two are alike.
func vmXML(b *bytes.Buffer, id int) {
	users := []string{"oneadmin", "alice", "bob", "carol", "dave", "erin", "frank"}
	hosts := []string{"kvm-a01", "kvm-a02", "kvm-b01", "kvm-b02", "kvm-c17"}
	uid := id % len(users)
	gid := 0
	gname := "oneadmin"
	if uid > 0 {
		gid, gname = 1, "users"
	}
	// mostly RUNNING, some POWEROFF, PENDING, HOLD and FAILED
	state, lcm := 3, 3
	switch id % 17 {
	case 3:
		state, lcm = 8, 0
	case 5:
		state, lcm = 1, 0
	case 7:
		state, lcm = 2, 0
	case 11:
		state, lcm = 3, 36
	}
	host := hosts[id%len(hosts)]
	stime := 1795000000 + int64(id)*37
	mem := []int{512, 1024, 2048, 4096, 8192}[id%5]
	cpu := []string{"0.1", "0.5", "1", "2", "4"}[id%5]
	ip := fmt.Sprintf("10.%d.%d.%d", id>>16&255, id>>8&255, id&255)
	name := fmt.Sprintf("%s-vm-%d", []string{"web", "db", "batch", "cache", "ci"}[id%5], id)
	fmt.Fprintf(b, "<VM><ID>%d</ID><UID>%d</UID><GID>%d</GID><UNAME>%s</UNAME><GNAME>%s</GNAME><NAME>%s</NAME>", id, uid, gid, users[uid], gname, name)
	fmt.Fprintf(b, "<LAST_POLL>%d</LAST_POLL><STATE>%d</STATE><LCM_STATE>%d</LCM_STATE><PREV_STATE>%d</PREV_STATE><PREV_LCM_STATE>%d</PREV_LCM_STATE><RESCHED>0</RESCHED><STIME>%d</STIME><ETIME>0</ETIME><DEPLOY_ID>%s:one-%d:kvm</DEPLOY_ID>",
		stime+600, state, lcm, state, lcm, stime, host, id)
	fmt.Fprintf(b, "<MONITORING><CPU><![CDATA[%d]]></CPU><DISKRDBYTES><![CDATA[%d]]></DISKRDBYTES><DISKWRBYTES><![CDATA[%d]]></DISKWRBYTES><ID><![CDATA[%d]]></ID><MEMORY><![CDATA[%d]]></MEMORY><NETRX><![CDATA[%d]]></NETRX><NETTX><![CDATA[%d]]></NETTX><TIMESTAMP><![CDATA[%d]]></TIMESTAMP></MONITORING>",
		id%100, id*683, id*58, id, mem*900, id*9933, id*9683, stime+600)
	b.WriteString("<SCHED_ACTIONS></SCHED_ACTIONS><TEMPLATE><AUTOMATIC_REQUIREMENTS><![CDATA[(CLUSTER_ID = 0) & !(PUBLIC_CLOUD = YES) & !(PIN_POLICY = PINNED)]]></AUTOMATIC_REQUIREMENTS>")
	fmt.Fprintf(b, "<CONTEXT><DISK_ID><![CDATA[2]]></DISK_ID><ETH0_IP><![CDATA[%s]]></ETH0_IP><NETWORK><![CDATA[YES]]></NETWORK><TARGET><![CDATA[hda]]></TARGET></CONTEXT>", ip)
	fmt.Fprintf(b, "<CPU><![CDATA[%s]]></CPU>", cpu)
	fmt.Fprintf(b, "<DISK><CLONE><![CDATA[YES]]></CLONE><DATASTORE><![CDATA[default]]></DATASTORE><DATASTORE_ID><![CDATA[1]]></DATASTORE_ID><DISK_ID><![CDATA[0]]></DISK_ID><IMAGE><![CDATA[ubuntu-24.04]]></IMAGE><IMAGE_ID><![CDATA[0]]></IMAGE_ID><SIZE><![CDATA[%d]]></SIZE><TARGET><![CDATA[vda]]></TARGET><TYPE><![CDATA[FILE]]></TYPE></DISK>", 10240+id%7)
	if id%3 == 0 {
		b.WriteString("<DISK><DISK_ID><![CDATA[1]]></DISK_ID><FORMAT><![CDATA[raw]]></FORMAT><SIZE><![CDATA[1024]]></SIZE><TARGET><![CDATA[vdb]]></TARGET><TYPE><![CDATA[fs]]></TYPE></DISK>")
	}
	b.WriteString("<GRAPHICS><LISTEN><![CDATA[0.0.0.0]]></LISTEN><PORT><![CDATA[5901]]></PORT><TYPE><![CDATA[VNC]]></TYPE></GRAPHICS>")
	fmt.Fprintf(b, "<MEMORY><![CDATA[%d]]></MEMORY>", mem)
	fmt.Fprintf(b, "<NIC><BRIDGE><![CDATA[br0]]></BRIDGE><IP><![CDATA[%s]]></IP><MAC><![CDATA[02:00:%02x:%02x:%02x:%02x]]></MAC><NETWORK><![CDATA[private]]></NETWORK><NETWORK_ID><![CDATA[0]]></NETWORK_ID><NIC_ID><![CDATA[0]]></NIC_ID><VN_MAD><![CDATA[bridge]]></VN_MAD></NIC>",
		ip, 10, id>>16&255, id>>8&255, id&255)
	fmt.Fprintf(b, "<OS><UUID><![CDATA[0c4b31ff-135b-49de-9aec-%012d]]></UUID></OS><TEMPLATE_ID><![CDATA[%d]]></TEMPLATE_ID><TM_MAD_SYSTEM><![CDATA[ssh]]></TM_MAD_SYSTEM><VCPU><![CDATA[%d]]></VCPU><VMID><![CDATA[%d]]></VMID></TEMPLATE>", id, id%3, 1+id%4, id)
	b.WriteString("<USER_TEMPLATE><DESCRIPTION><![CDATA[bench VM <generated> & varied]]></DESCRIPTION><SCHED_MESSAGE><![CDATA[]]></SCHED_MESSAGE></USER_TEMPLATE>")
	if state == 3 || state == 8 {
		fmt.Fprintf(b, "<HISTORY_RECORDS><HISTORY><OID>%d</OID><SEQ>0</SEQ><HOSTNAME><![CDATA[%s]]></HOSTNAME><HID>%d</HID><CID>0</CID><DS_ID>0</DS_ID><VM_MAD><![CDATA[kvm]]></VM_MAD><TM_MAD><![CDATA[ssh]]></TM_MAD><ACTION><![CDATA[0]]></ACTION></HISTORY></HISTORY_RECORDS>",
			id, host, id%len(hosts))
	} else {
		b.WriteString("<HISTORY_RECORDS/>")
	}
	b.WriteString("<BACKUPS><BACKUP_CONFIG/><BACKUP_IDS></BACKUP_IDS></BACKUPS></VM>")
}

// response wraps a payload in oned's success envelope, escaped as xmlrpc-c
// escapes a <string> (and with its CRLF line ends).
func response(payload []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(payload)*5/4 + 256)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<methodResponse>\r\n<params>\r\n<param><value><array><data>\r\n<value><boolean>1</boolean></value>\r\n<value><string>")
	for _, c := range payload {
		switch c {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteString("</string></value>\r\n<value><i4>0</i4></value>\r\n</data></array></value></param>\r\n</params>\r\n</methodResponse>\r\n")
	return b.Bytes()
}

// fixture serves precomputed vmpool pages, so the server's own time per
// call is a map lookup and a write.
type fixture struct {
	n, size int
	pages   map[int][]byte // offset -> response body
	bytes   int64          // payload bytes of all pages
	mu      sync.Mutex
	calls   int
}

// newFixture precomputes the pages a client with page size `size` asks for
// on a pool of n VMs listed newest first, as oned lists them.
func newFixture(n, size int) *fixture {
	f := &fixture{n: n, size: size, pages: map[int][]byte{}}
	var page bytes.Buffer
	for off := 0; ; off += size {
		page.Reset()
		page.WriteString("<VM_POOL>")
		for i := off; i < off+size && i < n; i++ {
			vmXML(&page, n-1-i)
		}
		page.WriteString("</VM_POOL>")
		f.bytes += int64(page.Len())
		f.pages[off] = response(page.Bytes())
		if off+size > n {
			break
		}
	}
	return f
}

var rangeParams = regexp.MustCompile(`<(?:i4|int)>(-?\d+)</(?:i4|int)>`)

func (f *fixture) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body bytes.Buffer
	body.ReadFrom(r.Body)
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	if !strings.Contains(body.String(), "one.vmpool.info") {
		http.Error(w, "the fixture serves one.vmpool.info only", http.StatusNotFound)
		return
	}
	m := rangeParams.FindAllStringSubmatch(body.String(), -1)
	if len(m) < 3 {
		http.Error(w, "want (filter, start, end)", http.StatusBadRequest)
		return
	}
	off, _ := strconv.Atoi(m[1][1])
	page, ok := f.pages[off]
	if !ok {
		page = response([]byte("<VM_POOL></VM_POOL>"))
	}
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(page)))
	w.Write(page)
}
