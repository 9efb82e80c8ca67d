package vfstest_test

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// /proc in TestStress: workers list /proc and read the status of the
// pids they find while the fork call's children exit and are reaped,
// list /proc/self/fd and read each entry's link and fdinfo while the
// other thread closes fds, and keep fds open on other processes'
// directories and files to read them after those processes are gone.
// The invariants: every answer is an errno (ENOENT for a pid or fd that
// went away, ESRCH through an fd of a reaped process), and what a read
// gives is whole: a status names the pid of its directory, an fdinfo
// starts with pos.

func init() {
	stressCalls = append(stressCalls,
		stressCall{"proc_list", (*stressWorker).procList},
		stressCall{"proc_fds", (*stressWorker).procFDs})
}

// procList lists /proc and reads the status of a few pids.
func (w *stressWorker) procList() error {
	names, err := w.listDir("/proc")
	if err != nil {
		return err
	}
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || w.rng.IntN(3) != 0 {
			continue
		}
		dir := "/proc/" + name
		fd, err := w.p.Open(dir+"/status", vfs.O_RDONLY, 0)
		if err != nil {
			if err == vfs.ENOENT { // exited and reaped since the listing
				continue
			}
			return err
		}
		b, same, err := w.readSame(fd, dir+"/status")
		if err == nil && same && !strings.Contains(b, "\nPid:\t"+strconv.Itoa(pid)+"\n") {
			err = fmt.Errorf("%s/status of another pid: %q", dir, b)
		}
		if w.rng.IntN(4) == 0 {
			w.keep(fd) // read again later, maybe after a reap (ESRCH)
		} else {
			_ = w.p.Close(fd)
		}
		if err != nil && err != vfs.ESRCH {
			return err
		}
		if _, err := w.listDir(dir + "/fd"); err != nil && err != vfs.ENOENT && err != vfs.EACCES {
			return err
		}
		if w.rng.IntN(4) == 0 {
			if d, err := w.p.Open(dir, vfs.O_RDONLY|vfs.O_DIRECTORY, 0); err == nil {
				w.keep(d) // getdents and openat on it race the exit
			}
		}
	}
	return nil
}

// procFDs lists /proc/self/fd and reads each entry's link and fdinfo.
func (w *stressWorker) procFDs() error {
	names, err := w.listDir("/proc/self/fd")
	if err != nil {
		return err
	}
	buf := make([]byte, 4096)
	for _, name := range names {
		if _, err := w.p.Readlink("/proc/self/fd/"+name, buf); err != nil && err != vfs.ENOENT {
			return err
		}
		fd, err := w.p.Open("/proc/self/fdinfo/"+name, vfs.O_RDONLY, 0)
		if err == vfs.ENOENT { // closed by the other thread meanwhile
			continue
		}
		if err != nil {
			return err
		}
		b, same, err := w.readSame(fd, "/proc/self/fdinfo/"+name)
		_ = w.p.Close(fd)
		if err != nil {
			return err
		}
		if same && !strings.HasPrefix(b, "pos:\t") {
			return fmt.Errorf("fdinfo/%s reads %q", name, b)
		}
	}
	return nil
}

func (w *stressWorker) listDir(path string) ([]string, error) {
	fd, err := w.p.Open(path, vfs.O_RDONLY|vfs.O_DIRECTORY, 0)
	if err != nil {
		return nil, err
	}
	defer w.p.Close(fd)
	var names []string
	buf := make([]byte, 4096)
	for {
		n, err := w.p.Getdents(fd, buf)
		if err != nil {
			return names, err
		}
		if n == 0 {
			return names, nil
		}
		for _, name := range parseNames(buf[:n]) {
			if name != "." && name != ".." {
				names = append(names, name)
			}
		}
	}
}

// readSame preads fd from 0 to its end (the other thread may move the
// offset or read) and says whether the bytes are path's (readsFile).
func (w *stressWorker) readSame(fd int, path string) (string, bool, error) {
	var b string
	var err error
	if !w.readsFile(fd, path, func() { b, err = w.readAll(fd) }) {
		return "", false, nil // whatever the other file said
	}
	return b, true, err
}

// readsFile runs read if fd is the file at path, and reports whether fd
// was that file before and after it. The worker's other goroutine
// shares the fd table: it may close fd or dup2 another file onto its
// number meanwhile (hostile fds include 3), and then what read saw is
// not path's.
func (w *stressWorker) readsFile(fd int, path string, read func()) bool {
	var before, after, named vfs.Stat_t
	if w.p.Fstat(fd, &before) != nil || w.p.Stat(path, &named) != nil ||
		named.Ino != before.Ino || named.Dev != before.Dev {
		return false
	}
	read()
	return w.p.Fstat(fd, &after) == nil && after.Ino == before.Ino && after.Dev == before.Dev
}

func (w *stressWorker) readAll(fd int) (string, error) {
	var out []byte
	buf := make([]byte, 512)
	for {
		n, err := w.p.Pread(fd, buf, int64(len(out)))
		if err != nil {
			return string(out), err
		}
		if n == 0 {
			return string(out), nil
		}
		out = append(out, buf[:n]...)
	}
}
