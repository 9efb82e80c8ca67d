package vfs

import (
	"io/fs"
	"path"
	"strings"
	"time"
)

// The io/fs views of what the kernel reports: fs.DirEntry from
// getdents64 records, fs.FileInfo and fs.FileMode from struct stat.

// dirEntry is an fs.DirEntry from getdents; Info stats lazily.
//
// Info looks the entry up by path, as os's DirEntry does with lstat,
// and not through the directory's fd: fs.WalkDir calls Info after
// ReadDir has closed the directory, when the fd number may already name
// another file. So, like os, a relative directory name is resolved from
// the cwd at the time of Info.
type dirEntry struct {
	p       *Process
	dir     string // the directory's path as the process opened it
	dirName string // the directory's name for errors
	name    string
	typ     uint32 // S_IF* bits from d_type
}

func (d *dirEntry) Name() string      { return d.name }
func (d *dirEntry) IsDir() bool       { return d.typ == S_IFDIR }
func (d *dirEntry) Type() fs.FileMode { return fileMode(d.typ).Type() }
func (d *dirEntry) String() string    { return fs.FormatDirEntry(d) }

func (d *dirEntry) Info() (fs.FileInfo, error) {
	full := d.dir + "/" + d.name
	if strings.HasSuffix(d.dir, "/") {
		full = d.dir + d.name
	}
	var st Stat_t
	if err := d.p.Fstatat(AT_FDCWD, full, &st, AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: path.Join(d.dirName, d.name), Err: err}
	}
	return newFileInfo(d.name, &st), nil
}

// fileInfo is an fs.FileInfo from a Stat_t; Sys returns the *Stat_t.
type fileInfo struct {
	name string
	st   Stat_t
}

func newFileInfo(name string, st *Stat_t) *fileInfo { return &fileInfo{name: name, st: *st} }

func (fi *fileInfo) Name() string       { return fi.name }
func (fi *fileInfo) Size() int64        { return fi.st.Size }
func (fi *fileInfo) Mode() fs.FileMode  { return fileMode(fi.st.Mode) }
func (fi *fileInfo) ModTime() time.Time { return time.Unix(fi.st.Mtim.Sec, fi.st.Mtim.Nsec) }
func (fi *fileInfo) IsDir() bool        { return fi.st.Mode&S_IFMT == S_IFDIR }
func (fi *fileInfo) Sys() any           { return &fi.st }
func (fi *fileInfo) String() string     { return fs.FormatFileInfo(fi) }

// fileMode converts mode_t to fs.FileMode as package os does.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & S_IFMT {
	case S_IFBLK:
		mode |= fs.ModeDevice
	case S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case S_IFDIR:
		mode |= fs.ModeDir
	case S_IFIFO:
		mode |= fs.ModeNamedPipe
	case S_IFLNK:
		mode |= fs.ModeSymlink
	case S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
