package bin

import (
	"strconv"
	"strings"

	"github.com/govfs/govfs/vfs"
)

// Programs that make one new name each: mkdir, mkfifo, mknod. Each
// takes -m MODE, a chmod mode applied to 0777 (mkdir) or 0666 and set
// exactly with chmod(2) after the create, whatever the umask, as
// coreutils does; without -m the umask shapes the mode.

// Mkdir makes directories (mkdir(2)). Options: -p (make missing
// parents, 0777 less the umask plus u+wx, and accept an existing
// directory), -m MODE, -v (say "mkdir: created directory 'x'"). Status
// 1 if any fails: "mkdir: cannot create directory 'x': File exists".
func Mkdir(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "mkdir", spec: "pm:v", long: map[string]byte{
		"parents": 'p', "mode": 'm', "verbose": 'v'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	mode, ok := modeOption(p, "mkdir", o, 0o777, true)
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		missingOperand(p, "mkdir")
		return 1
	}
	status := 0
	for _, name := range operands {
		if o.has('p') {
			if !mkdirParents(p, name, o.has('v')) {
				status = 1
				continue
			}
		}
		err := p.Mkdir(name, mode)
		if err == vfs.EEXIST && o.has('p') && isDir(p, name) {
			continue
		}
		if err == nil && o.has('m') {
			err = p.Chmod(name, mode)
		}
		if err != nil {
			errorf(p, "mkdir", "cannot create directory %s: %s", quote(name), strerror(err))
			status = 1
			continue
		}
		if o.has('v') {
			printf(p, "mkdir: created directory %s\n", quote(name))
		}
	}
	return status
}

// mkdirParents makes every missing directory above name (mkdir -p).
func mkdirParents(p *vfs.Process, name string, verbose bool) bool {
	mode := (0o777 &^ uint32(p.CurrentUmask())) | 0o300
	for i := 1; i < len(name); i++ {
		if name[i] != '/' || name[i-1] == '/' {
			continue
		}
		dir := name[:i]
		err := p.Mkdir(dir, mode)
		if err == vfs.EEXIST && isDir(p, dir) {
			continue
		}
		if err == vfs.EEXIST {
			err = vfs.ENOTDIR
		}
		if err != nil {
			errorf(p, "mkdir", "cannot create directory %s: %s", quote(dir), strerror(err))
			return false
		}
		if verbose {
			printf(p, "mkdir: created directory %s\n", quote(dir))
		}
	}
	return true
}

func isDir(p *vfs.Process, name string) bool {
	var st vfs.Stat_t
	return p.Stat(name, &st) == nil && st.Mode&vfs.S_IFMT == vfs.S_IFDIR
}

// modeOption is -m's mode applied to base, or base less the umask
// without -m; it reports "invalid mode" itself.
func modeOption(p *vfs.Process, prog string, o opts, base uint32, dir bool) (uint32, bool) {
	umask := uint32(p.CurrentUmask())
	if !o.has('m') {
		return base &^ umask, true
	}
	mode, ok := parseMode(o.val['m'], base, dir, 0)
	if !ok {
		errorf(p, prog, "invalid mode %s", quote(o.val['m']))
		return 0, false
	}
	return mode, true
}

// Mkfifo makes FIFOs (mknod(2) with S_IFIFO). Options: -m MODE.
// "mkfifo: cannot create fifo 'x': File exists", status 1.
func Mkfifo(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "mkfifo", spec: "m:", long: map[string]byte{"mode": 'm'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	mode, ok := modeOption(p, "mkfifo", o, 0o666, false)
	if !ok {
		return 1
	}
	if len(operands) == 0 {
		missingOperand(p, "mkfifo")
		return 1
	}
	status := 0
	for _, name := range operands {
		err := p.Mkfifo(name, mode)
		if err == nil && o.has('m') {
			err = p.Chmod(name, mode)
		}
		if err != nil {
			errorf(p, "mkfifo", "cannot create fifo %s: %s", quote(name), strerror(err))
			status = 1
		}
	}
	return status
}

// Mknod makes a special file: mknod [-m MODE] NAME TYPE [MAJOR MINOR],
// TYPE b (block device), c or u (character device) or p (FIFO). The
// operand errors are coreutils': "mknod: missing operand after 'c'"
// and "Special files require major and minor device numbers.", "mknod:
// invalid device type 'x'", "mknod: extra operand '1'" with "Fifos do
// not have major and minor device numbers.".
func Mknod(p *vfs.Process, argv, _ []string) int {
	o, operands, ok := getopt{prog: "mknod", spec: "m:", long: map[string]byte{"mode": 'm'}}.parse(p, tail(argv))
	if !ok {
		return 1
	}
	mode, ok := modeOption(p, "mknod", o, 0o666, false)
	if !ok {
		return 1
	}
	fail := func(format string, args ...any) int {
		errorf(p, "mknod", format, args...)
		usage(p, "mknod")
		return 1
	}
	switch {
	case len(operands) == 0:
		return fail("missing operand")
	case len(operands) == 1:
		return fail("missing operand after %s", quote(operands[0]))
	}
	name, typ := operands[0], operands[1]
	var ftype uint32
	switch typ {
	case "b":
		ftype = vfs.S_IFBLK
	case "c", "u":
		ftype = vfs.S_IFCHR
	case "p":
		ftype = vfs.S_IFIFO
	default:
		return fail("invalid device type %s", quote(typ))
	}
	var dev uint64
	if ftype == vfs.S_IFIFO {
		if len(operands) > 2 {
			errorf(p, "mknod", "extra operand %s", quote(operands[2]))
			writeAll(p, 2, []byte("Fifos do not have major and minor device numbers.\n"))
			usage(p, "mknod")
			return 1
		}
	} else {
		if len(operands) < 4 {
			errorf(p, "mknod", "missing operand after %s", quote(operands[len(operands)-1]))
			writeAll(p, 2, []byte("Special files require major and minor device numbers.\n"))
			usage(p, "mknod")
			return 1
		}
		if len(operands) > 4 {
			return fail("extra operand %s", quote(operands[4]))
		}
		major, err1 := parseDevNum(operands[2])
		minor, err2 := parseDevNum(operands[3])
		if err1 != nil {
			errorf(p, "mknod", "invalid major device number %s", quote(operands[2]))
			return 1
		}
		if err2 != nil {
			errorf(p, "mknod", "invalid minor device number %s", quote(operands[3]))
			return 1
		}
		dev = vfs.Mkdev(major, minor)
	}
	err := p.Mknod(name, ftype|mode, int(dev))
	if err == nil && o.has('m') {
		err = p.Chmod(name, mode)
	}
	if err != nil {
		errorf(p, "mknod", "%s: %s", name, strerror(err))
		return 1
	}
	return 0
}

// parseDevNum reads a device number as strtoumax with base 0 does:
// decimal, 0x hex or 0 octal.
func parseDevNum(s string) (uint32, error) {
	v, err := strconv.ParseUint(strings.TrimSpace(s), 0, 32)
	return uint32(v), err
}
