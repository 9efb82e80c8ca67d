package devfs_test

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/govfs/govfs/vfs"
)

// BenchmarkZeroToNull copies 64 KiB from /dev/zero to /dev/null per op,
// one read(2) and one write(2), on the host kernel and then on govfs in
// the same run; the govfs case reports x_kernel, the kernel's ns/op
// over govfs's (above 1: govfs is faster). The kernel pays two system
// calls and clears 64 KiB; govfs pays two fd lookups and the clear.
func BenchmarkZeroToNull(b *testing.B) {
	const size = 64 << 10
	var kernelNs float64
	b.Run("kernel", func(b *testing.B) {
		z, err := unix.Open("/dev/zero", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			b.Skip("no /dev/zero:", err)
		}
		defer unix.Close(z)
		n, err := unix.Open("/dev/null", unix.O_WRONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			b.Skip("no /dev/null:", err)
		}
		defer unix.Close(n)
		buf := make([]byte, size)
		b.SetBytes(size)
		for b.Loop() {
			if _, err := unix.Read(z, buf); err != nil {
				b.Fatal(err)
			}
			if _, err := unix.Write(n, buf); err != nil {
				b.Fatal(err)
			}
		}
		kernelNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("govfs", func(b *testing.B) {
		_, p := boot(b)
		z, err := p.Open("/dev/zero", vfs.O_RDONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		n, err := p.Open("/dev/null", vfs.O_WRONLY, 0)
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, size)
		b.SetBytes(size)
		for b.Loop() {
			if _, err := p.Read(z, buf); err != nil {
				b.Fatal(err)
			}
			if _, err := p.Write(n, buf); err != nil {
				b.Fatal(err)
			}
		}
		ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if kernelNs > 0 {
			b.ReportMetric(kernelNs/ns, "x_kernel")
		}
	})
}
