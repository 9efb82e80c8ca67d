package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// mountFlags are the -o options mount(8) turns into mount(2) flags;
// the others go to the filesystem as its data string ("size=1m").
var mountFlags = map[string]uintptr{
	"ro": vfs.MS_RDONLY, "nosuid": vfs.MS_NOSUID, "nodev": vfs.MS_NODEV, "noexec": vfs.MS_NOEXEC,
	"sync": vfs.MS_SYNCHRONOUS, "remount": vfs.MS_REMOUNT, "noatime": vfs.MS_NOATIME,
	"nodiratime": vfs.MS_NODIRATIME, "bind": vfs.MS_BIND, "rbind": vfs.MS_BIND | vfs.MS_REC,
	"relatime": vfs.MS_RELATIME,
	"rw":       0, "suid": 0, "dev": 0, "exec": 0, "async": 0, "defaults": 0,
}

// Mount attaches filesystems (mount(2)), in util-linux's words. With
// no operands it prints the mounts the caller sees, from
// /proc/self/mounts, as "tmpfs on /tmp type tmpfs (rw,relatime)".
// "mount -t TYPE [-o OPTS] SOURCE DIR" mounts a new instance,
// "mount --bind SOURCE DIR" (or -B, -o bind) the tree at SOURCE, "mount
// -o remount,ro DIR" changes a mount's flags. OPTS are comma-separated:
// ro, rw, nosuid, nodev, noexec, noatime, relatime, bind, rbind,
// remount become flags, the rest is the filesystem's data. A failure
// is status 32 ("mount: /x: must be superuser to use mount.", "mount:
// /x: mount point does not exist.", "mount: /x: unknown filesystem
// type 'foo'."); a usage error status 1. There is no /etc/fstab.
func Mount(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "mount", spec: "t:o:Br", long: map[string]byte{
		"types": 't', "options": 'o', "bind": 'B', "read-only": 'r'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	var flags uintptr
	var data []string
	if o.val['o'] != "" {
		for _, opt := range strings.Split(o.val['o'], ",") {
			if f, known := mountFlags[opt]; known {
				flags |= f
			} else {
				data = append(data, opt)
			}
		}
	}
	if o.has('B') {
		flags |= vfs.MS_BIND
	}
	if o.has('r') {
		flags |= vfs.MS_RDONLY
	}
	var source, target string
	switch {
	case len(operands) == 0 && !o.has('t') && flags == 0:
		return listMounts(p)
	case len(operands) == 1 && flags&vfs.MS_REMOUNT != 0:
		target = operands[0]
	case len(operands) == 1:
		errorf(p, "mount", "%s: can't find in /etc/fstab.", operands[0])
		return 1
	case len(operands) == 2:
		source, target = operands[0], operands[1]
	default:
		errorf(p, "mount", "bad usage")
		usage(p, "mount")
		return 1
	}
	fstype := o.val['t']
	if fstype == "" && flags&(vfs.MS_BIND|vfs.MS_REMOUNT) == 0 {
		errorf(p, "mount", "%s: no filesystem type specified.", target)
		return 32
	}
	err := p.Mount(source, target, fstype, flags, strings.Join(data, ","))
	if err == nil {
		return 0
	}
	var st vfs.Stat_t
	switch {
	case err == vfs.EPERM:
		errorf(p, "mount", "%s: must be superuser to use mount.", target)
	case err == vfs.ENOENT && p.Stat(target, &st) != nil:
		errorf(p, "mount", "%s: mount point does not exist.", target)
	case err == vfs.ENOENT:
		errorf(p, "mount", "%s: special device %s does not exist.", target, source)
	case err == vfs.ENODEV:
		errorf(p, "mount", "%s: unknown filesystem type %s.", target, quote(fstype))
	case err == vfs.ENOTDIR:
		errorf(p, "mount", "%s: mount point is not a directory.", target)
	default:
		errorf(p, "mount", "%s: %s.", target, strerror(err))
	}
	return 32
}

// listMounts prints /proc/self/mounts as mount(8) does.
func listMounts(p *vfs.Process) int {
	data, err := readFile(p, "/proc/self/mounts")
	if err != nil {
		complain(p, "mount", "/proc/self/mounts", err)
		return 32
	}
	var b strings.Builder
	for line := range strings.Lines(string(data)) {
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		b.WriteString(f[0] + " on " + f[1] + " type " + f[2] + " (" + f[3] + ")\n")
	}
	writeAll(p, 1, []byte(b.String()))
	return 0
}

// Umount detaches mounts (umount2(2)): "umount [-l] [-f] DIR...", -l
// for a lazy detach (MNT_DETACH: gone from the tree now, freed when no
// longer busy), -f for MNT_FORCE. In util-linux's words, status 32 on
// failure: "umount: /x: not mounted.", "umount: /x: target is busy.",
// "umount: /x: no mount point specified.", "umount: /x: must be
// superuser to unmount.".
func Umount(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "umount", spec: "lf", long: map[string]byte{
		"lazy": 'l', "force": 'f'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		errorf(p, "umount", "bad usage")
		usage(p, "umount")
		return 1
	}
	flags := 0
	if o.has('l') {
		flags |= vfs.MNT_DETACH
	}
	if o.has('f') {
		flags |= vfs.MNT_FORCE
	}
	status := 0
	for _, dir := range operands {
		err := p.Unmount(dir, flags)
		switch err {
		case nil:
			continue
		case vfs.EINVAL:
			errorf(p, "umount", "%s: not mounted.", dir)
		case vfs.EBUSY:
			errorf(p, "umount", "%s: target is busy.", dir)
		case vfs.ENOENT:
			errorf(p, "umount", "%s: no mount point specified.", dir)
		case vfs.EPERM:
			errorf(p, "umount", "%s: must be superuser to unmount.", dir)
		default:
			errorf(p, "umount", "%s: %s.", dir, strerror(err))
		}
		status = 32
	}
	return status
}
