package bin_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// fakeShell installs at /bin/sh a program that reports who runs it,
// where, with what argv and environment: what su must set up.
func fakeShell(t *testing.T, p *vfs.Process) {
	k := p.Kernel()
	require.NoError(t, k.RegisterProgram("bin-test-sh", func(p *vfs.Process, argv, envv []string) int {
		buf := make([]byte, 256)
		n, _ := p.Getcwd(buf)
		cwd := strings.TrimRight(string(buf[:n]), "\x00")
		fmt.Fprintf(&lineWriter{p}, "uid=%d gid=%d groups=%v cwd=%s argv=%q env=%q\n",
			p.Getuid(), p.Getgid(), p.Getgroups(), cwd, argv, envv)
		return 7
	}))
	p.Unlink("/bin/sh")
	require.NoError(t, k.Install("/bin/sh", "bin-test-sh"))
	require.NoError(t, p.Mkdir("/home/user", 0o755))
	require.NoError(t, p.WriteFile("/etc/group", []byte("root:x:0:\nuser:x:1000:\nwheel:x:10:user,ann\nnogroup:x:65534:\n"), 0o644))
}

type lineWriter struct{ p *vfs.Process }

func (w *lineWriter) Write(b []byte) (int, error) { return w.p.Write(1, b) }

func TestIdSu(t *testing.T) {
	runCases(t, []progCase{
		{name: "id_root", argv: []string{"id"}, stdout: "uid=0(root) gid=0(root) groups=0(root)\n"},
		{name: "id_nobody", uid: 65534, argv: []string{"id"}, stdout: "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n"},
		{name: "id_of_a_user", setup: fakeShell, argv: []string{"id", "user"}, stdout: "uid=1000(user) gid=1000(user) groups=1000(user),10(wheel)\n"},
		{name: "id_u_n", uid: 65534, argv: []string{"id", "-un"}, stdout: "nobody\n"},
		{name: "id_G", setup: fakeShell, argv: []string{"id", "-G", "user"}, stdout: "1000 10\n"},
		{name: "id_unknown_user", argv: []string{"id", "bob"}, stderr: "id: 'bob': no such user\n", code: 1},
		{name: "su_runs_sh_as_the_user", setup: fakeShell, argv: []string{"su", "user", "-c", "echo hi"},
			stdout: `uid=1000 gid=1000 groups=[1000 10] cwd=/ argv=["sh" "-c" "echo hi"] env=["HOME=/home/user" "SHELL=/bin/sh" "USER=user" "LOGNAME=user"]` + "\n", code: 7},
		{name: "su_dash_is_a_login_shell_at_home", setup: fakeShell, argv: []string{"su", "-", "user"},
			stdout: `uid=1000 gid=1000 groups=[1000 10] cwd=/home/user argv=["-sh"] env=["PATH=/bin" "HOME=/home/user" "SHELL=/bin/sh" "USER=user" "LOGNAME=user"]` + "\n", code: 7},
		{name: "su_defaults_to_root", setup: fakeShell, argv: []string{"su", "-c", "x"},
			stdout: `uid=0 gid=0 groups=[0] cwd=/ argv=["sh" "-c" "x"] env=["HOME=/root" "SHELL=/bin/sh" "USER=root" "LOGNAME=root"]` + "\n", code: 7},
		{name: "su_as_a_user_fails", setup: fakeShell, uid: 65534, argv: []string{"su"}, stderr: "su: Authentication failure\n", code: 1},
		{name: "su_unknown_user", argv: []string{"su", "bob"}, stderr: "su: user bob does not exist\n", code: 1},
		{name: "su_without_bin_sh", argv: []string{"su", "nobody"}, stderr: "su: failed to execute /bin/sh: No such file or directory\n", code: 127},
	})
}

func TestStat(t *testing.T) {
	runCases(t, []progCase{
		{name: "regular_file", setup: withFile("/tmp/f", 0o640), argv: []string{"stat", "/tmp/f"},
			match: `  File: /tmp/f\n  Size: 5         \tBlocks: 8          IO Block: 4096   regular file\n` +
				`Device: 0,\d+\tInode: \d+ +Links: 1\n` +
				`Access: \(0640/-rw-r-----\)  Uid: \(    0/    root\)   Gid: \(    0/    root\)\n` +
				`Access: 2026-11-29 12:00:00.000000000 \+0000\nModify: 2026-11-29 12:00:00.000000000 \+0000\n` +
				`Change: 2026-11-29 12:00:00.000000000 \+0000\n Birth: -\n`},
		{name: "symlink_and_device", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Symlink("/etc/passwd", "/tmp/l"))
		}, argv: []string{"stat", "/tmp/l", "/dev/null"},
			match: `  File: /tmp/l -> /etc/passwd\n.*symbolic link\n.*\nAccess: \(0777/lrwxrwxrwx\).*\n(.*\n){4}` +
				`  File: /dev/null\n.*character special file\nDevice: \d+,\d+\tInode: \d+ +Links: 1     Device type: 1,3\n(.*\n){5}`},
		{name: "missing", argv: []string{"stat", "/nope"}, stderr: "stat: cannot statx '/nope': No such file or directory\n", code: 1},
	})
}

