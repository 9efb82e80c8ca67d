package sockfs

import (
	"sync/atomic"

	"github.com/govfs/govfs/vfs"
)

// registerSysctls puts net.core's buffer knobs in the kernel's sysctl
// tree, with the minimums net/core/sysctl_net_core.c gives them.
func registerSysctls(k *vfs.Kernel, fs *FS) error {
	const intMax = 1<<31 - 1
	for _, r := range []struct {
		path string
		v    *atomic.Int64
		min  int64
	}{
		{"net/core/wmem_max", &fs.WmemMax, minSndbuf},
		{"net/core/rmem_max", &fs.RmemMax, minRcvbuf},
		{"net/core/wmem_default", &fs.WmemDefault, minSndbuf},
		{"net/core/rmem_default", &fs.RmemDefault, minRcvbuf},
	} {
		if err := k.RegisterSysctl(r.path, vfs.SysctlInt(r.v, r.min, intMax)); err != nil {
			return err
		}
	}
	return nil
}
