package procfs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// fdinfo is /proc/PID/fdinfo/N (proc_pid_fdinfo(5), seq_show): the
// offset, the open flags in octal as f_flags holds them (O_LARGEFILE
// where open(2) forced it, not on pipe(2)'s or socket(2)'s Files nor
// O_PATH ones) with O_CLOEXEC from the fd, the mount id, the inode
// number, then the lines the File's own kind adds (vfs.FdinfoShower:
// scm_fds for a unix socket; nothing for files and pipes).
func fdinfo(p *vfs.Process, n int) ([]byte, error) {
	f, err := p.Fget(n)
	if err != nil {
		return nil, vfs.ENOENT
	}
	defer f.DecRef()
	flags := f.Flags()
	if fl, err := p.FcntlInt(uintptr(n), vfs.F_GETFD, 0); err == nil && fl&vfs.FD_CLOEXEC != 0 {
		flags |= vfs.O_CLOEXEC
	}
	b := make([]byte, 0, 64)
	b = append(b, "pos:\t"...)
	b = strconv.AppendInt(b, f.FdinfoPos(), 10)
	b = append(b, "\nflags:\t0"...)
	b = strconv.AppendUint(b, uint64(uint32(flags)), 8)
	b = append(b, "\nmnt_id:\t"...)
	b = strconv.AppendInt(b, int64(f.Path().Mnt.ID()), 10)
	b = append(b, "\nino:\t"...)
	b = strconv.AppendUint(b, f.Inode().Ino(), 10)
	b = append(b, '\n')
	return f.ShowFdinfo(b), nil
}
