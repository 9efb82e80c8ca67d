package sysfs

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/govfs/govfs/vfs"
)

// FS is the sysfs of one kernel: one tree, shown by every mount.
type FS struct {
	k   *vfs.Kernel
	sb  *vfs.SuperBlock
	mnt *vfs.Mount // keeps sb alive while /sys is unmounted
}

type fsType struct{ fs *FS }

// Name is "sysfs", the type Linux mounts on /sys.
func (fsType) Name() string { return "sysfs" }

// Mount returns the shared tree; sysfs takes no options.
func (t fsType) Mount(_ *vfs.Kernel, _ string, _ uintptr, data string) (*vfs.SuperBlock, error) {
	return t.fs.sb, nil
}

// Register adds the type "sysfs" to k and builds its tree from what k
// has registered so far. Mount it with p.Mount("sysfs", "/sys", "sysfs",
// 0, "").
func Register(k *vfs.Kernel) (*FS, error) {
	fs := &FS{k: k}
	fs.sb = vfs.NewSuperBlock(k, fsType{fs}, vfs.SYSFS_MAGIC, nil)
	root := newDir(fs.sb, 0o555)
	fs.build(root)
	fs.sb.SetRoot(&root.Inode)
	fs.mnt = k.KernMount(fs.sb)
	if err := k.RegisterFileSystem(fsType{fs}); err != nil {
		return nil, err
	}
	return fs, nil
}

func constant(s string) func() string { return func() string { return s } }

func (fs *FS) build(root *dir) {
	kernel := root.subdir("kernel")
	kernel.attr("address_bits", 0o444, constant(strconv.Itoa(strconv.IntSize)+"\n"), nil)
	order := "big\n"
	if binary.NativeEndian.Uint16([]byte{1, 0}) == 1 {
		order = "little\n"
	}
	kernel.attr("cpu_byteorder", 0o444, constant(order), nil)
	// govfs sends no uevents: the count stays 0.
	kernel.attr("uevent_seqnum", 0o444, constant("0\n"), nil)

	fs.buildMem(root)
	fs.buildModules(root.subdir("module"))
	root.subdir("fs")
}

// memNames are the minors of major 1 that drivers/char/mem.c names
// and a usual host shows in /sys/class/mem (mem, kmem and port depend
// on the kernel's configuration and are left out).
var memNames = map[uint32]string{
	3: "null", 5: "zero", 7: "full", 8: "random", 9: "urandom", 11: "kmsg",
}

// buildMem makes a device directory, a class link and a dev link for
// each named minor of the registered "mem" range, as device_create does.
func (fs *FS) buildMem(root *dir) {
	devices := root.subdir("devices").subdir("virtual")
	class := root.subdir("class")
	char := root.subdir("dev").subdir("char")
	var mem, memClass *dir
	for _, d := range fs.k.CharDevices() {
		if d.Name != "mem" {
			continue
		}
		for minor := d.Minor; minor < d.Minor+d.Count; minor++ {
			name, ok := memNames[minor]
			if !ok {
				continue
			}
			if mem == nil {
				mem, memClass = devices.subdir("mem"), class.subdir("mem")
			}
			dev := mem.subdir(name)
			dev.attr("dev", 0o444, constant(fmt.Sprintf("%d:%d\n", d.Major, minor)), nil)
			dev.symlink("subsystem", "../../../../class/mem")
			dev.attr("uevent", 0o644, constant(fmt.Sprintf("MAJOR=%d\nMINOR=%d\nDEVNAME=%s\nDEVMODE=0666\n", d.Major, minor, name)),
				func(string) error { return nil }) // a write asks for a uevent; there are none to send
			memClass.symlink(name, "../../devices/virtual/mem/"+name)
			char.symlink(fmt.Sprintf("%d:%d", d.Major, minor), "../../devices/virtual/mem/"+name)
		}
	}
}

// buildModules makes /sys/module/pipefs/parameters: govfs's own, the
// pipefs sysctls under module-parameter names.
func (fs *FS) buildModules(module *dir) {
	var params *dir
	for _, p := range []struct{ name, sysctl string }{
		{"max_size", "fs/pipe-max-size"},
		{"user_pages_soft", "fs/pipe-user-pages-soft"},
	} {
		e, ok := fs.k.LookupSysctl(p.sysctl)
		if !ok {
			continue // no pipefs in this kernel
		}
		if params == nil {
			params = module.subdir("pipefs").subdir("parameters")
		}
		params.attr(p.name, e.Mode, e.Show, e.Store)
	}
}
