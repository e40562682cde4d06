package vm

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"github.com/onectl/onectl/client"
	"github.com/onectl/onectl/commands/kit"
	"github.com/spf13/cobra"
)

// Commands that reach into a running VM (ssh, vnc, port-forward) read it with
// one.vm.info and then hand over to a local program, as onevm does.

func readVM(ctx context.Context, f *kit.Factory, arg string) (*client.VM, error) {
	id, c, err := kit.OneObject(ctx, f, kit.VMs, arg)
	if err != nil {
		return nil, err
	}
	if c.IsDryRun() {
		return nil, kit.Usagef("this command reads the VM before it acts, so it has no --dry-run")
	}
	raw, err := c.CallString(ctx, "one.vm.info", id)
	if err != nil {
		return nil, err
	}
	return client.ParseVM([]byte(raw))
}

// pickNIC chooses the NIC to connect through: --nic-id, else the one marked
// SSH="YES", else the first.
func pickNIC(vm *client.VM, nicID int) (*client.VMNIC, error) {
	nics := vm.Template.NICs
	if nicID >= 0 {
		for i := range nics {
			if nics[i].NICID == strconv.Itoa(nicID) {
				return &nics[i], nil
			}
		}
		return nil, &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("VM %d has no NIC %d", vm.ID, nicID)}
	}
	for i := range nics {
		if nicAttr(&nics[i], "SSH") == "YES" {
			return &nics[i], nil
		}
	}
	if len(nics) == 0 {
		return nil, &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("VM %d has no NIC", vm.ID)}
	}
	return &nics[0], nil
}

func nicAttr(n *client.VMNIC, name string) string {
	for _, a := range n.Attrs {
		if a.Name() == name {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// portRange reads a NIC's port forwarding: EXTERNAL_PORT_RANGE "9000:9099"
// on the host maps to INTERNAL_PORT_RANGE "1-100/tcp" in the guest.
func portRange(vm *client.VM, n *client.VMNIC) (host string, ext, in [2]int, err error) {
	e := strings.Split(nicAttr(n, "EXTERNAL_PORT_RANGE"), ":")
	i := strings.Split(strings.Split(nicAttr(n, "INTERNAL_PORT_RANGE"), "/")[0], "-")
	if len(e) != 2 || len(i) != 2 {
		return "", ext, in, &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("VM %d: NIC %s has no port forwarding", vm.ID, n.NICID)}
	}
	for k, s := range []string{e[0], e[1], i[0], i[1]} {
		v, perr := strconv.Atoi(strings.TrimSpace(s))
		if perr != nil {
			return "", ext, in, fmt.Errorf("VM %d: NIC %s: bad port range %q", vm.ID, n.NICID, s)
		}
		if k < 2 {
			ext[k] = v
		} else {
			in[k-2] = v
		}
	}
	h := vm.LastHistory()
	if h == nil {
		return "", ext, in, &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("VM %d is on no host", vm.ID)}
	}
	return h.Hostname, ext, in, nil
}

// runLocal runs a local program on the terminal; its exit code becomes ours.
func runLocal(ctx context.Context, f *kit.Factory, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = f.IO.ChildStreams()
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return &kit.ReportedError{Code: exit.ExitCode()}
	}
	if err != nil {
		return fmt.Errorf("cannot run %s: %w", name, err)
	}
	return nil
}

