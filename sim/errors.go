package sim

import (
	"fmt"
	"strconv"
)

// Error codes of include/Request.h.
const (
	codeAuthentication = 0x0100
	codeAuthorization  = 0x0200
	codeNoExists       = 0x0400
	codeAction         = 0x0800
	codeAPI            = 0x1000
	codeInternal       = 0x2000
	codeAllocate       = 0x4000
	codeLocked         = 0x8000
)

// rpcError is a failure answered with the 5-element array; msg already
// carries the "[one.x.y] " prefix.
type rpcError struct {
	code  int
	msg   string
	objID int
}

func (e *rpcError) Error() string { return e.msg }

// objType follows PoolObjectSQL::ObjectType: short names appear in
// authorization messages, long ones in "Error getting ..." messages
// (Request::object_name). Every object type is listed here, once.
type objType int

const (
	obVM objType = iota
	obHost
	obNet
	obImage
	obUser
	obTemplate
	obGroup
	obDatastore
	obCluster
	obSecGroup
	obVNTemplate
	obVRouter
	obMarket
	obMarketApp
	obDocument
	obVDC
	obZone
	obHook
	obBackupJob
	obVMGroup
)

var objNames = [...][2]string{
	obVM: {"VM", "virtual machine"}, obHost: {"HOST", "host"}, obNet: {"NET", "virtual network"},
	obImage: {"IMAGE", "image"}, obUser: {"USER", "user"}, obTemplate: {"TEMPLATE", "virtual machine template"},
	obGroup: {"GROUP", "group"}, obDatastore: {"DATASTORE", "datastore"}, obCluster: {"CLUSTER", "cluster"},
	obSecGroup: {"SECGROUP", "security group"}, obVNTemplate: {"VNTEMPLATE", "virtual network template"},
	obVRouter: {"VROUTER", "virtual router"}, obMarket: {"MARKETPLACE", "marketplace"},
	obMarketApp: {"MARKETPLACEAPP", "marketplaceapp"}, obDocument: {"DOCUMENT", "document"},
	obVDC: {"VDC", "VDC"}, obZone: {"ZONE", "zone"}, obHook: {"HOOK", "hook"},
	obBackupJob: {"BACKUPJOB", "backup job"}, obVMGroup: {"VMGROUP", "vm group"},
}

func (o objType) short() string { return objNames[o][0] }

func (o objType) long() string { return objNames[o][1] }

func (c *call) fail(code int, msg string) *rpcError {
	return &rpcError{code: code, msg: "[" + c.method + "] " + msg, objID: -1}
}

func (c *call) errNotFound(o objType, id int) *rpcError {
	return &rpcError{code: codeNoExists, objID: id,
		msg: fmt.Sprintf("[%s] Error getting %s [%d].", c.method, o.long(), id)}
}

// errAuthz wraps an AuthRequest-style message ("Not authorized to perform ...").
func (c *call) errAuthz(msg string) *rpcError {
	return c.fail(codeAuthorization, "User ["+strconv.Itoa(c.uid())+"] : "+msg+".")
}

func (c *call) errAction(format string, a ...any) *rpcError {
	return c.fail(codeAction, fmt.Sprintf(format, a...))
}

func (c *call) errInternal(format string, a ...any) *rpcError {
	return c.fail(codeInternal, fmt.Sprintf(format, a...))
}

func (c *call) errAPI(format string, a ...any) *rpcError {
	return c.fail(codeAPI, fmt.Sprintf(format, a...))
}

func (c *call) errAllocate(o objType, msg string) *rpcError {
	m := "Error allocating a new " + o.long() + "."
	if msg != "" {
		m += " " + msg
	}
	return c.fail(codeAllocate, m)
}

// errPerform is the message of one.vm.action when the dispatch manager
// refuses an action.
func (c *call) errPerform(action, why string) *rpcError {
	return c.errAction("Error performing action \"%s\": %s", action, why)
}
