package bin_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

// The same small tree and the same commands, on the host with its
// coreutils and grep (LC_ALL=C) and in govfs with package bin: what
// they print must agree.

// diffTree is built in both: name, mode (S_IF* and bits), data or
// symlink target.
var diffTree = []struct {
	name string
	mode uint32
	data string
}{
	{"dir", vfs.S_IFDIR | 0o755, ""},
	{"dir/sub", vfs.S_IFDIR | 0o750, ""},
	{"sticky", vfs.S_IFDIR | 0o1777, ""},
	{"file", vfs.S_IFREG | 0o644, "foo bar\nbaz\n\nFoo  qux quux\naab ab\nlast line no newline"},
	{"other", vfs.S_IFREG | 0o600, "x\ny\nfoo\n1 2 3\n"},
	{"suid", vfs.S_IFREG | 0o4755, "#!\n"},
	{"sgid", vfs.S_IFREG | 0o2644, ""},
	{"fifo", vfs.S_IFIFO | 0o640, ""},
	{"link", vfs.S_IFLNK, "file"},
	{"dangling", vfs.S_IFLNK, "nowhere/at/all"},
	{"hard", 0, "file"}, // a hard link to data
}

func buildHostTree(t *testing.T) string {
	base := "/dev/shm"
	if _, err := os.Stat(base); err != nil {
		base = ""
	}
	dir, err := os.MkdirTemp(base, "govfs-bin-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	for _, e := range diffTree {
		path := filepath.Join(dir, e.name)
		switch e.mode & vfs.S_IFMT {
		case vfs.S_IFDIR:
			require.NoError(t, os.Mkdir(path, 0o700))
		case vfs.S_IFREG:
			require.NoError(t, os.WriteFile(path, []byte(e.data), 0o600))
		case vfs.S_IFIFO:
			require.NoError(t, unix.Mkfifo(path, 0o600))
		case vfs.S_IFLNK:
			require.NoError(t, os.Symlink(e.data, path))
			continue
		default:
			require.NoError(t, os.Link(filepath.Join(dir, e.data), path))
			continue
		}
		require.NoError(t, unix.Chmod(path, e.mode&0o7777))
	}
	return dir
}

func buildGovfsTree(t *testing.T, p *vfs.Process, dir string) {
	require.NoError(t, p.Mkdir(dir, 0o755))
	for _, e := range diffTree {
		path := dir + "/" + e.name
		switch e.mode & vfs.S_IFMT {
		case vfs.S_IFDIR:
			require.NoError(t, p.Mkdir(path, 0o700))
		case vfs.S_IFREG:
			require.NoError(t, p.WriteFile(path, []byte(e.data), 0o600))
		case vfs.S_IFIFO:
			require.NoError(t, p.Mkfifo(path, 0o600))
		case vfs.S_IFLNK:
			require.NoError(t, p.Symlink(e.data, path))
			continue
		default:
			require.NoError(t, p.Link(dir+"/"+e.data, path))
			continue
		}
		require.NoError(t, p.Chmod(path, e.mode&0o7777))
	}
}

// host runs a command in dir with the C locale and UTC.
func host(t *testing.T, dir, stdin string, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = []string{"LC_ALL=C", "TZ=UTC", "PATH=/usr/bin:/bin"}
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Skipf("host %s: %v", argv[0], err)
	}
	return out.String(), errb.String(), code
}

// lsFields is what both ls -l lines must agree on: mode string, link
// count, owner and group when the test runs as root (as govfs's init
// does), size (not for directories, whose size each filesystem picks),
// name and symlink target; times differ by design.
func lsFields(t *testing.T, out string) []string {
	var got []string
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) < 9 || f[0] == "total" || f[len(f)-1] == ".." { // the parents differ
			continue
		}
		size := f[4]
		if f[0][0] == 'd' {
			size = "-"
		}
		owner := "-"
		if os.Geteuid() == 0 {
			owner = f[2] + ":" + f[3]
		}
		got = append(got, strings.Join(append([]string{f[0], f[1], owner, size}, f[8:]...), " "))
	}
	return got
}

// statFields is what both stat outputs must agree on: the File line,
// the file type, the link count, and the Access line (its Uid and Gid
// only as root).
func statFields(out string) []string {
	lines := strings.Split(out, "\n")
	if len(lines) < 4 {
		return lines
	}
	_, typ, _ := strings.Cut(lines[1], "IO Block: ")
	_, links, _ := strings.Cut(lines[2], "Links: ")
	access := lines[3]
	if os.Geteuid() != 0 {
		access, _, _ = strings.Cut(access, "Uid")
	}
	return []string{lines[0], strings.TrimLeft(typ, "0123456789 "), links, access}
}

