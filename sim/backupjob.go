package sim

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// BackupJob backs up a list of VMs through one.vm.backup, by priority,
// one VM at a time (EXECUTION=SEQUENTIAL) or all at once (PARALLEL), when
// asked (one.backupjob.backup) or when one of its scheduled actions is due.
type BackupJob struct {
	base
	Priority     int
	LastTime     int64
	LastDuration int64
	Sched        []*attr
	NextSched    int
	Updated      []int
	Outdated     []int
	BackingUp    []int
	Errors       []int
	Started      int64 // unix time the running round began
	Template     *tmpl
}

var backupJobKind = owned(objKind[*BackupJob]{ot: obBackupJob, names: namesPerOwner, root: "BACKUPJOB_POOL",
	pool: func(st *state) map[int]*BackupJob { return st.BackupJobs },
	xml:  (*state).backupJobXML,
	tmpl: func(b *BackupJob) *tmpl { return b.Template }})

// schedXML renders a SCHED_ACTION the way oned prints the ones it keeps
// apart from templates: plain elements in a fixed order.
func schedXML(a *attr) string {
	var b strings.Builder
	b.WriteString("<SCHED_ACTION>")
	for _, n := range []string{"ID", "PARENT_ID", "TYPE", "ACTION", "ARGS", "TIME", "REPEAT", "DAYS", "END_TYPE",
		"END_VALUE", "DONE", "MESSAGE", "WARNING"} {
		b.WriteString(el(n, vget(a, n)))
	}
	b.WriteString("</SCHED_ACTION>")
	return b.String()
}

func (st *state) backupJobXML(j *BackupJob) string {
	var ids []int
	for _, a := range j.Sched {
		id, _ := strconv.Atoi(vget(a, "ID"))
		ids = append(ids, id)
	}
	t := j.Template.xml("TEMPLATE")
	var sched strings.Builder
	for _, a := range j.Sched {
		sched.WriteString(schedXML(a))
	}
	t = strings.TrimSuffix(t, "</TEMPLATE>") + sched.String() + "</TEMPLATE>"
	if strings.HasSuffix(t, "<TEMPLATE/>") {
		t = "<TEMPLATE>" + sched.String() + "</TEMPLATE>"
	}
	return "<BACKUPJOB>" + st.head(&j.base) + j.Perms.xml() + j.Lock.xml() + el("PRIORITY", j.Priority) +
		el("LAST_BACKUP_TIME", j.LastTime) + el("LAST_BACKUP_DURATION", j.LastDuration) + idsXML("SCHED_ACTIONS", ids) +
		idsXML("UPDATED_VMS", j.Updated) + idsXML("OUTDATED_VMS", j.Outdated) + idsXML("BACKING_UP_VMS", j.BackingUp) +
		idsXML("ERROR_VMS", j.Errors) + t + "</BACKUPJOB>"
}

// vms are the job's BACKUP_VMS, in order.
func (j *BackupJob) vms() []int {
	var out []int
	for _, s := range strings.Split(j.Template.str("BACKUP_VMS"), ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// start is BackupJob::execute: every VM of the job is due for a backup,
// but those whose backup is still running.
func (j *BackupJob) start(t int64) {
	j.Outdated = nil
	for _, id := range j.vms() {
		if !slices.Contains(j.BackingUp, id) {
			j.Outdated = append(j.Outdated, id)
		}
	}
	j.Updated, j.Errors = nil, nil
	j.LastTime, j.Started = t, t
	j.Template.del("ERROR")
}

func (j *BackupJob) addSched(a *attr) int {
	id := j.NextSched
	j.NextSched++
	vset(a, "ID", strconv.Itoa(id))
	vset(a, "PARENT_ID", strconv.Itoa(j.ID))
	vset(a, "TYPE", "BACKUPJOB")
	vset(a, "ACTION", "backup")
	if !vhas(a, "ARGS") {
		vset(a, "ARGS", "")
	}
	for n, def := range map[string]string{"REPEAT": "-1", "DAYS": "", "END_TYPE": "-1", "END_VALUE": "-1"} {
		if !vhas(a, n) {
			vset(a, n, def)
		}
	}
	vset(a, "DONE", "-1")
	vset(a, "MESSAGE", "")
	vset(a, "WARNING", "0")
	j.Sched = append(j.Sched, a)
	return id
}

// runBackupJobs is the backup part of oned's scheduled action manager:
// due scheduled actions start their job; then, highest priority first,
// each job starts the backups of its outdated VMs (one at a time when
// SEQUENTIAL) and notes those that finished.
func (s *Server) runBackupJobs(now time.Time) bool {
	t := now.Unix()
	busy := false
	for _, j := range s.st.BackupJobs {
		busy = busy || len(j.Outdated) > 0 || len(j.BackingUp) > 0
		for _, a := range j.Sched {
			busy = busy || schedDue(a, 0, t)
		}
	}
	if !busy {
		return false // the usual case: nothing to look at, nothing allocated
	}
	changed := false
	jobs := make([]*BackupJob, 0, len(s.st.BackupJobs))
	for _, id := range idsAsc(s.st.BackupJobs) {
		jobs = append(jobs, s.st.BackupJobs[id])
	}
	for _, j := range jobs {
		for _, a := range j.Sched {
			if schedDue(a, 0, t) {
				j.start(t)
				vset(a, "MESSAGE", "")
				schedNext(a, 0, now)
				changed = true
				break
			}
		}
	}
	slices.SortStableFunc(jobs, func(a, b *BackupJob) int { return b.Priority - a.Priority })
	for _, j := range jobs {
		// backups that ended
		for _, id := range slices.Clone(j.BackingUp) {
			v := s.st.VMs[id]
			if v != nil && v.State == stActive && (v.LCM == lcmBackup || v.LCM == lcmBackupPoff) {
				continue
			}
			j.BackingUp = removeInt(j.BackingUp, id)
			j.Updated = append(j.Updated, id)
			j.LastDuration = t - j.Started
			changed = true
		}
		for _, id := range slices.Clone(j.Outdated) {
			if j.Template.str("EXECUTION") != "PARALLEL" && len(j.BackingUp) > 0 {
				break
			}
			j.Outdated = removeInt(j.Outdated, id)
			changed = true
			v := s.st.VMs[id]
			if v == nil || v.State == stDone {
				continue // oned drops VMs that are gone
			}
			ds := -1
			if n, err := strconv.Atoi(j.Template.str("DATASTORE_ID")); err == nil {
				ds = n
			}
			reset := strings.EqualFold(j.Template.str("RESET"), "YES")
			c := s.adminCall("one.vm.backup", now, vInt(id), vInt(ds), vBool(reset))
			if _, e := s.methods["one.vm.backup"].h(c); e != nil {
				j.Errors = append(j.Errors, id)
				j.Template.set("ERROR", "[backup]"+strings.TrimPrefix(e.msg, "[one.vm.backup]"))
				continue
			}
			j.BackingUp = append(j.BackingUp, id)
		}
	}
	return changed
}
