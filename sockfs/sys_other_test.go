//go:build !linux

package sockfs_test

func hostErrno(error) (int, bool) { return 0, false }
