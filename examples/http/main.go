// Command http is a narrated tour of Go's net/http running on govfs
// sockets: a stock http.Server serves the files of a govfs tmpfs over a
// unix socket bound in /tmp, and an http.Client in another govfs process
// fetches them through a sockfs.Dialer; then the same over loopback TCP
// on 127.0.0.1, which lives inside govfs: no host port is ever opened.
//
//	go run ./examples/http
package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/sockfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "http:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	server := k.Init()

	say("== the content: a file in govfs's tmpfs ==")
	if err := server.MkdirAll("/srv/www", 0o755); err != nil {
		return err
	}
	if err := server.WriteFile("/srv/www/index.html", []byte("<h1>served from govfs</h1>\n"), 0o644); err != nil {
		return err
	}
	www, err := fs.Sub(server.FS(), "srv/www")
	if err != nil {
		return err
	}
	handler := http.FileServer(http.FS(www))
	say("/srv/www/index.html is a tmpfs file. The handler is a stock http.FileServer")
	say("over p.FS(), the server process's own view of the tree as an fs.FS.")

	client, err := server.Fork()
	if err != nil {
		return err
	}
	defer client.Exit(0)
	say("fork: process %d will fetch, process %d serves.", client.Pid(), server.Pid())

	for _, step := range []struct{ network, address, what string }{
		{"unix", "/tmp/http.sock", "a unix socket bound in /tmp"},
		{"tcp", "127.0.0.1:8080", "loopback TCP to 127.0.0.1:8080"},
	} {
		say("\n== net/http over %s ==", step.what)
		if err := serveAndFetch(say, server, client, handler, step.network, step.address); err != nil {
			return err
		}
	}
	return nil
}

// serveAndFetch serves handler on network/address from server, fetches
// /index.html from client, and shuts everything down.
func serveAndFetch(say func(string, ...any), server, client *vfs.Process, handler http.Handler, network, address string) error {
	l, err := sockfs.Listen(server, network, address)
	if err != nil {
		return err
	}
	say("sockfs.Listen(p, %q, %q): socket(2), bind(2) and listen(2) on the", network, address)
	say("server's fd table, wrapped as a net.Listener at %s.", l.Addr())
	if network == "unix" {
		var st vfs.Stat_t
		if err := server.Stat(address, &st); err != nil {
			return err
		}
		say("bind made %s an inode of mode %o: S_IFSOCK, the socket's name in tmpfs.", address, st.Mode)
	} else {
		say("The port is in govfs's own table of TCP ports; the host's 8080 is untouched.")
	}
	srv := &http.Server{Handler: handler}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()

	d := &sockfs.Dialer{Process: client}
	tr := &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, address)
	}}
	hc := &http.Client{Transport: tr}
	resp, err := hc.Get("http://govfs/index.html")
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	say("http.Client in process %d, its Transport dialing with sockfs.Dialer:", client.Pid())
	say("GET /index.html → %s, %s, %q", resp.Status, resp.Header.Get("Content-Type"), body)
	say("Every byte crossed sendmsg(2) and read(2) on socket fds of the two processes.")

	tr.CloseIdleConnections()
	if err := srv.Shutdown(context.Background()); err != nil {
		return err
	}
	if err := <-served; err != http.ErrServerClosed {
		return err
	}
	say("srv.Shutdown closed the listener: close(2) on its fd.")
	if network == "unix" {
		var st vfs.Stat_t
		err := server.Stat(address, &st)
		say("As Go's own unix listener does, Close removed %s: stat says %v.", address, vfs.ErrnoOf(err).Name())
	}
	return nil
}
