package procfs_test

import (
	"testing"

	"github.com/govfs/govfs/vfs"
)

// A read of a sysctl costs about what a read of a small tmpfs file does
// (open+read+close); the issue asks for within 2×.
func BenchmarkSysctlRead(b *testing.B) {
	for _, bc := range []struct{ name, path string }{
		{"tmpfs", "/tmp/small"},
		{"tmpfs_depth4", "/tmp/a/b/small"},
		{"proc_sys", "/proc/sys/fs/pipe-max-size"},
		{"sysfs", "/sys/class/mem/null/dev"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			_, p := bootProcSys(b)
			for _, d := range []string{"/tmp/a", "/tmp/a/b"} {
				if err := p.Mkdir(d, 0o755); err != nil {
					b.Fatal(err)
				}
			}
			for _, f := range []string{"/tmp/small", "/tmp/a/b/small"} {
				if err := p.WriteFile(f, []byte("1048576\n"), 0o644); err != nil {
					b.Fatal(err)
				}
			}
			buf := make([]byte, 64)
			b.ReportAllocs()
			for b.Loop() {
				fd, err := p.Open(bc.path, vfs.O_RDONLY, 0)
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
