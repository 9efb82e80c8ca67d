package procfs

import (
	"fmt"
	"runtime/metrics"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// mountOpts is the per-mount part of a mount's options, as
// show_mnt_opts prints them.
func mountOpts(m *vfs.Mount) string {
	fl := m.Flags()
	s := "rw"
	if fl&vfs.MS_RDONLY != 0 {
		s = "ro"
	}
	for _, o := range []struct {
		bit  uintptr
		name string
	}{{vfs.MS_NOSUID, "nosuid"}, {vfs.MS_NODEV, "nodev"}, {vfs.MS_NOEXEC, "noexec"}} {
		if fl&o.bit != 0 {
			s += "," + o.name
		}
	}
	return s
}

// visibleMounts yields each mount with its mount point as p sees it,
// skipping those outside p's root, as show_vfsmnt does.
func visibleMounts(p *vfs.Process, yield func(m *vfs.Mount, at string)) {
	root := p.Root()
	if root.Dentry == nil {
		return
	}
	for _, m := range p.Kernel().Mounts() {
		if !reachable(m, root) {
			continue
		}
		yield(m, p.DPath(vfs.Path{Mnt: m, Dentry: m.Root()}))
	}
}

// reachable reports whether m's root lies under root: climbing from
// m through its parents meets root's mount, at or below root's dentry.
func reachable(m *vfs.Mount, root vfs.Path) bool {
	d := m.Root()
	for m != root.Mnt {
		parent, mp := m.Parent()
		if parent == nil {
			return false
		}
		m, d = parent, mp
	}
	for ; d != nil; d = d.Parent() {
		if d == root.Dentry {
			return true
		}
		if d.Parent() == d {
			break
		}
	}
	return false
}

// mounts is /proc/PID/mounts: fstab(5) lines.
func mounts(_ *FS, p *vfs.Process) ([]byte, error) {
	var b strings.Builder
	visibleMounts(p, func(m *vfs.Mount, at string) {
		fmt.Fprintf(&b, "%s %s %s %s 0 0\n", escape(m.Source()), escape(at), m.SuperBlock().Type().Name(), mountOpts(m))
	})
	return []byte(b.String()), nil
}

// mountinfo is /proc/PID/mountinfo (proc(5)): id, parent id,
// major:minor, the root of the mount within its filesystem, the mount
// point, per-mount options, no optional fields, "-", type, source,
// superblock options.
func mountinfo(_ *FS, p *vfs.Process) ([]byte, error) {
	var b strings.Builder
	visibleMounts(p, func(m *vfs.Mount, at string) {
		parent := m.ID()
		if pm, _ := m.Parent(); pm != nil {
			parent = pm.ID()
		}
		dev := m.SuperBlock().Dev()
		sbOpts := "rw"
		if m.Flags()&vfs.MS_RDONLY != 0 {
			sbOpts = "ro"
		}
		fmt.Fprintf(&b, "%d %d %d:%d %s %s %s - %s %s %s\n", m.ID(), parent, vfs.Major(dev), vfs.Minor(dev),
			escape(rootInSB(m)), escape(at), mountOpts(m), m.SuperBlock().Type().Name(), escape(m.Source()), sbOpts)
	})
	return []byte(b.String()), nil
}

// rootInSB spells m's root from its filesystem's root: "/" unless m is
// a bind mount of a subtree.
func rootInSB(m *vfs.Mount) string {
	top := m.SuperBlock().Root()
	var parts []string
	for d := m.Root(); d != nil && d != top; d = d.Parent() {
		parts = append(parts, d.Name())
		if d.Parent() == d {
			break
		}
	}
	if len(parts) == 0 {
		return "/"
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString("/" + parts[i])
	}
	return b.String()
}

// escape is mangle(): space, tab, newline and backslash as octal.
func escape(s string) string {
	if !strings.ContainsAny(s, " \t\n\\") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\\':
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// filesystems is /proc/filesystems: every type the kernel has, all
// "nodev" since none needs a block device here.
func (fs *FS) filesystems() ([]byte, error) {
	var b strings.Builder
	for _, name := range fs.k.FileSystems() {
		b.WriteString("nodev\t" + name + "\n")
	}
	return []byte(b.String()), nil
}

// uptime is /proc/uptime: seconds since Register on the kernel's clock;
// the idle time is 0, as nothing here idles.
func (fs *FS) uptime() ([]byte, error) {
	up := fs.k.Clock().Now().Sub(fs.boot).Seconds()
	return fmt.Appendf(nil, "%.2f 0.00\n", up), nil
}

// meminfo is what the model can honestly say: the Go runtime's memory,
// which is all the memory this kernel's files live in.
func meminfo() ([]byte, error) {
	s := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(s)
	total, free, released := s[0].Value.Uint64(), s[1].Value.Uint64(), s[2].Value.Uint64()
	return fmt.Appendf(nil, "MemTotal:       %8d kB\nMemFree:        %8d kB\nMemAvailable:   %8d kB\n",
		total>>10, free>>10, (free+released)>>10), nil
}
