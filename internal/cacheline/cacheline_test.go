package cacheline_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/internal/cacheline"
)

func TestRoundTrip(t *testing.T) {
	t.Run("is_zero_without_two_CPUs", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
		require.Zero(t, cacheline.RoundTrip(100))
	})
	t.Run("is_positive_with_two_CPUs", func(t *testing.T) {
		if runtime.NumCPU() < 2 {
			t.Skip("needs two CPUs")
		}
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
		require.Positive(t, cacheline.RoundTrip(1000))
	})
	t.Run("is_zero_for_no_rounds", func(t *testing.T) {
		require.Zero(t, cacheline.RoundTrip(0))
	})
}
