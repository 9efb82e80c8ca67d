package vfs

import (
	"errors"
	"io/fs"
	"strconv"
)

// Errno is a Linux error number. Every failing call in govfs returns one
// (wrapped in *fs.PathError only at the Go-idiomatic layer), numbered as
// Linux numbers them, so code written against x/sys/unix can compare
// errors the same way on both sides.
type Errno uintptr

// Error returns the strerror text, spelled as Go's syscall.Errno spells
// it ("no such file or directory").
func (e Errno) Error() string {
	if int(e) < len(errnoText) && errnoText[e] != "" {
		return errnoText[e]
	}
	return "errno " + strconv.Itoa(int(e))
}

// Name returns the symbolic name, "ENOENT".
func (e Errno) Name() string {
	if int(e) < len(errnoName) && errnoName[e] != "" {
		return errnoName[e]
	}
	return "E" + strconv.Itoa(int(e))
}

// Is makes errors.Is(err, fs.ErrNotExist) and friends work the way they
// do for syscall.Errno.
func (e Errno) Is(target error) bool {
	switch target {
	case fs.ErrPermission:
		return e == EACCES || e == EPERM
	case fs.ErrExist:
		return e == EEXIST || e == ENOTEMPTY
	case fs.ErrNotExist:
		return e == ENOENT
	case errors.ErrUnsupported:
		return e == ENOSYS || e == ENOTSUP || e == EOPNOTSUPP
	}
	return false
}

// Timeout reports whether the error means "try again later", as
// syscall.Errno does.
func (e Errno) Timeout() bool {
	return e == EAGAIN || e == ETIMEDOUT
}

// Temporary reports whether the call may succeed if repeated.
func (e Errno) Temporary() bool {
	return e == EINTR || e == EMFILE || e == ENFILE || e.Timeout()
}

// ErrnoOf extracts the Errno from err (through any wrapping); 0 for nil,
// and EIO for an error that carries no errno.
func ErrnoOf(err error) Errno {
	if err == nil {
		return 0
	}
	var e Errno
	if errors.As(err, &e) {
		return e
	}
	return EIO
}
