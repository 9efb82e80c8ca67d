package vfs_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// execWorld makes the files an exec case needs, under one directory: in
// govfs here, on the host in exec_linux_test.go, so that every case's
// errno is the one Linux's execve gives for the analogous file.
type execWorld interface {
	// file makes a regular file: kind is "prog" (an executable that
	// exits 0), "prog-no-newline" (the same, without the final newline),
	// "empty", "text", or "long" (a first line longer than exec reads).
	file(name, kind string, mode uint32)
	dir(name string, mode uint32)
	fifo(name string)
	symlink(target, name string)
	mount(name string, flags uintptr)
	// openForWrite opens a file for writing and keeps it open.
	openForWrite(name string)
	// socket binds a unix stream socket to name.
	socket(name string)
}

// execCases are the outcomes of exec for one file each, as root or as
// nobody. host says why a case has no host twin.
var execCases = []struct {
	name   string
	setup  func(w execWorld) string // returns the path to exec, relative to the world's directory
	nobody bool
	want   vfs.Errno
	host   string
}{
	{name: "executable_runs", setup: func(w execWorld) string { w.file("p", "prog", 0o755); return "p" }},
	{name: "no_x_bit_is_EACCES_even_for_root", want: vfs.EACCES,
		setup: func(w execWorld) string { w.file("p", "prog", 0o644); return "p" }},
	{name: "one_x_bit_is_enough_for_root",
		setup: func(w execWorld) string { w.file("p", "prog", 0o100); return "p" }},
	{name: "x_without_r_runs", nobody: true,
		setup: func(w execWorld) string { w.file("p", "prog", 0o711); return "p" }},
	{name: "owner_x_only_is_EACCES_for_others", nobody: true, want: vfs.EACCES,
		setup: func(w execWorld) string { w.file("p", "prog", 0o744); return "p" }},
	{name: "directory_is_EACCES", want: vfs.EACCES,
		setup: func(w execWorld) string { w.dir("d", 0o755); return "d" }},
	{name: "fifo_is_EACCES", want: vfs.EACCES,
		setup: func(w execWorld) string { w.fifo("f"); return "f" }},
	{name: "socket_is_EACCES", want: vfs.EACCES,
		setup: func(w execWorld) string { w.socket("s"); return "s" }},
	{name: "noexec_mount_is_EACCES", want: vfs.EACCES,
		setup: func(w execWorld) string { w.mount("m", vfs.MS_NOEXEC); w.file("m/p", "prog", 0o755); return "m/p" }},
	{name: "empty_file_is_ENOEXEC", want: vfs.ENOEXEC,
		setup: func(w execWorld) string { w.file("p", "empty", 0o755); return "p" }},
	{name: "text_file_is_ENOEXEC", want: vfs.ENOEXEC,
		setup: func(w execWorld) string { w.file("p", "text", 0o755); return "p" }},
	{name: "unknown_program_is_ENOEXEC", want: vfs.ENOEXEC,
		host:  "Linux's missing interpreter is ENOENT; a format no handler knows is ENOEXEC, which a govfs name is",
		setup: func(w execWorld) string { w.file("p", "unknown", 0o755); return "p" }},
	{name: "cut_first_line_is_ENOEXEC", want: vfs.ENOEXEC,
		setup: func(w execWorld) string { w.file("p", "long", 0o755); return "p" }},
	{name: "first_line_without_newline_runs",
		setup: func(w execWorld) string { w.file("p", "prog-no-newline", 0o755); return "p" }},
	{name: "symlink_is_followed",
		setup: func(w execWorld) string { w.file("p", "prog", 0o755); w.symlink("p", "l"); return "l" }},
	{name: "dangling_symlink_is_ENOENT", want: vfs.ENOENT,
		setup: func(w execWorld) string { w.symlink("nowhere", "l"); return "l" }},
	{name: "missing_is_ENOENT", want: vfs.ENOENT,
		setup: func(w execWorld) string { return "nope" }},
	{name: "trailing_slash_is_ENOTDIR", want: vfs.ENOTDIR,
		setup: func(w execWorld) string { w.file("p", "prog", 0o755); return "p/" }},
	{name: "file_open_for_writing_is_ETXTBSY", want: vfs.ETXTBSY,
		setup: func(w execWorld) string { w.file("p", "text", 0o755); w.openForWrite("p"); return "p" }},
	{name: "unsearchable_directory_is_EACCES", nobody: true, want: vfs.EACCES,
		setup: func(w execWorld) string { w.dir("d", 0o700); w.file("d/p", "prog", 0o755); return "d/p" }},
}

