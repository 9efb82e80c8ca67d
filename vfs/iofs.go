package vfs

import (
	"io"
	"io/fs"
	"slices"
	"strings"
)

// FS returns the process's view of the tree as an fs.FS rooted at its
// root directory: the name "tmp/x" is the path "/tmp/x". It is also an
// fs.StatFS, fs.ReadDirFS, fs.ReadFileFS and fs.ReadLinkFS, and passes
// testing/fstest.TestFS.
func (p *Process) FS() fs.FS { return processFS{p} }

type processFS struct{ p *Process }

var (
	_ fs.StatFS     = processFS{}
	_ fs.ReadDirFS  = processFS{}
	_ fs.ReadFileFS = processFS{}
	_ fs.ReadLinkFS = processFS{}
)

// abs maps an fs.FS name to a path from the process root.
func (f processFS) abs(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name == "." {
		return "/", nil
	}
	return "/" + name, nil
}

func (f processFS) Open(name string) (fs.File, error) {
	p, err := f.abs("open", name)
	if err != nil {
		return nil, err
	}
	h, err := f.p.openHandle(p, O_RDONLY, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err.(*fs.PathError).Err}
	}
	h.name = name
	return h, nil
}

func (f processFS) Stat(name string) (fs.FileInfo, error) {
	return f.stat("stat", name, 0)
}

func (f processFS) Lstat(name string) (fs.FileInfo, error) {
	return f.stat("lstat", name, AT_SYMLINK_NOFOLLOW)
}

func (f processFS) stat(op, name string, flags int) (fs.FileInfo, error) {
	p, err := f.abs(op, name)
	if err != nil {
		return nil, err
	}
	var st Stat_t
	if err := f.p.Fstatat(AT_FDCWD, p, &st, flags); err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	base := name[strings.LastIndexByte(name, '/')+1:]
	return newFileInfo(base, &st), nil
}

func (f processFS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	list, err := file.(*FileHandle).ReadDir(-1)
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, err
}

func (f processFS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return io.ReadAll(file)
}

func (f processFS) ReadLink(name string) (string, error) {
	p, err := f.abs("readlink", name)
	if err != nil {
		return "", err
	}
	buf := make([]byte, PathMax)
	n, err := f.p.Readlink(p, buf)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return string(buf[:n]), nil
}
