package client

import "encoding/xml"

// BackupJob is one.backupjob.info's <BACKUPJOB> (xsd/backupjob.xsd).
type BackupJob struct {
	XMLName      xml.Name     `xml:"BACKUPJOB"`
	ID           int          `xml:"ID"`
	UID          int          `xml:"UID"`
	GID          int          `xml:"GID"`
	UName        string       `xml:"UNAME"`
	GName        string       `xml:"GNAME"`
	Name         string       `xml:"NAME"`
	Permissions  *Permissions `xml:"PERMISSIONS"`
	Lock         *Lock        `xml:"LOCK"`
	Priority     int          `xml:"PRIORITY"`
	LastTime     int64        `xml:"LAST_BACKUP_TIME"`
	LastDuration int64        `xml:"LAST_BACKUP_DURATION"`
	SchedActions IDs          `xml:"SCHED_ACTIONS"`
	Updated      IDs          `xml:"UPDATED_VMS"`
	Outdated     IDs          `xml:"OUTDATED_VMS"`
	BackingUp    IDs          `xml:"BACKING_UP_VMS"`
	Errors       IDs          `xml:"ERROR_VMS"`
	Template     Template     `xml:"TEMPLATE"`
}

// BackupJobPool is one.backupjobpool.info's <BACKUPJOB_POOL>.
type BackupJobPool struct {
	XMLName    xml.Name    `xml:"BACKUPJOB_POOL"`
	BackupJobs []BackupJob `xml:"BACKUPJOB"`
}

func ParseBackupJob(raw []byte) (*BackupJob, error) { return Unmarshal[BackupJob](raw) }