// govfsWorld is an execWorld in a govfs directory, made by root.
type govfsWorld struct {
	t    *testing.T
	p    *vfs.Process
	base string
}

var execContents = map[string]string{
	"prog":            "#!govfs ok\n",
	"prog-no-newline": "#!govfs ok",
	"empty":           "",
	"text":            "hello\n",
	"unknown":         "#!govfs no-such-program\n",
	"long":            "#!govfs " + strings.Repeat("a", 300),
}

func (w govfsWorld) file(name, kind string, mode uint32) {
	content, ok := execContents[kind]
	require.True(w.t, ok, kind)
	writeFile(w.t, w.p, w.base+"/"+name, content, mode)
	require.NoError(w.t, w.p.Chmod(w.base+"/"+name, mode))
}

func (w govfsWorld) dir(name string, mode uint32) {
	require.NoError(w.t, w.p.Mkdir(w.base+"/"+name, mode))
}

func (w govfsWorld) fifo(name string) {
	require.NoError(w.t, w.p.Mkfifo(w.base+"/"+name, 0o755))
}

func (w govfsWorld) symlink(target, name string) {
	require.NoError(w.t, w.p.Symlink(target, w.base+"/"+name))
}

func (w govfsWorld) mount(name string, flags uintptr) {
	mountTmpfs(w.t, w.p, w.base+"/"+name, flags, "")
}

func (w govfsWorld) socket(name string) {
	fd, err := w.p.Socket(vfs.AF_UNIX, vfs.SOCK_STREAM, 0)
	require.NoError(w.t, err)
	require.NoError(w.t, w.p.Bind(fd, &vfs.SockaddrUnix{Name: w.base + "/" + name}))
}

func (w govfsWorld) openForWrite(name string) {
	_, err := w.p.Open(w.base+"/"+name, vfs.O_WRONLY, 0)
	require.NoError(w.t, err)
}

// newExecSystem boots a system whose /tmp/x the cases fill, with the
// program "ok".
func newExecSystem(t *testing.T) (*vfs.Kernel, *vfs.Process) {
	k, init := newSystem(t)
	require.NoError(t, k.RegisterProgram("ok", func(*vfs.Process, []string, []string) int { return 0 }))
	require.NoError(t, init.Mkdir("/tmp/x", 0o755))
	return k, init
}

