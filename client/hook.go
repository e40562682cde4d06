package client

import "encoding/xml"

// Hook is one.hook.info's <HOOK> (xsd/hook.xsd); HOOKLOG is only in the
// answer of one.hook.info, not in the pool's.
type Hook struct {
	XMLName  xml.Name        `xml:"HOOK"`
	ID       int             `xml:"ID"`
	Name     string          `xml:"NAME"`
	Type     string          `xml:"TYPE"`
	Lock     *Lock           `xml:"LOCK"`
	Template Template        `xml:"TEMPLATE"`
	Log      []HookExecution `xml:"HOOKLOG>HOOK_EXECUTION_RECORD"`
}

// HookExecution is one HOOK_EXECUTION_RECORD of a hook log; STDOUT and
// STDERR are base64, as oned stores them.
type HookExecution struct {
	HookID      int    `xml:"HOOK_ID"`
	ExecutionID int    `xml:"EXECUTION_ID"`
	Timestamp   int64  `xml:"TIMESTAMP"`
	Arguments   string `xml:"ARGUMENTS"`
	Command     string `xml:"EXECUTION_RESULT>COMMAND"`
	Stdout      string `xml:"EXECUTION_RESULT>STDOUT"`
	Stderr      string `xml:"EXECUTION_RESULT>STDERR"`
	Code        int    `xml:"EXECUTION_RESULT>CODE"`
	RemoteHost  string `xml:"REMOTE_HOST"`
	Retry       string `xml:"RETRY"`
}

// HookPool is one.hookpool.info's <HOOK_POOL>.
type HookPool struct {
	XMLName xml.Name `xml:"HOOK_POOL"`
	Hooks   []Hook   `xml:"HOOK"`
}

// HookLog is one.hooklog.info's <HOOKLOG>.
type HookLog struct {
	XMLName    xml.Name        `xml:"HOOKLOG"`
	Executions []HookExecution `xml:"HOOK_EXECUTION_RECORD"`
}

func ParseHook(raw []byte) (*Hook, error)         { return Unmarshal[Hook](raw) }
func ParseHookPool(raw []byte) (*HookPool, error) { return Unmarshal[HookPool](raw) }
func ParseHookLog(raw []byte) (*HookLog, error)   { return Unmarshal[HookLog](raw) }
