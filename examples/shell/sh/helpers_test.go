package sh_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/examples/shell/sh"
	"github.com/govfs/govfs/vfs"
)

// session is a scripted session: a fresh system, /bin/sh installed,
// setup run as init, then sh reading script on fd 0 (a pipe) with fds
// 1 and 2 on pipes, as uid (0 or 65534). It returns what the shell
// and its children wrote and the shell's exit status; a session that
// does not end in 10 s fails the test.
func session(t *testing.T, uid int, script string, setup ...func(init *vfs.Process)) (stdout, stderr string, status int) {
	t.Helper()
	return sessionArgv(t, uid, []string{"sh"}, script, setup...)
}

// sessionArgv is session with the shell's argv.
func sessionArgv(t *testing.T, uid int, argv []string, script string, setup ...func(init *vfs.Process)) (stdout, stderr string, status int) {
	t.Helper()
	k, err := govfs.Boot()
	require.NoError(t, err)
	t.Cleanup(k.Shutdown)
	require.NoError(t, sh.Install(k, "/bin/sh", sh.Options{}))
	init := k.Init()
	for _, f := range setup {
		f(init)
	}
	var in, out, errs [2]int
	for _, fds := range []*[2]int{&in, &out, &errs} {
		require.NoError(t, init.Pipe2(fds[:], vfs.O_CLOEXEC))
	}
	c, err := init.Fork()
	require.NoError(t, err)
	if uid != 0 {
		require.NoError(t, c.Setgid(uid))
		require.NoError(t, c.Setuid(uid))
	}
	for i, fd := range []int{in[0], out[1], errs[1]} {
		require.NoError(t, c.Dup2(fd, i))
	}
	for _, fd := range []int{in[0], out[1], errs[1]} {
		require.NoError(t, init.Close(fd))
	}
	type result struct {
		out, errs string
		status    int
		err       error
	}
	done := make(chan result, 1)
	go func() {
		go func() {
			writeAll(init, in[1], script)
			init.Close(in[1])
		}()
		go c.Exec("/bin/sh", argv, []string{"PATH=/bin", "HOME=/"})
		errc := make(chan string, 1)
		go func() { errc <- readAll(init, errs[0]) }()
		o := readAll(init, out[0])
		e := <-errc
		st, err := init.Wait(c.Pid())
		done <- result{o, e, st >> 8, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		return r.out, r.errs, r.status
	case <-time.After(10 * time.Second):
		t.Fatalf("the session did not end in 10 s; script:\n%s", script)
	}
	return
}

func writeAll(p *vfs.Process, fd int, s string) {
	b := []byte(s)
	for len(b) > 0 {
		n, err := p.Write(fd, b)
		if err != nil {
			return
		}
		b = b[n:]
	}
}

func readAll(p *vfs.Process, fd int) string {
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := p.Read(fd, buf)
		if err != nil || n == 0 {
			p.Close(fd)
			return string(got)
		}
		got = append(got, buf[:n]...)
	}
}
