package sim

import (
	"strconv"
	"strings"
)

func (s *Server) registerBackupJobs() {
	s.reg("one.backupjob.info", "i b?", objectInfo(backupJobKind))
	s.reg("one.backupjobpool.info", "i i i", poolInfo(backupJobKind))
	s.reg("one.backupjob.allocate", "s", func(c *call) (result, *rpcError) {
		if e := c.authz().add(opCreate, creating(obBackupJob)).err(); e != nil {
			return result{}, e
		}
		t, e := c.tmplArg(1)
		if e != nil {
			return result{}, e
		}
		name := t.str("NAME")
		if name == "" {
			return result{}, c.errInternal("No NAME in template for Backup Job.")
		}
		if strings.ContainsAny(name, "\"") {
			return result{}, c.errInternal("Invalid NAME, char '\"' is not allowed")
		}
		if id, ok := nameTaken(backupJobKind, c.st, namesPerOwner, -1, c.uid(), name); ok {
			return result{}, c.errInternal("NAME is already taken by BACKUP JOB %d.", id)
		}
		t.del("NAME")
		for n, def := range map[string]string{"BACKUP_VMS": "", "BACKUP_VOLATILE": "NO", "EXECUTION": "SEQUENTIAL",
			"FS_FREEZE": "NONE", "KEEP_LAST": "0", "MODE": "FULL"} {
			if _, ok := t.get(n); !ok {
				t.set(n, def)
			}
		}
		sched := t.vectors("SCHED_ACTION")
		for _, a := range sched {
			t.removeAttr(a)
		}
		id := c.st.nextID("backupjob")
		j := &BackupJob{base: c.ownedBase(id, name), Priority: 50, Template: t}
		for _, a := range sched {
			j.addSched(a)
		}
		c.st.BackupJobs[id] = j
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.backupjob.delete", "i", deleteHandler(backupJobKind))
	s.reg("one.backupjob.update", "i s i?", updateHandler(backupJobKind))
	s.reg("one.backupjob.rename", "i s", renameHandler(backupJobKind))
	s.reg("one.backupjob.chown", "i i i", chownHandler(backupJobKind))
	s.reg("one.backupjob.chmod", "i i i i i i i i i i", chmodHandler(backupJobKind))
	s.reg("one.backupjob.lock", "i i b?", lockHandler(backupJobKind))
	s.reg("one.backupjob.unlock", "i", unlockHandler(backupJobKind))
	s.reg("one.backupjob.backup", "i", backupJobOp(func(c *call, j *BackupJob) { j.start(c.unix()) }))
	s.reg("one.backupjob.cancel", "i", backupJobOp(func(c *call, j *BackupJob) {
		j.Outdated = nil
		for _, id := range j.BackingUp {
			c.s.methods["one.vm.backupcancel"].h(c.s.adminCall("one.vm.backupcancel", c.now, vInt(id)))
		}
		j.BackingUp = nil
	}))
	s.reg("one.backupjob.retry", "i", backupJobOp(func(c *call, j *BackupJob) {
		j.Outdated = append(j.Outdated, j.Errors...)
		j.Errors = nil
		j.Template.del("ERROR")
	}))
	s.reg("one.backupjob.priority", "i i", func(c *call) (result, *rpcError) {
		p := c.int(2)
		op := opManage
		if p > 49 {
			op = opAdmin
		}
		j, e := backupJobKind.get(c, 1, op)
		if e != nil {
			return result{}, e
		}
		if p < 0 || p > 99 {
			return result{}, c.errAction("Wrong priority value")
		}
		j.Priority = p
		c.changed()
		return resInt(j.ID), nil
	})
	s.reg("one.backupjob.schedadd", "i s", func(c *call) (result, *rpcError) {
		j, e := backupJobKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		a, e := c.schedArg(2)
		if e != nil {
			return result{}, e
		}
		id := j.addSched(a)
		c.changed()
		return resInt(id), nil
	})
	s.reg("one.backupjob.scheddelete", "i i", func(c *call) (result, *rpcError) {
		j, e := backupJobKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		for i, a := range j.Sched {
			if vget(a, "ID") == strconv.Itoa(c.int(2)) {
				j.Sched = append(j.Sched[:i], j.Sched[i+1:]...)
				c.changed()
				return resInt(c.int(2)), nil
			}
		}
		return result{}, c.errNotFound(obVM, c.int(2)).withObject("scheduled action", c)
	})
	s.reg("one.backupjob.schedupdate", "i i s", func(c *call) (result, *rpcError) {
		j, e := backupJobKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		u, e := c.schedArg(3)
		if e != nil {
			return result{}, e
		}
		for _, a := range j.Sched {
			if vget(a, "ID") == strconv.Itoa(c.int(2)) {
				for _, p := range u.Vec {
					switch p.N {
					case "ID", "PARENT_ID", "TYPE", "ACTION":
					default:
						vset(a, p.N, p.V)
					}
				}
				c.changed()
				return resInt(c.int(2)), nil
			}
		}
		return result{}, c.errInternal("SCHED_ACTION with id = %d doesn't exist", c.int(2))
	})
}

// backupJobOp answers backup, cancel and retry: MANAGE on the job.
func backupJobOp(op func(c *call, j *BackupJob)) handler {
	return func(c *call) (result, *rpcError) {
		j, e := backupJobKind.get(c, 1, opManage)
		if e != nil {
			return result{}, e
		}
		op(c, j)
		c.changed()
		return resInt(j.ID), nil
	}
}

// schedArg reads the SCHED_ACTION=[...] template of parameter i.
func (c *call) schedArg(i int) (*attr, *rpcError) {
	t, msg := parseTmpl(c.str(i))
	if msg != "" {
		return nil, c.errInternal("%s", msg)
	}
	vs := t.vectors("SCHED_ACTION")
	if len(vs) == 0 {
		return nil, c.errInternal("No SCHED_ACTION in template")
	}
	return vs[0], nil
}
