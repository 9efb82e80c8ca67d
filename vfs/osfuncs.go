package vfs

import (
	"io"
	"io/fs"
	"path"
)

// The os package's file conveniences on a govfs process, with os's
// names, signatures and semantics (ported from Go's os, unix variant):
// relative names start at the process's cwd, permission checks are the
// process's, and errors are *fs.PathError wrapping the Errno, so
// errors.Is(err, fs.ErrNotExist) works.

// MkdirAll is os.MkdirAll: it makes path and any missing parents with
// perm (before the umask) and returns nil if path is already a
// directory. A non-directory in the way is ENOTDIR.
func (p *Process) MkdirAll(name string, perm fs.FileMode) error {
	// Fast path: if we can tell whether name is a directory or file,
	// stop with success or error.
	if fi, err := p.osStat("stat", name, 0); err == nil {
		if fi.IsDir() {
			return nil
		}
		return &fs.PathError{Op: "mkdir", Path: name, Err: ENOTDIR}
	}
	// Slow path: make sure the parent exists, then mkdir name.
	i := len(name) - 1
	for i >= 0 && name[i] == '/' {
		i--
	}
	for i >= 0 && name[i] != '/' {
		i--
	}
	if i < 0 {
		i = 0
	}
	if parent := name[:i]; len(parent) > 0 {
		if err := p.MkdirAll(parent, perm); err != nil {
			return err
		}
	}
	if err := p.Mkdir(name, unixMode(perm)); err != nil {
		// "foo/." fails with EEXIST though it is a directory.
		if fi, err1 := p.osStat("lstat", name, AT_SYMLINK_NOFOLLOW); err1 == nil && fi.IsDir() {
			return nil
		}
		return &fs.PathError{Op: "mkdir", Path: name, Err: err}
	}
	return nil
}

// osStat is os.Stat (flags 0) or os.Lstat (AT_SYMLINK_NOFOLLOW).
func (p *Process) osStat(op, name string, flags int) (fs.FileInfo, error) {
	var st Stat_t
	if err := p.Fstatat(AT_FDCWD, name, &st, flags); err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return newFileInfo(path.Base(name), &st), nil
}

// ReadFile is os.ReadFile: the whole file, and nil (not io.EOF) at its
// end.
func (p *Process) ReadFile(name string) ([]byte, error) {
	h, err := p.openHandle(name, O_RDONLY, 0)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	size := 512
	if fi, err := h.Stat(); err == nil && fi.Size() >= int64(size) && int64(int(fi.Size())) == fi.Size() {
		size = int(fi.Size()) + 1 // one byte for the read that sees the end
	}
	data := make([]byte, 0, size)
	for {
		n, err := h.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return data, err
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
	}
}

// WriteFile is os.WriteFile: it creates name with perm (before the
// umask) or truncates it, keeping its mode, and writes data.
func (p *Process) WriteFile(name string, data []byte, perm fs.FileMode) error {
	h, err := p.openHandle(name, O_WRONLY|O_CREAT|O_TRUNC, perm)
	if err != nil {
		return err
	}
	_, err = h.Write(data)
	if err1 := h.Close(); err1 != nil && err == nil {
		err = err1
	}
	return err
}

// Remove is os.Remove: it unlinks name, or removes it as an empty
// directory. When both fail it reports rmdir's error, unless that is
// ENOTDIR (name is no directory), in which case unlink's.
func (p *Process) Remove(name string) error {
	e := p.Unlink(name)
	if e == nil {
		return nil
	}
	e1 := p.Rmdir(name)
	if e1 == nil {
		return nil
	}
	// unlink(dir) says EISDIR on Linux and EPERM elsewhere, but rmdir of
	// a non-directory is ENOTDIR everywhere, so that decides.
	if e1 != ENOTDIR {
		e = e1
	}
	return &fs.PathError{Op: "remove", Path: name, Err: e}
}
