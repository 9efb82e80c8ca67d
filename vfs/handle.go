package vfs

import (
	"io"
	"io/fs"
	"path"
	"sync"
)

// FileHandle is the Go-idiomatic handle on an fd: the *os.File of govfs.
// It is an io.Reader, io.Writer, io.Seeker, io.ReaderAt, io.WriterAt and
// io.Closer, and an fs.ReadDirFile. Errors are *fs.PathError wrapping the
// Errno. Name is what was passed to OpenFile and never changes, even if
// the file is renamed.
type FileHandle struct {
	p    *Process
	fd   int
	name string // what Name reports and errors carry
	path string // the path the process opened, for DirEntry.Info

	mu      sync.Mutex // guards closed and the ReadDir buffer
	closed  bool
	dirents []fs.DirEntry
	dirEOF  bool
}

// OpenFile is os.OpenFile on govfs. name is resolved like any path of
// the process (a relative one from its cwd). flag takes the os.O_* flags
// of the platform the program runs on (os.O_RDONLY, O_WRONLY, O_RDWR,
// O_APPEND, O_CREATE, O_EXCL, O_SYNC, O_TRUNC), translated to Linux's,
// so code written for os.OpenFile works unchanged even on darwin, where
// os.O_CREATE has the number of Linux's O_TRUNC. The host's own
// syscall.O_* flags that Linux shares (O_NONBLOCK, O_NOFOLLOW,
// O_DIRECTORY, O_CLOEXEC, ... on linux and darwin) translate too; any
// other bit is EINVAL rather than a guess. Do not pass vfs.O_* here:
// those are Linux's numbers, for Open and Openat.
//
// perm becomes the mode as in os: its permission bits, and ModeSetuid,
// ModeSetgid and ModeSticky as S_ISUID, S_ISGID and S_ISVTX; other mode
// bits are ignored, and the process's umask applies. Like os's, the fd
// is close-on-exec. Errors are *fs.PathError with Op "open".
func (p *Process) OpenFile(name string, flag int, perm fs.FileMode) (*FileHandle, error) {
	lflag, err := linuxOpenFlags(flag)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return p.openHandle(name, lflag, perm)
}

// openHandle is OpenFile with Linux's flags.
func (p *Process) openHandle(name string, flag int, perm fs.FileMode) (*FileHandle, error) {
	fd, err := p.Open(name, flag|O_CLOEXEC, unixMode(perm))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &FileHandle{p: p, fd: fd, name: name, path: name}, nil
}

// unixMode converts Go's FileMode permission and special bits to mode_t.
func unixMode(m fs.FileMode) uint32 {
	mode := uint32(m.Perm())
	if m&fs.ModeSetuid != 0 {
		mode |= S_ISUID
	}
	if m&fs.ModeSetgid != 0 {
		mode |= S_ISGID
	}
	if m&fs.ModeSticky != 0 {
		mode |= S_ISVTX
	}
	return mode
}

// Name returns the name the file was opened with.
func (h *FileHandle) Name() string { return h.name }

// Fd returns the fd number in the process's table.
func (h *FileHandle) Fd() int { return h.fd }

func (h *FileHandle) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return &fs.PathError{Op: op, Path: h.name, Err: err}
}

func (h *FileHandle) check(op string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return &fs.PathError{Op: op, Path: h.name, Err: fs.ErrClosed}
	}
	return nil
}

// Read reads up to len(b) bytes; at end of file it returns 0, io.EOF.
func (h *FileHandle) Read(b []byte) (int, error) {
	if err := h.check("read"); err != nil {
		return 0, err
	}
	n, err := h.p.Read(h.fd, b)
	if err != nil {
		return 0, h.wrap("read", err)
	}
	if n == 0 && len(b) > 0 {
		return 0, io.EOF
	}
	return n, nil
}

// ReadAt reads len(b) bytes at off, or fewer with io.EOF.
func (h *FileHandle) ReadAt(b []byte, off int64) (int, error) {
	if err := h.check("read"); err != nil {
		return 0, err
	}
	total := 0
	for total < len(b) {
		n, err := h.p.Pread(h.fd, b[total:], off+int64(total))
		if err != nil {
			return total, h.wrap("read", err)
		}
		if n == 0 {
			return total, io.EOF
		}
		total += n
	}
	return total, nil
}

