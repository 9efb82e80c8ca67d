package bin

import "github.com/govfs/govfs/vfs"

// Touch sets files' access and modification times to now
// (utimensat(2) with UTIME_NOW), creating a missing file empty (open
// with O_CREAT, mode 0666 less the umask) unless -c. Options: -c
// (--no-create), -a (access time only), -m (modification time only).
// "touch: cannot touch 'x': No such file or directory", status 1.
func Touch(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "touch", spec: "cam", long: map[string]byte{"no-create": 'c'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		errorf(p, "touch", "missing file operand")
		usage(p, "touch")
		return 1
	}
	now := vfs.Timespec{Nsec: vfs.UTIME_NOW}
	omit := vfs.Timespec{Nsec: vfs.UTIME_OMIT}
	ts := []vfs.Timespec{now, now}
	if o.has('a') && !o.has('m') {
		ts[1] = omit
	}
	if o.has('m') && !o.has('a') {
		ts[0] = omit
	}
	status := 0
	for _, name := range operands {
		if !o.has('c') {
			// O_NONBLOCK: touching a FIFO must not wait for a writer.
			fd, err := p.Open(name, vfs.O_WRONLY|vfs.O_CREAT|vfs.O_NONBLOCK|vfs.O_NOCTTY|vfs.O_CLOEXEC, 0o666)
			if err == nil {
				p.Close(fd)
			} else if err != vfs.EISDIR && err != vfs.EACCES && err != vfs.ENXIO {
				errorf(p, "touch", "cannot touch %s: %s", quote(name), strerror(err))
				status = 1
				continue
			}
		}
		err := p.UtimesNano(name, ts)
		if err == vfs.ENOENT && o.has('c') {
			continue
		}
		if err != nil {
			errorf(p, "touch", "setting times of %s: %s", quote(name), strerror(err))
			status = 1
		}
	}
	return status
}
