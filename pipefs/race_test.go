//go:build race

package pipefs_test

// The race detector makes sync.Pool drop items at random, so reuse
// cannot be counted under it.
const raceEnabled = true
