package bin

import (
	"strings"

	"github.com/govfs/govfs/vfs"
)

// programs are the programs of this package, by the name they are
// registered and installed under.
var programs = []struct {
	name string
	prog vfs.Program
}{
	{"cat", Cat}, {"chmod", Chmod}, {"chown", Chown}, {"cp", Cp}, {"echo", Echo}, {"false", False},
	{"grep", Grep}, {"head", Head}, {"id", Id}, {"kill", Kill}, {"ln", Ln}, {"ls", Ls},
	{"mkdir", Mkdir}, {"mkfifo", Mkfifo}, {"mknod", Mknod}, {"mount", Mount}, {"mv", Mv},
	{"ps", Ps}, {"rm", Rm}, {"rmdir", Rmdir}, {"sleep", Sleep}, {"stat", Stat}, {"su", Su},
	{"tee", Tee}, {"touch", Touch}, {"true", True}, {"umount", Umount}, {"wc", Wc},
}

// Install registers every program of the package with k and writes its
// executable into dir (k.Install), so that dir/cat runs Cat. Each is
// registered behind checkStdout, which reports a failed write to fd 1
// the program did not.
func Install(k *vfs.Kernel, dir string) error {
	for _, pr := range programs {
		if err := k.RegisterProgram(pr.name, checkStdout(pr.name, pr.prog)); err != nil {
			return err
		}
		if err := k.Install(dir+"/"+pr.name, pr.name); err != nil {
			return err
		}
	}
	return nil
}

// True does nothing, successfully: exit status 0.
func True(*vfs.Process, []string, []string) int { return 0 }

// False does nothing, unsuccessfully: exit status 1.
func False(*vfs.Process, []string, []string) int { return 1 }

// Echo writes its arguments to fd 1, separated by spaces and ended by a
// newline; a first argument "-n" (or several) drops the newline. The
// other options of coreutils' echo (-e, -E) are not understood and are
// written as they are, as POSIX echo does.
func Echo(p *vfs.Process, argv, _ []string) int {
	args := tail(argv)
	newline := true
	for len(args) > 0 && args[0] == "-n" {
		newline = false
		args = args[1:]
	}
	out := strings.Join(args, " ")
	if newline {
		out += "\n"
	}
	if err := writeAll(p, 1, []byte(out)); err != nil {
		if code := killedBy(p, err); code != 0 {
			return code
		}
		complain(p, "echo", "write error", err)
		return 1
	}
	return 0
}

// Cat copies each file named in its arguments, or fd 0 for "-" or for
// none, to fd 1. A file it cannot open or read is reported on fd 2
// ("cat: NAME: No such file or directory") and skipped, and the exit
// status is then 1; a write error ends it at once. "--" ends the
// options, and -u (unbuffered: cat never buffers) is accepted; any
// other option is an error, as in coreutils.
func Cat(p *vfs.Process, argv, _ []string) int {
	args := tail(argv)
	var files []string
	opts := true
	for _, a := range args {
		switch {
		case opts && a == "--":
			opts = false
		case opts && a == "-u":
		case opts && len(a) > 1 && a[0] == '-':
			errorf(p, "cat", "invalid option -- '%s'", a[1:2])
			usage(p, "cat")
			return 1
		default:
			files = append(files, a)
		}
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	status := 0
	buf := make([]byte, 32<<10)
	for _, name := range files {
		fd := 0
		if name != "-" {
			var err error
			if fd, err = p.Open(name, vfs.O_RDONLY|vfs.O_CLOEXEC, 0); err != nil {
				complain(p, "cat", name, err)
				status = 1
				continue
			}
		}
		readErr, writeErr := copyFD(p, 1, fd, buf)
		if fd != 0 {
			p.Close(fd)
		}
		if code := killedBy(p, writeErr); code != 0 {
			return code
		}
		if writeErr != nil {
			complain(p, "cat", "write error", writeErr)
			return 1
		}
		if code := killedBy(p, readErr); code != 0 {
			return code
		}
		if readErr != nil {
			complain(p, "cat", name, readErr)
			status = 1
		}
	}
	return status
}
