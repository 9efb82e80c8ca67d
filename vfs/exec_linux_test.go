package vfs_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// hostWorld is an execWorld on the host, in a directory of /dev/shm;
// an executable is a script run by /bin/true.
type hostWorld struct {
	t    *testing.T
	base string
}

var hostContents = map[string]string{
	"prog":            "#!/bin/true\n",
	"prog-no-newline": "#!/bin/true",
	"empty":           "",
	"text":            "hello\n",
	"long":            "#!" + strings.Repeat("a", 300), // a cut interpreter path
}

func (w hostWorld) file(name, kind string, mode uint32) {
	content, ok := hostContents[kind]
	require.True(w.t, ok, kind)
	path := filepath.Join(w.base, name)
	require.NoError(w.t, os.WriteFile(path, []byte(content), 0o600))
	require.NoError(w.t, unix.Chmod(path, mode))
}

func (w hostWorld) dir(name string, mode uint32) {
	path := filepath.Join(w.base, name)
	require.NoError(w.t, os.Mkdir(path, 0o700))
	require.NoError(w.t, unix.Chmod(path, mode))
}

func (w hostWorld) fifo(name string) {
	require.NoError(w.t, unix.Mkfifo(filepath.Join(w.base, name), 0o755))
}

func (w hostWorld) symlink(target, name string) {
	require.NoError(w.t, os.Symlink(target, filepath.Join(w.base, name)))
}

func (w hostWorld) mount(name string, flags uintptr) {
	path := filepath.Join(w.base, name)
	require.NoError(w.t, os.Mkdir(path, 0o755))
	require.NoError(w.t, unix.Mount("none", path, "tmpfs", flags, "mode=755"))
	w.t.Cleanup(func() { unix.Unmount(path, unix.MNT_DETACH) })
}

func (w hostWorld) openForWrite(name string) {
	f, err := os.OpenFile(filepath.Join(w.base, name), os.O_WRONLY, 0)
	require.NoError(w.t, err)
	w.t.Cleanup(func() { f.Close() })
}

func (w hostWorld) socket(name string) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	require.NoError(w.t, err)
	w.t.Cleanup(func() { unix.Close(fd) })
	require.NoError(w.t, unix.Bind(fd, &unix.SockaddrUnix{Name: filepath.Join(w.base, name)}))
}

// TestExecCasesOnHost runs execCases against the host kernel's execve:
// each errno TestExecCases expects of govfs is the one Linux gives.
func TestExecCasesOnHost(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount and to become nobody")
	}
	for _, tc := range execCases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.host != "" {
				t.Skip(tc.host)
			}
			base, err := os.MkdirTemp("/dev/shm", "exec")
			require.NoError(t, err)
			t.Cleanup(func() { os.RemoveAll(base) })
			require.NoError(t, os.Chmod(base, 0o755))
			path := base + "/" + tc.setup(hostWorld{t, base}) // no Join: keep a trailing slash
			attr := &syscall.ProcAttr{Sys: &syscall.SysProcAttr{}}
			if tc.nobody {
				attr.Sys.Credential = &syscall.Credential{Uid: 65534, Gid: 65534}
			}
			pid, err := syscall.ForkExec(path, []string{"p"}, attr)
			if tc.want != 0 {
				require.Error(t, err)
				require.Equal(t, tc.want.Name(), unixErrnoName(err.(syscall.Errno)))
				return
			}
			require.NoError(t, err)
			var ws syscall.WaitStatus
			_, err = syscall.Wait4(pid, &ws, 0, nil)
			require.NoError(t, err)
			require.Equal(t, 0, ws.ExitStatus())
		})
	}
}

// unixErrnoName spells a host errno as vfs.Errno.Name does.
func unixErrnoName(e syscall.Errno) string { return unix.ErrnoName(e) }

// TestExecCredentialsOnHost runs execCredCases on the host with a copy
// of id(1): the effective ids it prints are those govfs gives.
func TestExecCredentialsOnHost(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount and to become nobody")
	}
	idPath, err := exec.LookPath("id")
	if err != nil {
		t.Skip("no id(1) on the host")
	}
	id, err := os.ReadFile(idPath)
	require.NoError(t, err)
	for _, tc := range execCredCases {
		t.Run(tc.name, func(t *testing.T) {
			base, err := os.MkdirTemp("/dev/shm", "exec")
			require.NoError(t, err)
			t.Cleanup(func() { os.RemoveAll(base) })
			require.NoError(t, os.Chmod(base, 0o755))
			hostWorld{t, base}.mount("m", tc.mountFlags)
			path := base + "/m/id"
			require.NoError(t, os.WriteFile(path, id, 0o700))
			require.NoError(t, unix.Chmod(path, tc.mode))
			var got []int
			for _, flag := range []string{"-u", "-g"} {
				cmd := exec.Command(path, flag)
				cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
				out, err := cmd.Output()
				require.NoError(t, err)
				n, err := strconv.Atoi(strings.TrimSpace(string(out)))
				require.NoError(t, err)
				got = append(got, n)
			}
			require.Equal(t, []int{tc.euid, tc.egid}, got)
		})
	}
}

// TestRunningBinaryIsETXTBSYOnHost is the host's twin of
// TestExecRuns/running_program_is_ETXTBSY_to_writers: a copy of cat(1),
// blocked reading its stdin, cannot be opened for writing or truncated.
func TestRunningBinaryIsETXTBSYOnHost(t *testing.T) {
	catPath, err := exec.LookPath("cat")
	if err != nil {
		t.Skip("no cat(1) on the host")
	}
	bin, err := os.ReadFile(catPath)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "cat")
	require.NoError(t, os.WriteFile(path, bin, 0o755))
	cmd := exec.Command(path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	_, openErr := unix.Open(path, unix.O_WRONLY, 0)
	truncErr := unix.Truncate(path, 0)
	stdin.Close()
	require.NoError(t, cmd.Wait())
	require.Equal(t, unix.ETXTBSY, openErr)
	require.Equal(t, unix.ETXTBSY, truncErr)
}
