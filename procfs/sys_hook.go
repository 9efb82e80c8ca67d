package procfs

import (
	"sync"

	"github.com/govfs/govfs/vfs"
)

func init() { SysDir = sysDirOf }

// sysDirs keeps each procfs's /proc/sys inode, so that every lookup of
// "sys" finds the same directory (and the same inode number).
var sysDirs sync.Map // *FS → *vfs.Inode

func sysDirOf(fs *FS) *vfs.Inode {
	if in, ok := sysDirs.Load(fs); ok {
		return in.(*vfs.Inode)
	}
	in, loaded := sysDirs.LoadOrStore(fs, newSysDir(fs.SuperBlock(), fs.Kernel()))
	if !loaded {
		fs.Kernel().OnShutdown(func() { sysDirs.Delete(fs) })
	}
	return in.(*vfs.Inode)
}
