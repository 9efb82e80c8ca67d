package pipefs

import (
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// defaultUserPagesSoft is Linux's PIPE_DEF_BUFFERS * INR_OPEN_CUR.
const defaultUserPagesSoft = 16384

// registerSysctls puts pipefs's knobs in the kernel's sysctl tree.
func registerSysctls(k *vfs.Kernel, fs *FS) error {
	err := k.RegisterSysctl("fs/pipe-max-size", vfs.SysctlEntry{
		Mode:   0o644,
		Show:   func() string { return strconv.FormatInt(fs.MaxSize.Load(), 10) + "\n" },
		Append: func(dst []byte) []byte { return append(strconv.AppendInt(dst, fs.MaxSize.Load(), 10), '\n') },
		Store: func(s string) error {
			n, err := vfs.ParseSysctlInt(s, 0, 1<<32-1) // proc_douintvec
			if err != nil {
				return err
			}
			size, ok := roundPipeSize(int(n))
			if !ok {
				return vfs.EINVAL
			}
			fs.MaxSize.Store(int64(size))
			return nil
		},
		Parsed: vfs.SysctlIntLen,
	})
	if err != nil {
		return err
	}
	return k.RegisterSysctl("fs/pipe-user-pages-soft", vfs.SysctlInt(&fs.UserPagesSoft, 0, 1<<63-1))
}
