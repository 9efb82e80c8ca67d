package vfstest_test

import (
	"fmt"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// /proc/sys and /sys in TestStress: workers read the knobs, keep some
// open for the other calls (read, pwrite, lseek, mmap, ftruncate,
// getdents on a generated file), and write hostile values to the
// harmless ones while others read them. The invariants: every answer
// is an errno, and a knob always reads as one line, whatever was
// written and refused.

func init() {
	stressCalls = append(stressCalls,
		stressCall{"sysctl_read", (*stressWorker).sysctlRead},
		stressCall{"sysctl_write", (*stressWorker).sysctlWrite})
}

var stressKnobs = []string{
	"/proc/sys/kernel/hostname", "/proc/sys/kernel/pid_max", "/proc/sys/fs/protected_symlinks",
	"/proc/sys/fs/protected_regular",
	"/proc/sys/fs/pipe-user-pages-soft", "/proc/sys/net/core/wmem_default", "/proc/sys/fs/file-nr",
	"/proc/sys/kernel/ostype", "/sys/module/pipefs/parameters/user_pages_soft",
	"/sys/devices/virtual/mem/null/dev", "/sys/kernel/address_bits", "/proc/sys", "/sys/class/mem",
}

func (w *stressWorker) sysctlRead() error {
	path := stressKnobs[w.rng.IntN(len(stressKnobs))]
	fd, err := w.p.Open(path, vfs.O_RDONLY|vfs.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	buf := make([]byte, 256)
	var n int
	switch mine := w.readsFile(fd, path, func() { n, err = w.p.Read(fd, buf) }); {
	case !mine:
		err = nil // whatever the other file said
	case err == nil && n > 0 && (buf[n-1] != '\n' || strings.Count(string(buf[:n]), "\n") != 1 && !strings.HasSuffix(path, "uevent")):
		err = fmt.Errorf("%s read %q: not one line", path, buf[:n])
	}
	if w.rng.IntN(2) == 0 {
		w.keep(fd)
	} else if cerr := w.p.Close(fd); err == nil {
		err = cerr
	}
	return err
}

func (w *stressWorker) sysctlWrite() error {
	path := stressKnobs[w.rng.IntN(6)] // the writable ones and file-nr
	val := [...]string{"", "\n", "junk", "-1", "99999999999999999999999", "1\x00", "4096 77", "  32768\n",
		"0", "1", strings.Repeat("9", 40), "host\nname", "65536"}[w.rng.IntN(13)]
	fd, err := w.p.Open(path, vfs.O_WRONLY|vfs.O_NONBLOCK, 0)
	if err != nil {
		return err
	}
	_, err = w.p.Write(fd, []byte(val))
	if cerr := w.p.Close(fd); err == nil {
		err = cerr
	}
	return err
}
