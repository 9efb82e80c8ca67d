package pipefs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestPipeLayout pins what a read and a write touch on one cache line:
// the lock, the ring and the two offsets that change with each call
// (pipe.roff, pipe.wend) fill the pipe's first 64 bytes, and the pipe
// is allocated in a size class whose objects start on a line.
func TestPipeLayout(t *testing.T) {
	var p pipe
	require.Equal(t, uintptr(64), unsafe.Offsetof(p.readers), "the hot fields fill the first line")
	require.Zero(t, unsafe.Sizeof(p)%64, "a multiple of 64 bytes starts on a line")
	for range 8 {
		layoutSink = newPipe() // on the heap, as a real pipe is
		require.Zero(t, uintptr(unsafe.Pointer(layoutSink))%64, "a new pipe starts on a line")
	}
}

var layoutSink *pipe
