package procfs_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	_, p := boot(t)
	t.Log(readFile(t, p, "/proc/self/status"))
	t.Log(readFile(t, p, "/proc/self/stat"))
	t.Log(readFile(t, p, "/proc/self/mountinfo"))
	t.Log(readFile(t, p, "/proc/mounts"))
	t.Log(readFile(t, p, "/proc/self/fdinfo/0"))
	t.Log(readlink(t, p, "/proc/self/fd/0"), readlink(t, p, "/proc/self"), readlink(t, p, "/proc/self/cwd"))
	t.Log(listDir(t, p, "/proc"), listDir(t, p, "/proc/self/fd"), listDir(t, p, "/proc/1"))
	t.Log(readFile(t, p, "/proc/filesystems"), readFile(t, p, "/proc/uptime"), readFile(t, p, "/proc/meminfo"), readFile(t, p, "/proc/1/limits"))
	require.Equal(t, strconv.Itoa(p.Pid()), readlink(t, p, "/proc/self"))
}
