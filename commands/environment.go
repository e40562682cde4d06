package commands

import "github.com/spf13/cobra"

// newEnvironmentHelp is the `onectl help environment` topic: a command
// with no run function, which cobra lists as a help topic.
func newEnvironmentHelp() *cobra.Command {
	return &cobra.Command{
		Use:   "environment",
		Short: "Where onectl finds the endpoint and credentials, and the variables it reads",
		Long: `onectl finds the endpoint and the credentials in the first of these places
that has them. A flag overrides just its own item; otherwise the endpoint
and the credentials always come from the same place, so one cloud's password
is never sent to another cloud. --debug says where each came from.

  1  flags               --endpoint; --user (its password is asked on a
                         terminal; --password works but shows in ps)
  2  a chosen context    --context NAME or ONECTL_CONTEXT=NAME
  3  OpenNebula's        when ONE_XMLRPC or ONE_AUTH is set: ONE_XMLRPC,
     environment         else ~/.one/one_endpoint; ONE_AUTH (a file holding
                         user:password or user:token), else ~/.one/one_auth
  4  the active context  'onectl context use NAME'
  5  OpenNebula's files  ~/.one/one_endpoint and ~/.one/one_auth, then
                         /var/lib/one/.one/; endpoint http://localhost:2633/RPC2

Contexts live in $XDG_CONFIG_HOME/onectl/config.yaml (default
~/.config/onectl/config.yaml; --config FILE for another) and are managed
with 'onectl context'. onectl writes that file, and any auth file, with
mode 0600 and atomically, and warns once per run when a file holding a
secret is readable by group or others.

Variables:
  ONECTL_CONTEXT          context to use, like --context
  ONE_XMLRPC              endpoint URL
  ONE_AUTH                file holding user:password or user:token
  ONE_XMLRPC_TIMEOUT      seconds a command may take (--timeout beats it)
  ONE_POOL_PAGE_SIZE      pool page size (default 200; below 2: no paging)
  ONE_CERT_DIR            directory of extra CA certificates for https
  ONE_DISABLE_SSL_VERIFY  set (not 0/false/no) to skip TLS verification
  XDG_CONFIG_HOME         where onectl's config directory lives
  NO_COLOR                no colour in tables

A context's own timeout and page-size beat ONE_XMLRPC_TIMEOUT and
ONE_POOL_PAGE_SIZE when the context is chosen for the run (2), and yield
to them when it is only the active one (4).

Secrets: the password or token of the session and the user info of an
endpoint URL (http://user:secret@host/RPC2) are shown as **** in error
messages, --debug and --dry-run.`,
	}
}
