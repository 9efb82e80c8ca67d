//go:build !race

package pipefs_test

const raceEnabled = false
