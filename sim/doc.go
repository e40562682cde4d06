// Package sim is an in-process OpenNebula 6.10 look-alike: the XML-RPC
// server behind `onectl sim serve` and every end-to-end test.
//
// It answers like oned 6.10.5 does on the wire (envelopes, faults, error
// codes and messages, element order of the returned XML documents), keeps
// users, groups, hosts, datastores, images, networks, templates and VMs in
// memory (optionally in a JSON state file), checks permissions with the
// owner/group/other bits and ACL rules evaluated as oned's ACL manager does
// (a fresh oned's rules, the default VDC's, group admins', and those added
// with one.acl.addrule), enforces user and group quotas with the default
// quotas (usage always counted from what exists), and runs the VM life
// cycle with simulated time.
//
// Time: every transient VM state (PROLOG, BOOT, SHUTDOWN, EPILOG, SAVE_*,
// HOTPLUG*, DISK_SNAPSHOT*, ...) lasts Options.Delay. Transitions are lazy:
// each request first completes whatever is due and runs the scheduler, so
// no background goroutine is needed and a quiet server does no work.
//
// Scheduler: PENDING VMs go to the first MONITORED host (lowest ID) with
// enough free CPU and memory; when none fits, USER_TEMPLATE/SCHED_MESSAGE
// says why, in the scheduler's words. one.vm.deploy may target any host
// that is not OFFLINE, disabled ones included, as in oned.
//
// Fault injection: a VM whose template (or user template) has
//
//	SIM_FAIL = "PROLOG" | "BOOT" | "EPILOG"
//
// goes to PROLOG_FAILURE, BOOT_FAILURE or EPILOG_FAILURE when that step
// ends, instead of moving on, so one.vm.recover can be exercised: success
// (1) completes the step, failure (0) fails it, retry (2) runs it again
// (and SIM_FAIL makes it fail again), delete (3) ends the VM, delete-
// recreate (4) sends it back to PENDING, delete-db (5) drops it.
//
// An image whose template has SIM_FAIL = "COPY" ends its copy in ERROR
// (TEMPLATE/ERROR says why), so image enable and --wait on a failure can
// be exercised.
//
// Network faults: Faults (ParseFaults, FaultHelp) wraps the HTTP handler
// and injects latency, slow bodies, resets before or after the call runs,
// HTTP 500, garbage and truncated answers, and hangs, per method pattern,
// from a seeded generator so a test sees the same faults on every run.
//
// Durability: with a state file, an answer is returned only once a
// snapshot holding everything it reflects is fsync'd and renamed into
// place (group commit: the calls waiting meanwhile share the next write),
// so kill -9 loses nothing acknowledged and never reuses an ID a client saw.
//
// Hostile calls: bodies over 16 MiB and values nested deeper than 64 (as
// xmlrpc-c) are refused with a fault before authentication.
//
// Seeds: "demo" (default) has oneadmin/opennebula, serveradmin, alice/alice
// (group users), hosts host01..host03 (host03 DISABLED), datastores system,
// default, files and backups, images, the "private" network, templates
// "tiny" and "ubuntu", six VMs in various states, alice's persistent image
// "scratch" with two snapshots and the marketplace "local" (MARKET_MAD
// "sim", served by the simulator itself) with the app "alpine-app", and
// the OneFlow service template "web-service" (document 0); "empty"
// has only the users oneadmin and serveradmin, the groups oneadmin and
// users, and the disabled public marketplaces of a fresh oned.
//
// Networks (vnet*.go, lease.go): address ranges lease real addresses (an
// index into the range; MACs and IPv6 addresses made as oned makes them),
// to VM NICs, holds, reservations and router floating IPs. A new network
// is LOCK_CREATE, a deleted one LOCK_DELETE, for Options.Delay/8. The demo
// adds the networks "public" (IP4_6, a held address and alice's
// reservation "public-resv") and "lab" (ETHER), the security group "web"
// next to the default group 0 (both seeds), the network template "lan",
// the router template "vrouter" and the router "gw".
package sim