func TestExecCases(t *testing.T) {
	for _, tc := range execCases {
		t.Run(tc.name, func(t *testing.T) {
			_, init := newExecSystem(t)
			path := "/tmp/x/" + tc.setup(govfsWorld{t, init, "/tmp/x"})
			c := fork(t, init)
			if tc.nobody {
				c = forkAs(t, init, 65534, 65534)
			}
			fd, err := c.Open("/tmp", vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
			require.NoError(t, err)
			err = c.Exec(path, []string{"p"}, nil)
			if tc.want == 0 {
				require.NoError(t, err)
				require.Equal(t, 0, reap(t, init, c.Pid()))
				return
			}
			requireErrno(t, err, tc.want)
			// The process is as it was: its close-on-exec fd open, no
			// executable recorded, still able to make calls.
			_, err = c.FcntlInt(uintptr(fd), vfs.F_GETFD, 0)
			require.NoError(t, err, "a failed exec closed a close-on-exec fd")
			require.Equal(t, vfs.Path{}, c.Exe())
			require.Nil(t, c.Cmdline())
			c.Exit(7)
			require.Equal(t, 7, reap(t, init, c.Pid()))
		})
	}
}

// execProbe is what a probe program saw of its process.
type execProbe struct {
	argv, envv           []string
	uid, euid, gid, egid int
	cred                 vfs.Cred
	openFDs              []int
}

// registerProbe registers a program that records what it sees and exits
// with code.
func registerProbe(t *testing.T, k *vfs.Kernel, name string, code int) *execProbe {
	seen := new(execProbe)
	require.NoError(t, k.RegisterProgram(name, func(p *vfs.Process, argv, envv []string) int {
		seen.argv, seen.envv = argv, envv
		seen.uid, seen.euid, seen.gid, seen.egid = p.Getuid(), p.Geteuid(), p.Getgid(), p.Getegid()
		seen.cred = *p.Cred()
		for fd := range 8 {
			if _, err := p.FcntlInt(uintptr(fd), vfs.F_GETFD, 0); err == nil {
				seen.openFDs = append(seen.openFDs, fd)
			}
		}
		return code
	}))
	return seen
}

// execCredCases are the ids nobody runs with, executing a root-owned
// file of the given mode on a mount with the given flags.
var execCredCases = []struct {
	name       string
	mode       uint32
	mountFlags uintptr
	euid, egid int
}{
	{"setuid_file_sets_euid", 0o4755, 0, 0, 65534},
	{"setgid_file_sets_egid", 0o2755, 0, 65534, 0},
	{"setgid_without_group_x_is_ignored", 0o2745, 0, 65534, 65534},
	{"nosuid_mount_ignores_setuid", 0o6755, vfs.MS_NOSUID, 65534, 65534},
	{"plain_file_keeps_ids", 0o755, 0, 65534, 65534},
}

func TestExecCredentials(t *testing.T) {
	for _, tc := range execCredCases {
		t.Run(tc.name, func(t *testing.T) {
			k, init := newSystem(t)
			seen := registerProbe(t, k, "probe", 0)
			mountTmpfs(t, init, "/mnt", tc.mountFlags, "mode=755")
			require.NoError(t, k.Install("/mnt/probe", "probe"))
			require.NoError(t, init.Chmod("/mnt/probe", tc.mode))
			c := forkAs(t, init, 65534, 65534)
			require.NoError(t, c.Exec("/mnt/probe", nil, nil))
			require.Equal(t, 0, reap(t, init, c.Pid()))
			require.Equal(t, []int{65534, tc.euid, 65534, tc.egid}, []int{seen.uid, seen.euid, seen.gid, seen.egid})
			// Saved and fs ids follow the effective ones (cap_bprm_creds_from_file).
			require.Equal(t, uint32(tc.euid), seen.cred.Suid)
			require.Equal(t, uint32(tc.euid), seen.cred.Fsuid)
			require.Equal(t, uint32(tc.egid), seen.cred.Sgid)
			require.Equal(t, uint32(tc.egid), seen.cred.Fsgid)
		})
	}
}

func TestExecRuns(t *testing.T) {
	t.Run("cloexec_fds_are_closed", func(t *testing.T) {
		k, init := newSystem(t)
		seen := registerProbe(t, k, "probe", 0)
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		keep, err := c.Open("/tmp", vfs.O_RDONLY, 0)
		require.NoError(t, err)
		shut, err := c.Open("/tmp", vfs.O_RDONLY|vfs.O_CLOEXEC, 0)
		require.NoError(t, err)
		require.NoError(t, c.Exec("/bin/probe", nil, nil))
		reap(t, init, c.Pid())
		require.Contains(t, seen.openFDs, keep)
		require.NotContains(t, seen.openFDs, shut)
	})
	t.Run("stdio_is_fds_0_1_2", func(t *testing.T) {
		k, init := newSystem(t)
		require.NoError(t, k.RegisterProgram("shout", func(p *vfs.Process, _, _ []string) int {
			buf := make([]byte, 64)
			n, _ := p.Read(0, buf)
			p.Write(1, []byte(strings.ToUpper(string(buf[:n]))))
			p.Write(2, []byte("done\n"))
			return 0
		}))
		require.NoError(t, k.Install("/bin/shout", "shout"))
		in, out, errs := make([]int, 2), make([]int, 2), make([]int, 2)
		for _, fds := range [][]int{in, out, errs} {
			require.NoError(t, init.Pipe(fds))
		}
		c := fork(t, init)
		for i, fd := range []int{in[0], out[1], errs[1]} {
			require.NoError(t, c.Dup2(fd, i))
		}
		_, err := init.Write(in[1], []byte("hello"))
		require.NoError(t, err)
		require.NoError(t, c.Exec("/bin/shout", []string{"shout"}, nil))
		reap(t, init, c.Pid())
		buf := make([]byte, 64)
		n, err := init.Read(out[0], buf)
		require.NoError(t, err)
		require.Equal(t, "HELLO", string(buf[:n]))
		n, err = init.Read(errs[0], buf)
		require.NoError(t, err)
		require.Equal(t, "done\n", string(buf[:n]))
	})
	t.Run("exit_code_reaches_Wait", func(t *testing.T) {
		k, init := newSystem(t)
		registerProbe(t, k, "probe", 3)
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		require.NoError(t, c.Exec("/bin/probe", nil, nil))
		status, err := init.Wait(c.Pid())
		require.NoError(t, err)
		require.Equal(t, 0x300, status)
	})
	t.Run("argv_and_envv_reach_the_program", func(t *testing.T) {
		k, init := newSystem(t)
		seen := registerProbe(t, k, "probe", 0)
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		require.NoError(t, c.Exec("/bin/probe", []string{"probe", "-x"}, []string{"HOME=/"}))
		reap(t, init, c.Pid())
		require.Equal(t, []string{"probe", "-x"}, seen.argv)
		require.Equal(t, []string{"HOME=/"}, seen.envv)
	})
	t.Run("exe_and_cmdline_name_the_program", func(t *testing.T) {
		k, init := newSystem(t)
		require.NoError(t, init.Symlink("/bin/probe", "/tmp/link"))
		var exe string
		var cmdline, childCmdline []string
		require.NoError(t, k.RegisterProgram("probe", func(p *vfs.Process, argv, _ []string) int {
			exe, cmdline = p.DPath(p.Exe()), p.Cmdline()
			child, err := p.Fork()
			require.NoError(t, err)
			childCmdline = child.Cmdline() // fork shares the image
			child.Exit(0)
			p.Wait(child.Pid())
			return 0
		}))
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		require.Equal(t, vfs.Path{}, c.Exe(), "no exec yet")
		require.NoError(t, c.Exec("/tmp/link", []string{"probe", "a"}, nil))
		reap(t, init, c.Pid())
		require.Equal(t, "/bin/probe", exe, "Exe is the file, past the symlink")
		require.Equal(t, []string{"probe", "a"}, cmdline)
		require.Equal(t, cmdline, childCmdline)
		require.Equal(t, vfs.Path{}, c.Exe(), "exit dropped the executable")
		require.Nil(t, c.Cmdline())
	})
	t.Run("running_program_keeps_its_mount_busy", func(t *testing.T) {
		k, init := newSystem(t)
		mountTmpfs(t, init, "/mnt", 0, "")
		var umountErr error
		require.NoError(t, k.RegisterProgram("probe", func(p *vfs.Process, _, _ []string) int {
			umountErr = init.Unmount("/mnt", 0)
			return 0
		}))
		require.NoError(t, k.Install("/mnt/probe", "probe"))
		c := fork(t, init)
		require.NoError(t, c.Chdir("/"))
		require.NoError(t, c.Exec("/mnt/probe", nil, nil))
		reap(t, init, c.Pid())
		requireErrno(t, umountErr, vfs.EBUSY)
		require.NoError(t, init.Unmount("/mnt", 0), "exit let go of the executable")
	})
	t.Run("running_program_is_ETXTBSY_to_writers", func(t *testing.T) {
		// As for a Linux binary: open(O_WRONLY) and truncate(2) of the
		// file a process runs are ETXTBSY, until the last process that
		// runs it (a forked child too) exits.
		k, init := newSystem(t)
		var openErr, truncErr error
		var child *vfs.Process
		require.NoError(t, k.RegisterProgram("probe", func(p *vfs.Process, _, _ []string) int {
			_, openErr = init.Open("/tmp/probe", vfs.O_WRONLY, 0)
			truncErr = init.Truncate("/tmp/probe", 0)
			child, _ = p.Fork()
			return 0
		}))
		require.NoError(t, k.Install("/tmp/probe", "probe"))
		c := fork(t, init)
		require.NoError(t, c.Exec("/tmp/probe", nil, nil))
		reap(t, init, c.Pid())
		requireErrno(t, openErr, vfs.ETXTBSY)
		requireErrno(t, truncErr, vfs.ETXTBSY)
		_, err := init.Open("/tmp/probe", vfs.O_WRONLY, 0)
		requireErrno(t, err, vfs.ETXTBSY, "the forked child still runs the file")
		child.Exit(0)
		reap(t, init, child.Pid())
		fd, err := init.Open("/tmp/probe", vfs.O_WRONLY, 0)
		require.NoError(t, err)
		require.NoError(t, init.Close(fd))
		require.NoError(t, init.Truncate("/tmp/probe", 0))
	})
	t.Run("panic_kills_with_SIGSEGV", func(t *testing.T) {
		k, init := newSystem(t)
		require.NoError(t, k.RegisterProgram("crash", func(*vfs.Process, []string, []string) int { panic("boom") }))
		require.NoError(t, k.Install("/bin/crash", "crash"))
		c := fork(t, init)
		err := c.Exec("/bin/crash", nil, nil)
		var pp *vfs.ProgramPanic
		require.ErrorAs(t, err, &pp)
		require.Equal(t, "crash", pp.Program)
		require.Equal(t, "boom", pp.Value)
		require.Contains(t, string(pp.Stack), "exec_test.go")
		status, err := init.Wait(c.Pid())
		require.NoError(t, err)
		require.Equal(t, vfs.SIGSEGV, status, "WIFSIGNALED, WTERMSIG = SIGSEGV")
		require.Equal(t, []int{vfs.SIGSEGV}, c.Signals())
	})
	t.Run("goexit_kills_with_SIGSEGV", func(t *testing.T) {
		k, init := newSystem(t)
		require.NoError(t, k.RegisterProgram("quit", func(*vfs.Process, []string, []string) int {
			runtime.Goexit()
			return 0
		}))
		require.NoError(t, k.Install("/bin/quit", "quit"))
		c := fork(t, init)
		go c.Exec("/bin/quit", nil, nil)
		status, err := init.Wait(c.Pid())
		require.NoError(t, err)
		require.Equal(t, vfs.SIGSEGV, status)
	})
	t.Run("exec_from_a_program_replaces_it", func(t *testing.T) {
		k, init := newSystem(t)
		registerProbe(t, k, "probe", 5)
		require.NoError(t, k.RegisterProgram("sh", func(p *vfs.Process, argv, envv []string) int {
			if err := p.Exec(argv[1], argv[1:], envv); err != nil {
				return 127
			}
			return 99 // ignored: the process already exited with probe's code
		}))
		require.NoError(t, k.Install("/bin/sh", "sh"))
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		require.NoError(t, c.Exec("/bin/sh", []string{"sh", "/bin/probe"}, nil))
		require.Equal(t, 5, reap(t, init, c.Pid()))
	})
	t.Run("exited_process_is_ESRCH", func(t *testing.T) {
		k, init := newSystem(t)
		registerProbe(t, k, "probe", 0)
		require.NoError(t, k.Install("/bin/probe", "probe"))
		c := fork(t, init)
		c.Exit(0)
		requireErrno(t, c.Exec("/bin/probe", nil, nil), vfs.ESRCH)
		reap(t, init, c.Pid())
	})
}

func TestRegisterProgram(t *testing.T) {
	k, _ := newSystem(t)
	nop := func(*vfs.Process, []string, []string) int { return 0 }
	require.NoError(t, k.RegisterProgram("x", nop))
	for _, tc := range []struct {
		name string
		prog string
		fn   vfs.Program
		want vfs.Errno
	}{
		{"taken_name_is_EEXIST", "x", nop, vfs.EEXIST},
		{"empty_name_is_EINVAL", "", nop, vfs.EINVAL},
		{"space_is_EINVAL", "a b", nop, vfs.EINVAL},
		{"newline_is_EINVAL", "a\n", nop, vfs.EINVAL},
		{"nul_is_EINVAL", "a\x00", nop, vfs.EINVAL},
		{"name_past_the_first_256_bytes_is_EINVAL", strings.Repeat("a", 248), nop, vfs.EINVAL},
		{"longest_name_fits", strings.Repeat("a", 247), nop, 0},
		{"nil_program_is_EINVAL", "y", nil, vfs.EINVAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			requireResult(t, k.RegisterProgram(tc.prog, tc.fn), tc.want)
		})
	}
}

