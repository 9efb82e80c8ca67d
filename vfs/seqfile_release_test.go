package vfs

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSeqFileReleasedTwicePanics: SeqFiles are recycled, so one put back
// twice would be handed to two opens, which would then read each other's
// bytes. That is a bug in a backend's release path, and it panics
// instead of mixing two files' contents.
func TestSeqFileReleasedTwicePanics(t *testing.T) {
	g := &GenFile{Generate: func(dst []byte) ([]byte, error) { return append(dst, "x\n"...), nil }}
	s, err := g.OpenSeq(&File{fmode: fmodeRead})
	require.NoError(t, err)
	s.put()
	require.PanicsWithValue(t, "vfs: a SeqFile released twice", s.put)
}