func TestDifferentialAgainstHost(t *testing.T) {
	hostDir := buildHostTree(t)
	k, err := govfs.Boot()
	require.NoError(t, err)
	defer k.Shutdown()
	init := k.Init()
	buildGovfsTree(t, init, "/tree")
	require.NoError(t, init.Chdir("/tree"))

	t.Run("ls_-la_modes_links_sizes_targets", func(t *testing.T) {
		for _, args := range [][]string{{"ls", "-la"}, {"ls", "-l", "dir"}, {"ls", "-ld", "dir", "sticky", "link"}, {"ls", "-a"}, {"ls", "-A", "dir", "file"}} {
			hout, _, hcode := host(t, hostDir, "", args...)
			gout, _, gcode := run(t, init, "", args...)
			require.Equal(t, hcode, gcode, "%v", args)
			if args[1] == "-a" || args[1] == "-A" {
				require.Equal(t, hout, gout, "%v", args)
				continue
			}
			require.Equal(t, lsFields(t, hout), lsFields(t, gout), "%v", args)
		}
	})
	t.Run("stat_names_types_and_modes", func(t *testing.T) {
		for _, name := range []string{"file", "link", "dangling", "fifo", "dir", "sticky", "suid", "sgid", "hard"} {
			hout, _, hcode := host(t, hostDir, "", "stat", name)
			gout, _, gcode := run(t, init, "", "stat", name)
			require.Equal(t, hcode, gcode, name)
			require.Equal(t, statFields(hout), statFields(gout), name)
		}
	})
	t.Run("ls_missing_operand", func(t *testing.T) {
		hout, herr, hcode := host(t, hostDir, "", "ls", "nope", "file")
		gout, gerr, gcode := run(t, init, "", "ls", "nope", "file")
		require.Equal(t, [3]any{hout, herr, hcode}, [3]any{gout, gerr, gcode})
	})
	for _, tc := range []struct {
		stdin string
		argv  []string
	}{
		{"", []string{"wc", "file"}},
		{"", []string{"wc", "file", "other", "nope"}},
		{"", []string{"wc", "-l", "file", "other"}},
		{"", []string{"wc", "-w", "file"}},
		{"", []string{"wc", "-c", "-l", "other"}},
		{"one two\nthree\n", []string{"wc"}},
		{"one two\nthree\n", []string{"wc", "-l"}},
		{"", []string{"head", "-n", "3", "file"}},
		{"", []string{"head", "-c", "5", "file", "other"}},
		{"", []string{"head", "-n", "-2", "file"}},
		{"", []string{"head", "file", "nope"}},
		{"", []string{"head", "-2", "other"}},
		{"a\nb\nc\n", []string{"head", "-n", "1"}},
		{"", []string{"grep", "foo", "file"}},
		{"", []string{"grep", "-n", "foo", "file", "other"}},
		{"", []string{"grep", "-i", "foo", "file"}},
		{"", []string{"grep", "-v", "foo", "file"}},
		{"", []string{"grep", "-c", "o", "file", "other"}},
		{"", []string{"grep", "-l", "foo", "file", "other", "dir"}},
		{"", []string{"grep", `a\+b`, "file"}},
		{"", []string{"grep", "-E", "^(x|y)$", "other"}},
		{"", []string{"grep", "-w", "ab", "file"}},
		{"", []string{"grep", "-x", "baz", "file"}},
		{"", []string{"grep", "[[:digit:]] [0-9]", "other"}},
		{"", []string{"grep", "zzz", "file"}},
		{"", []string{"grep", "foo", "nope", "file"}},
		{"", []string{"grep", "-q", "foo", "nope", "file"}},
		{"", []string{"grep", "-h", "foo", "file", "other"}},
		{"x\nfoo\n", []string{"grep", "-n", "foo"}},
	} {
		t.Run(strings.Join(tc.argv, "_"), func(t *testing.T) {
			hout, herr, hcode := host(t, hostDir, tc.stdin, tc.argv...)
			gout, gerr, gcode := run(t, init, tc.stdin, tc.argv...)
			require.Equal(t, hout, gout, "stdout")
			require.Equal(t, herr, gerr, "stderr")
			require.Equal(t, hcode, gcode, "exit status")
		})
	}
}
