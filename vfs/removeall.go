package vfs

import (
	"errors"
	"io"
	"io/fs"
)

// RemoveAll is os.RemoveAll: it removes name and everything below it,
// without following symlinks. A name that does not exist is success
// (nil). It removes what it can and returns the first error; a path
// ending in "." is EINVAL, as rmdir refuses ".". Like os, it works
// through directory fds (unlinkat, openat with O_NOFOLLOW), so a
// directory renamed or replaced by a symlink meanwhile cannot lead it
// outside the tree.
func (p *Process) RemoveAll(name string) error {
	if name == "" {
		return nil // os keeps this quiet for compatibility (go.dev/issue/28830)
	}
	if endsWithDot(name) {
		return &fs.PathError{Op: "RemoveAll", Path: name, Err: EINVAL}
	}
	err := p.Remove(name)
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	parentDir, base := splitPath(name)
	parent, err := p.openHandle(parentDir, O_RDONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no parent, so no base either
	}
	if err != nil {
		return err
	}
	defer parent.Close()
	if err := p.removeAllFrom(parent.fd, base); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			pe.Path = parentDir + "/" + pe.Path
		}
		return err
	}
	return nil
}

// removeAllFrom removes base, which is in the directory parentFd, and
// all below it.
func (p *Process) removeAllFrom(parentFd int, base string) error {
	err := p.Unlinkat(parentFd, base, 0)
	if err == nil || err == ENOENT {
		return nil
	}
	// EISDIR: a directory, whose entries must go first. EPERM or EACCES:
	// no write permission on the parent, but base may still be a
	// directory whose contents can be removed.
	if err != EISDIR && err != EPERM && err != EACCES {
		return &fs.PathError{Op: "unlinkat", Path: base, Err: err}
	}
	uErr := err

	var recurseErr error
	for {
		const reqSize = 1024
		var respSize int
		dir, err := p.openDirAt(parentFd, base)
		if err != nil {
			if err == ENOENT {
				return nil
			}
			if err == ENOTDIR {
				return &fs.PathError{Op: "unlinkat", Path: base, Err: uErr}
			}
			if err == ELOOP {
				err = uErr // a symlink: not a user-visible error
			}
			recurseErr = &fs.PathError{Op: "openfdat", Path: base, Err: err}
			break
		}
		for {
			numErr := 0
			ents, readErr := dir.ReadDir(reqSize)
			if readErr != nil && readErr != io.EOF {
				dir.Close()
				if errors.Is(readErr, fs.ErrNotExist) {
					return nil
				}
				return &fs.PathError{Op: "readdirnames", Path: base, Err: readErr}
			}
			respSize = len(ents)
			for _, e := range ents {
				if err := p.removeAllFrom(dir.fd, e.Name()); err != nil {
					var pe *fs.PathError
					if errors.As(err, &pe) {
						pe.Path = base + "/" + pe.Path
					}
					numErr++
					if recurseErr == nil {
						recurseErr = err
					}
				}
			}
			// If any entry went, start over; else read on past the
			// entries that cannot go.
			if numErr != reqSize {
				break
			}
		}
		// Removing entries may reorder the directory, so reading on could
		// skip some; only reopening is reliable (go.dev/issue/20841).
		dir.Close()
		if respSize < reqSize {
			break
		}
	}

	err = p.Unlinkat(parentFd, base, AT_REMOVEDIR)
	if err == nil || err == ENOENT {
		return nil
	}
	if recurseErr != nil {
		return recurseErr
	}
	return &fs.PathError{Op: "unlinkat", Path: base, Err: err}
}

// openDirAt opens the directory name in dirfd, refusing symlinks; a
// symlink comes back as ELOOP, any other non-directory as ENOTDIR.
func (p *Process) openDirAt(dirfd int, name string) (*FileHandle, error) {
	fd, err := p.Openat(dirfd, name, O_RDONLY|O_CLOEXEC|O_DIRECTORY|O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	return &FileHandle{p: p, fd: fd, name: name, path: name}, nil
}

// endsWithDot reports whether the final element of path is ".".
func endsWithDot(path string) bool {
	if path == "." {
		return true
	}
	return len(path) >= 2 && path[len(path)-1] == '.' && path[len(path)-2] == '/'
}

// splitPath splits path into its parent directory and final element,
// as os does: splitPath("a/b//") = ("a", "b"), splitPath("b") = (".", "b"),
// splitPath("//b") = ("/", "b").
func splitPath(path string) (string, string) {
	dirname := "."
	for len(path) > 1 && path[0] == '/' && path[1] == '/' {
		path = path[1:]
	}
	i := len(path) - 1
	for ; i > 0 && path[i] == '/'; i-- {
		path = path[:i]
	}
	basename := path
	for i--; i >= 0; i-- {
		if path[i] == '/' {
			if i == 0 {
				dirname = path[:1]
			} else {
				dirname = path[:i]
			}
			basename = path[i+1:]
			break
		}
	}
	return dirname, basename
}
