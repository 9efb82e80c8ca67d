package vfs_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

func TestTrace(t *testing.T) {
	k, p := newSystem(t)
	var out bytes.Buffer
	k.Trace(&out)
	fd, err := p.Open("/tmp/x", vfs.O_CREAT|vfs.O_WRONLY, 0o644)
	require.NoError(t, err)
	p.Write(fd, []byte("hi"))
	p.Close(fd)
	p.Stat("/nope", new(vfs.Stat_t))
	k.Trace(nil)
	p.Close(fd)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Equal(t, []string{
		`[1] openat(AT_FDCWD, "/tmp/x", O_WRONLY|O_CREAT, 0644) = 3`,
		`[1] write(3, "hi") = 2`,
		`[1] close(3) = 0`,
		`[1] stat(AT_FDCWD, "/nope", 0) = -1 ENOENT (no such file or directory)`,
	}, lines, "one strace-style line per syscall; nothing once tracing stops")
}

// TestTraceSpellsFlagsAndModes checks that each call's flags and modes
// read as strace writes them, by the names vfstest's transcripts use.
func TestTraceSpellsFlagsAndModes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(p *vfs.Process)
		call  func(p *vfs.Process)
		want  string
	}{
		{
			name: "openat_create_shows_flags_and_mode",
			call: func(p *vfs.Process) { p.Open("/tmp/a", vfs.O_RDWR|vfs.O_CREAT|vfs.O_CLOEXEC, 0o644) },
			want: `openat(AT_FDCWD, "/tmp/a", O_RDWR|O_CREAT|O_CLOEXEC, 0644) = 3`,
		},
		{
			name: "openat_without_create_leaves_the_mode_out",
			call: func(p *vfs.Process) { p.Open("/tmp", vfs.O_RDONLY|vfs.O_DIRECTORY, 0) },
			want: `openat(AT_FDCWD, "/tmp", O_RDONLY|O_DIRECTORY) = 3`,
		},
		{
			name: "openat_tmpfile_shows_the_mode",
			call: func(p *vfs.Process) { p.Open("/tmp", vfs.O_TMPFILE|vfs.O_RDWR, 0o600) },
			want: `openat(AT_FDCWD, "/tmp", O_RDWR|O_TMPFILE, 0600) = 3`,
		},
		{
			name: "openat2_spells_open_how",
			call: func(p *vfs.Process) {
				p.Openat2(vfs.AT_FDCWD, "/tmp", &vfs.OpenHow{Flags: vfs.O_DIRECTORY, Resolve: vfs.RESOLVE_BENEATH})
			},
			want: `openat2(AT_FDCWD, "/tmp", {flags=O_RDONLY|O_DIRECTORY, resolve=RESOLVE_BENEATH}) = -1 EXDEV (invalid cross-device link)`,
		},
		{
			name:  "unlinkat_removedir",
			setup: func(p *vfs.Process) { p.Mkdir("/tmp/d", 0o755) },
			call:  func(p *vfs.Process) { p.Unlinkat(vfs.AT_FDCWD, "/tmp/d", vfs.AT_REMOVEDIR) },
			want:  `unlinkat(AT_FDCWD, "/tmp/d", AT_REMOVEDIR) = 0`,
		},
		{
			name: "unlink_is_unlinkat_with_flags_0",
			call: func(p *vfs.Process) { p.Unlink("/tmp/none") },
			want: `unlinkat(AT_FDCWD, "/tmp/none", 0) = -1 ENOENT (no such file or directory)`,
		},
		{
			name: "mkdir_mode_in_octal",
			call: func(p *vfs.Process) { p.Mkdir("/tmp/d", 0o1777) },
			want: `mkdirat(AT_FDCWD, "/tmp/d", 01777) = 0`,
		},
		{
			name: "mknod_names_the_file_type",
			call: func(p *vfs.Process) { p.Mkfifo("/tmp/f", 0o640) },
			want: `mknodat(AT_FDCWD, "/tmp/f", S_IFIFO|0640, makedev(0, 0)) = 0`,
		},
		{
			name:  "renameat2_flags",
			setup: func(p *vfs.Process) { p.Mkdir("/tmp/a", 0o755) },
			call: func(p *vfs.Process) {
				p.Renameat2(vfs.AT_FDCWD, "/tmp/a", vfs.AT_FDCWD, "/tmp/b", vfs.RENAME_NOREPLACE)
			},
			want: `renameat2(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b", RENAME_NOREPLACE) = 0`,
		},
		{
			name: "faccessat2_mode_and_flags",
			call: func(p *vfs.Process) { p.Faccessat(vfs.AT_FDCWD, "/tmp", vfs.R_OK|vfs.W_OK, vfs.AT_EACCESS) },
			want: `faccessat2(AT_FDCWD, "/tmp", R_OK|W_OK, AT_EACCESS) = 0`,
		},
		{
			name: "access_F_OK",
			call: func(p *vfs.Process) { p.Access("/tmp", vfs.F_OK) },
			want: `faccessat2(AT_FDCWD, "/tmp", F_OK, 0) = 0`,
		},
		{
			name:  "lseek_whence",
			setup: func(p *vfs.Process) { p.Open("/tmp/x", vfs.O_CREAT|vfs.O_RDWR, 0o644) },
			call:  func(p *vfs.Process) { p.Seek(3, 0, vfs.SEEK_END) },
			want:  `lseek(3, 0, SEEK_END) = 0`,
		},
		{
			name:  "fcntl_setfl_spells_the_flags",
			setup: func(p *vfs.Process) { p.Open("/tmp/x", vfs.O_CREAT|vfs.O_RDWR, 0o644) },
			call:  func(p *vfs.Process) { p.FcntlInt(3, vfs.F_SETFL, vfs.O_NONBLOCK|vfs.O_APPEND) },
			want:  `fcntl(3, F_SETFL, O_RDONLY|O_APPEND|O_NONBLOCK) = 0`,
		},
		{
			name:  "fcntl_getfl_spells_the_result",
			setup: func(p *vfs.Process) { p.Open("/tmp/x", vfs.O_CREAT|vfs.O_RDWR, 0o644) },
			call:  func(p *vfs.Process) { p.FcntlInt(3, vfs.F_GETFL, 0) },
			want:  `fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)`,
		},
		{
			name:  "dup3_cloexec",
			setup: func(p *vfs.Process) { p.Open("/tmp/x", vfs.O_CREAT|vfs.O_RDWR, 0o644) },
			call:  func(p *vfs.Process) { p.Dup3(3, 5, vfs.O_CLOEXEC) },
			want:  `dup3(3, 5, O_CLOEXEC) = 5`,
		},
		{
			name: "pipe2_flags",
			call: func(p *vfs.Process) { p.Pipe2(make([]int, 2), vfs.O_CLOEXEC|vfs.O_NONBLOCK) },
			want: `pipe2([3 4], O_NONBLOCK|O_CLOEXEC) = 0`,
		},
		{
			name:  "fchmodat_mode",
			setup: func(p *vfs.Process) { p.Mkdir("/tmp/d", 0o755) },
			call:  func(p *vfs.Process) { p.Chmod("/tmp/d", 0o2750) },
			want:  `fchmodat(AT_FDCWD, "/tmp/d", 02750) = 0`,
		},
		{
			name: "fstatat_symlink_nofollow",
			call: func(p *vfs.Process) { p.Fstatat(vfs.AT_FDCWD, "/tmp", new(vfs.Stat_t), vfs.AT_SYMLINK_NOFOLLOW) },
			want: `newfstatat(AT_FDCWD, "/tmp", AT_SYMLINK_NOFOLLOW) = 0`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, p := newSystem(t)
			if tc.setup != nil {
				tc.setup(p)
			}
			var out bytes.Buffer
			k.Trace(&out)
			tc.call(p)
			k.Trace(nil)
			require.Equal(t, "[1] "+tc.want+"\n", out.String())
		})
	}
}
