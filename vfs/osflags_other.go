//go:build !linux && !darwin

package vfs

// hostOpenFlags elsewhere: only the os package's own names translate.
var hostOpenFlags []openFlagMap
