package procfs_test

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// BenchmarkOpenReadClose compares /proc/self/status with a small tmpfs
// file of about its size, open+read+close each, in one run.
func BenchmarkOpenReadClose(b *testing.B) {
	_, p := boot(b)
	status := readFile(b, p, "/proc/self/status")
	require.NoError(b, p.WriteFile("/tmp/small", []byte(status), 0o644))
	for _, path := range []string{"/proc/self/status", "/tmp/small"} {
		b.Run(path, func(b *testing.B) {
			buf := make([]byte, 4096)
			b.ReportAllocs()
			for b.Loop() {
				fd, err := p.Open(path, vfs.O_RDONLY, 0)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := p.Read(fd, buf); err != nil {
					b.Fatal(err)
				}
				p.Close(fd)
			}
		})
	}
}

// BenchmarkListFD lists /proc/self/fd with 100 and 10 000 fds open: the
// cost per fd stays flat when the listing is O(fds).
func BenchmarkListFD(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			_, p := boot(b)
			require.NoError(b, p.Setrlimit(vfs.RLIMIT_NOFILE, &vfs.Rlimit{Cur: 20000, Max: 20000}))
			for p.FDTable().Count() < n {
				_, err := p.Open("/tmp", vfs.O_RDONLY, 0)
				require.NoError(b, err)
			}
			buf := make([]byte, 64<<10)
			for b.Loop() {
				fd, err := p.Open("/proc/self/fd", vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
				if err != nil {
					b.Fatal(err)
				}
				for {
					m, err := p.Getdents(fd, buf)
					if err != nil {
						b.Fatal(err)
					}
					if m == 0 {
						break
					}
				}
				p.Close(fd)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/fd")
		})
	}
}