func TestInstall(t *testing.T) {
	t.Run("writes_the_first_line_mode_0755_as_root", func(t *testing.T) {
		k, init := newSystem(t)
		init.Umask(0o077)
		writeFile(t, init, "/tmp/p", "old content, longer than the line", 0o600)
		require.NoError(t, k.Install("/tmp/p", "cat"))
		require.Equal(t, "#!govfs cat\n", readFile(t, init, "/tmp/p"))
		var st vfs.Stat_t
		require.NoError(t, init.Stat("/tmp/p", &st))
		require.Equal(t, uint32(vfs.S_IFREG|0o755), st.Mode)
		require.Zero(t, st.Uid)
	})
	t.Run("longest_name_runs", func(t *testing.T) {
		k, init := newSystem(t)
		name := strings.Repeat("n", 247)
		registerProbe(t, k, name, 4)
		require.NoError(t, k.Install("/bin/long", name))
		c := fork(t, init)
		require.NoError(t, c.Exec("/bin/long", nil, nil))
		require.Equal(t, 4, reap(t, init, c.Pid()))
	})
	t.Run("bad_name_is_EINVAL", func(t *testing.T) {
		k, init := newSystem(t)
		requireErrno(t, k.Install("/tmp/p", "a b"), vfs.EINVAL)
		var st vfs.Stat_t
		requireErrno(t, init.Stat("/tmp/p", &st), vfs.ENOENT)
	})
	t.Run("missing_directory_is_ENOENT", func(t *testing.T) {
		k, _ := newSystem(t)
		requireErrno(t, k.Install("/nope/p", "cat"), vfs.ENOENT)
	})
}

func TestInstallAfterInitExited(t *testing.T) {
	k, init := newSystem(t)
	init.Exit(0)
	requireErrno(t, k.Install("/bin/x", "x"), vfs.ESRCH)
}
