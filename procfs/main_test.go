package procfs_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if a test leaves a goroutine behind: the
// console's reader goroutine must end with its input.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
