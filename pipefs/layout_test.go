package pipefs

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// TestPipeLayoutKeepsHotFieldsOnOneLine checks the layout pipe's doc
// promises: what a small read or write changes fits the first cache
// line, and the size is a size class whose objects start on one.
func TestPipeLayoutKeepsHotFieldsOnOneLine(t *testing.T) {
	var p pipe
	require.LessOrEqual(t, unsafe.Offsetof(p.writers)+unsafe.Sizeof(p.writers), uintptr(64))
	require.EqualValues(t, 64, unsafe.Offsetof(p.rCounter))
	require.EqualValues(t, 128, unsafe.Sizeof(p))
}