func newVMSSHCmd(f *kit.Factory) *cobra.Command {
	var nicID int
	var command, sshOpts string
	cmd := &cobra.Command{
		Use:   "ssh <vm> [<login>]",
		Short: "Open an SSH session to a running VM",
		Long: `Open an SSH session to a running VM, through the NIC given by --nic-id, the
one marked SSH="YES", or the first. The login is the VM's CONTEXT/USERNAME,
else <login>, else root. A NIC with port forwarding is reached through its
host. ssh's exit code is onectl's.` + kit.APIHelp("one.vm.info", ""),
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			vm, err := readVM(ctx, f, args[0])
			if err != nil {
				return err
			}
			if vm.State != client.VMActive || vm.LCMState != client.LCMRunning {
				return &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("VM %d is %s, not RUNNING: cannot ssh to it", vm.ID, vm.StateName())}
			}
			nic, err := pickNIC(vm, nicID)
			if err != nil {
				return err
			}
			login := "root"
			if len(args) == 2 {
				login = args[1]
			}
			if vm.Template.Context != nil {
				if u := vm.Template.Context.Get("USERNAME"); u != "" {
					login = u
				}
			}
			ip, port := nic.IP, 22
			if nicAttr(nic, "EXTERNAL_PORT_RANGE") != "" {
				host, ext, _, err := portRange(vm, nic)
				if err != nil {
					return err
				}
				// Port 22 is the 22nd of the range that starts at 1.
				ip, port = host, ext[0]+21
			}
			if ip == "" {
				return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("VM %d: NIC %s has no IP", vm.ID, nic.NICID)}
			}
			sshArgs := append(strings.Fields(sshOpts), login+"@"+ip, "-p", strconv.Itoa(port))
			if command != "" {
				sshArgs = append(sshArgs, command)
			}
			return runLocal(ctx, f, "ssh", sshArgs...)
		},
	}
	cmd.Flags().IntVar(&nicID, "nic-id", -1, "connect through this NIC")
	cmd.Flags().StringVar(&command, "cmd", "", "run this command instead of a shell")
	cmd.Flags().StringVar(&sshOpts, "ssh-options", "", "extra options for ssh, e.g. \"-i key -A\"")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false, "runn")
	return cmd
}

func newVMPortForwardCmd(f *kit.Factory) *cobra.Command {
	var nicID int
	cmd := &cobra.Command{
		Use:   "port-forward <vm> [<port>]",
		Short: "Show how the host's ports reach a VM's ports (NIC port forwarding)",
		Long: `Show how the host's ports reach a VM's ports. "host01@9021 -> 22" means: to
reach port 22 of the VM, connect to host01 port 9021.` + kit.APIHelp("one.vm.info", ""),
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			vm, err := readVM(cmd.Context(), f, args[0])
			if err != nil {
				return err
			}
			nic, err := pickNIC(vm, nicID)
			if err != nil {
				return err
			}
			host, ext, in, err := portRange(vm, nic)
			if err != nil {
				return err
			}
			if len(args) == 2 {
				p, perr := strconv.Atoi(args[1])
				if perr != nil || p < in[0] || p > in[1] {
					return kit.Usagef("<port> must be a number from %d to %d", in[0], in[1])
				}
				fmt.Fprintf(f.IO.Out, "%s@%d -> %d\n", host, ext[0]+p-in[0], p)
				return nil
			}
			for p := in[0]; p <= in[1] && ext[0]+p-in[0] <= ext[1]; p++ {
				fmt.Fprintf(f.IO.Out, "%s@%d -> %d\n", host, ext[0]+p-in[0], p)
			}
			return nil
		},
	}
	cmd.Flags().IntVar(&nicID, "nic-id", -1, "the NIC to read")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false)
	return cmd
}

func newVMVNCCmd(f *kit.Factory) *cobra.Command {
	var viewer string
	cmd := &cobra.Command{
		Use:   "vnc <vm>",
		Short: "Open a VNC viewer on a running VM's console",
		Long: `Open a VNC viewer on a VM's console: runs <viewer> host::port with the VM's
host and its GRAPHICS port.` + kit.APIHelp("one.vm.info", ""),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			vm, err := readVM(ctx, f, args[0])
			if err != nil {
				return err
			}
			g := vm.Template.Graphics
			if g == nil || !strings.EqualFold(g.Get("TYPE"), "VNC") || g.Get("PORT") == "" {
				return &kit.CodedError{Code: kit.ExitNotFound, Err: fmt.Errorf("VM %d has no VNC console (GRAPHICS TYPE=VNC with a PORT)", vm.ID)}
			}
			h := vm.LastHistory()
			if h == nil || vm.State != client.VMActive {
				return &kit.CodedError{Code: kit.ExitState, Err: fmt.Errorf("VM %d is %s: its console is not up", vm.ID, vm.StateName())}
			}
			fields := strings.Fields(viewer)
			if len(fields) == 0 {
				return kit.Usagef("--viewer is empty")
			}
			return runLocal(ctx, f, fields[0], append(fields[1:], h.Hostname+"::"+g.Get("PORT"))...)
		},
	}
	cmd.Flags().StringVar(&viewer, "viewer", "vncviewer", "VNC viewer command")
	cmd.ValidArgsFunction = kit.CompleteObjects(f, kit.VMs, false, "runn")
	return cmd
}
