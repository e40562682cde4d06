// Command onectl manages OpenNebula clouds; see `onectl --help`.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/onectl/onectl/commands"
	"github.com/onectl/onectl/iostreams"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := commands.Execute(ctx, iostreams.System(), os.Args[1:])
	stop()
	os.Exit(code)
}
