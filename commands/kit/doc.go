// Package kit is what every resource group of onectl is written against:
// the Factory (client, I/O streams, global flags), the command builders
// (Action, List, Show, TemplateUpdate and the ready declarations Chown,
// Chgrp, Chmod, Rename, Lock, Unlock, Delete, Enable, Member), the object
// types (Resource: VMs, Hosts, Images...), ID and name resolution, --wait,
// the bulk runner, confirmation, --filter, the shared template flags
// (VMShape), API metadata (APIHelp) and the exit codes.
//
// A group is a package under commands/ whose NewCmd returns kit.Group(...)
// with declarations built on it; commands/README.md shows the smallest
// real one. kit imports no group, and no group imports another.
package kit