func TestMountPs(t *testing.T) {
	runCases(t, []progCase{
		{name: "mount_lists_the_mounts", argv: []string{"mount"},
			match: `(?s)none on / type tmpfs \(rw.*\)\n.*proc on /proc type proc \(rw.*\)\n.*`},
		{name: "mount_t_o_and_umount", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Mkdir("/tmp/m", 0o755))
		}, argv: []string{"mount", "-t", "tmpfs", "-o", "ro,nosuid,size=1m", "scratch", "/tmp/m"},
			check: func(t *testing.T, p *vfs.Process) {
				mounts, err := p.ReadFile("/proc/self/mounts")
				require.NoError(t, err)
				require.Contains(t, string(mounts), "scratch /tmp/m tmpfs ro,nosuid")
				require.ErrorIs(t, p.Mkdir("/tmp/m/x", 0o755), vfs.EROFS)
				stdout, stderr, code := run(t, p, "", "umount", "/tmp/m")
				require.Equal(t, [3]any{"", "", 0}, [3]any{stdout, stderr, code})
			}},
		{name: "mount_bind", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Mkdir("/tmp/m", 0o755))
		}, argv: []string{"mount", "--bind", "/etc", "/tmp/m"},
			check: func(t *testing.T, p *vfs.Process) {
				data, err := p.ReadFile("/tmp/m/passwd")
				require.NoError(t, err)
				require.Contains(t, string(data), "root:x:0:0")
			}},
		{name: "mount_as_user", uid: 65534, argv: []string{"mount", "-t", "tmpfs", "none", "/tmp"},
			stderr: "mount: /tmp: must be superuser to use mount.\n", code: 32},
		{name: "mount_missing_point", argv: []string{"mount", "-t", "tmpfs", "none", "/nope"},
			stderr: "mount: /nope: mount point does not exist.\n", code: 32},
		{name: "mount_unknown_type", argv: []string{"mount", "-t", "nofs", "none", "/tmp"},
			stderr: "mount: /tmp: unknown filesystem type 'nofs'.\n", code: 32},
		{name: "mount_no_fstab", argv: []string{"mount", "/tmp"},
			stderr: "mount: /tmp: can't find in /etc/fstab.\n", code: 1},
		{name: "umount_not_mounted", argv: []string{"umount", "/tmp"}, stderr: "umount: /tmp: not mounted.\n", code: 32},
		{name: "umount_missing", argv: []string{"umount", "/nope"}, stderr: "umount: /nope: no mount point specified.\n", code: 32},
		{name: "umount_busy_then_lazy", setup: func(t *testing.T, p *vfs.Process) {
			require.NoError(t, p.Mkdir("/tmp/m", 0o755))
			require.NoError(t, p.Mount("x", "/tmp/m", "tmpfs", 0, ""))
			_, err := p.Open("/tmp/m", vfs.O_RDONLY, 0)
			require.NoError(t, err)
		}, argv: []string{"umount", "/tmp/m"}, stderr: "umount: /tmp/m: target is busy.\n", code: 32,
			check: func(t *testing.T, p *vfs.Process) {
				_, _, code := run(t, p, "", "umount", "-l", "/tmp/m")
				require.Zero(t, code)
			}},
		{name: "ps_lists_pid_and_command", argv: []string{"ps"},
			match: `  PID TTY          TIME CMD\n    1 \?        00:00:00 \S+\n( +\d+ \?        00:00:00 ps\n)`},
		{name: "ps_f_shows_users_and_command_lines", uid: 65534, argv: []string{"ps", "-ef"},
			match: `UID        PID  PPID  C STIME TTY          TIME CMD\nroot         1     0  0 00:00 \?        00:00:00 \[init\]\n` +
				`nobody       2     1  0 00:00 \?        00:00:00 \[init\]\nnobody       3     2  0 00:00 \?        00:00:00 ps -ef\n`},
	})
}