// Write writes all of b or returns an error.
func (h *FileHandle) Write(b []byte) (int, error) {
	if err := h.check("write"); err != nil {
		return 0, err
	}
	total := 0
	for total < len(b) {
		n, err := h.p.Write(h.fd, b[total:])
		total += n
		if err != nil {
			return total, h.wrap("write", err)
		}
	}
	return total, nil
}

// WriteString writes s.
func (h *FileHandle) WriteString(s string) (int, error) { return h.Write([]byte(s)) }

// WriteAt writes b at off.
func (h *FileHandle) WriteAt(b []byte, off int64) (int, error) {
	if err := h.check("write"); err != nil {
		return 0, err
	}
	total := 0
	for total < len(b) {
		n, err := h.p.Pwrite(h.fd, b[total:], off+int64(total))
		total += n
		if err != nil {
			return total, h.wrap("write", err)
		}
	}
	return total, nil
}

// Seek sets the offset for the next Read or Write.
func (h *FileHandle) Seek(offset int64, whence int) (int64, error) {
	if err := h.check("seek"); err != nil {
		return 0, err
	}
	h.mu.Lock()
	h.dirents, h.dirEOF = nil, false
	h.mu.Unlock()
	off, err := h.p.Seek(h.fd, offset, whence)
	return off, h.wrap("seek", err)
}

// Truncate changes the file's size.
func (h *FileHandle) Truncate(size int64) error {
	if err := h.check("truncate"); err != nil {
		return err
	}
	return h.wrap("truncate", h.p.Ftruncate(h.fd, size))
}

// Sync is fsync(2).
func (h *FileHandle) Sync() error {
	if err := h.check("sync"); err != nil {
		return err
	}
	return h.wrap("sync", h.p.Fsync(h.fd))
}

// Close closes the fd; a second Close returns fs.ErrClosed.
func (h *FileHandle) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return &fs.PathError{Op: "close", Path: h.name, Err: fs.ErrClosed}
	}
	h.closed = true
	h.mu.Unlock()
	return h.wrap("close", h.p.Close(h.fd))
}

// Stat describes the open file.
func (h *FileHandle) Stat() (fs.FileInfo, error) {
	if err := h.check("stat"); err != nil {
		return nil, err
	}
	var st Stat_t
	if err := h.p.Fstat(h.fd, &st); err != nil {
		return nil, h.wrap("stat", err)
	}
	return newFileInfo(path.Base(h.name), &st), nil
}

// ReadDir reads the directory's entries in directory order, like
// os.File.ReadDir: n > 0 returns at most n and io.EOF at the end; n <= 0
// returns all that remain.
func (h *FileHandle) ReadDir(n int) ([]fs.DirEntry, error) {
	if err := h.check("readdirent"); err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	buf := make([]byte, 8192)
	for (n <= 0 || len(h.dirents) < n) && !h.dirEOF {
		cnt, err := h.p.Getdents(h.fd, buf)
		if err != nil {
			return nil, h.wrap("readdirent", err)
		}
		if cnt == 0 {
			h.dirEOF = true
			break
		}
		h.dirents = appendDirents(h.dirents, buf[:cnt], h)
	}
	out := h.dirents
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	h.dirents = h.dirents[len(out):]
	if n > 0 && len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

func appendDirents(list []fs.DirEntry, buf []byte, h *FileHandle) []fs.DirEntry {
	for len(buf) >= 19 {
		reclen := int(buf[16]) | int(buf[17])<<8
		if reclen < 19 || reclen > len(buf) {
			break
		}
		name := buf[19:reclen]
		for i, c := range name {
			if c == 0 {
				name = name[:i]
				break
			}
		}
		if s := string(name); s != "." && s != ".." {
			list = append(list, &dirEntry{p: h.p, dir: h.path, dirName: h.name, name: s, typ: uint32(buf[18]) << 12})
		}
		buf = buf[reclen:]
	}
	return list
}
