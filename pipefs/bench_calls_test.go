package pipefs_test

import "testing"

// BenchmarkPipeCalls times one write(2) of 64 bytes and one read(2) of
// them on the same goroutine: the cost of the two calls themselves, with
// no hand-off between goroutines and no cache line moving between cores.
// It is BenchmarkPipe at 64 B with the scheduler and the other core
// taken out, so a change to the call path shows here first.
func BenchmarkPipeCalls(b *testing.B) {
	p := boot(b)
	r, w := pipe(b, p, 0)
	src, dst := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Write(w, src); err != nil {
			b.Fatal(err)
		}
		if n, err := p.Read(r, dst); err != nil || n != 64 {
			b.Fatal(n, err)
		}
	}
}
