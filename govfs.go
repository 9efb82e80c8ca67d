// Package govfs assembles a ready system: Boot registers the
// filesystems, mounts the root and makes the standard directories, the
// way init and an initramfs would.
//
//	k, _ := govfs.Boot()
//	p := k.Init()                    // pid 1, root, cwd "/"
//	fd, _ := p.Open("/tmp/hello", vfs.O_CREAT|vfs.O_RDWR, 0o644)
//	p.Write(fd, []byte("hi\n"))
package govfs

import (
	"github.com/govfs/govfs/anonfs"
	"io"

	"github.com/govfs/govfs/bin"
	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/pipefs"
	"github.com/govfs/govfs/procfs"
	"github.com/govfs/govfs/sockfs"
	"github.com/govfs/govfs/sysfs"
	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// Option configures Boot.
type Option func(*config)

type config struct {
	kernelOpts []vfs.Option
	stdin      io.Reader // WithConsole's: /dev/console's input ...
	stdout     io.Writer // ... and output
}

// WithClock makes the kernel read time from c (vfs.WithClock): inode
// timestamps, poll(2) timeouts and Process.BlockUntil deadlines, and, if
// c is a vfs.TimerClock such as vfs.FakeClock, the timers that end
// those waits.
func WithClock(c vfs.Clock) Option {
	return func(cf *config) { cf.kernelOpts = append(cf.kernelOpts, vfs.WithClock(c)) }
}

// WithConsole wires /dev/console to r (what reads of it return) and w
// (where writes to it go); init's fds 0, 1 and 2 are open on it. By
// default the console's input is empty and its output discarded.
func WithConsole(r io.Reader, w io.Writer) Option {
	return func(cf *config) { cf.stdin, cf.stdout = r, w }
}

// standardDirs are made at boot, with their modes.
var standardDirs = []struct {
	path string
	mode uint32
}{
	{"/tmp", 0o1777},
	{"/home", 0o755},
	{"/etc", 0o755},
	{"/bin", 0o755},
	{"/dev", 0o755},
	{"/proc", 0o555},
	{"/root", 0o700},
}

// userDB are the user and group databases Boot writes, so that ls -l
// shows owners by name and su finds its users: root, a demo user 1000
// (its home is not made), and nobody, the owner of files from an
// unmapped id; disk and tape own devtmpfs's block and tape devices.
var userDB = []struct{ path, data string }{
	{"/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n" +
		"user:x:1000:1000:user:/home/user:/bin/sh\n" +
		"nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"},
	{"/etc/group", "root:x:0:\ndisk:x:6:\ntape:x:26:\nuser:x:1000:\nnogroup:x:65534:\n"},
}

// Boot returns a kernel with tmpfs at / holding /tmp (1777), /home,
// /etc (with passwd and group naming root, user 1000 and nobody), /bin
// and /root (0700), devtmpfs at /dev and devpts at /dev/pts (package devfs), proc at /proc (package procfs), sysfs at /sys, pipes (pipefs),
// AF_UNIX sockets (sockfs), and eventfd, timerfd and epoll (anonfs). Init starts with fds 0, 1 and 2 open on
// /dev/console, so its first open returns fd 3. /bin holds
// the programs of package bin (ls, cat, grep, mount, ps, su, ...),
// registered and installed.
func Boot(opts ...Option) (*vfs.Kernel, error) {
	var cf config
	for _, o := range opts {
		o(&cf)
	}
	k := vfs.NewKernel(cf.kernelOpts...)
	if err := tmpfs.Register(k); err != nil {
		return nil, err
	}
	if _, err := pipefs.Register(k); err != nil {
		return nil, err
	}
	if _, err := sockfs.Register(k); err != nil {
		return nil, err
	}
	if _, err := anonfs.Register(k); err != nil {
		return nil, err
	}
	if _, err := devfs.Register(k, devfs.WithConsole(cf.stdin, cf.stdout)); err != nil {
		return nil, err
	}
	if _, err := procfs.Register(k); err != nil {
		return nil, err
	}
	if err := k.MountRoot("tmpfs", 0, "mode=755"); err != nil {
		return nil, err
	}
	p := k.Init()
	for _, d := range standardDirs {
		if err := p.Mkdir(d.path, d.mode); err != nil {
			return nil, err
		}
		if err := p.Chmod(d.path, d.mode); err != nil {
			return nil, err
		}
	}
	if err := p.Mount("devtmpfs", "/dev", "devtmpfs", 0, ""); err != nil {
		return nil, err
	}
	if err := p.Mkdir("/dev/pts", 0o755); err != nil {
		return nil, err
	}
	if err := p.Mount("devpts", "/dev/pts", "devpts", 0, ""); err != nil {
		return nil, err
	}
	if err := p.Mount("proc", "/proc", "proc", 0, ""); err != nil {
		return nil, err
	}
	if err := mountSysfs(k, p); err != nil {
		return nil, err
	}
	if err := openConsole(p); err != nil {
		return nil, err
	}
	if err := bin.Install(k, "/bin"); err != nil {
		return nil, err
	}
	if err := writeUserDB(p); err != nil {
		return nil, err
	}
	return k, nil
}

// writeUserDB writes /etc/passwd and /etc/group, mode 0644, unless
// they are there.
func writeUserDB(p *vfs.Process) error {
	for _, f := range userDB {
		fd, err := p.Open(f.path, vfs.O_WRONLY|vfs.O_CREAT|vfs.O_EXCL|vfs.O_CLOEXEC, 0o644)
		if err == vfs.EEXIST {
			continue
		}
		if err != nil {
			return err
		}
		_, err = p.Write(fd, []byte(f.data))
		if cerr := p.Close(fd); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// openConsole gives init its standard input, output and error: one
// open of /dev/console, read-write, and two dups of it, as Linux's
// console_on_rootfs does before it runs init.
func openConsole(p *vfs.Process) error {
	fd, err := p.Open("/dev/console", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	if fd != 0 {
		return vfs.EBUSY // init had fds open before Boot made them: not ours
	}
	for range 2 {
		if _, err := p.Dup(0); err != nil {
			return err
		}
	}
	return nil
}

// mountSysfs registers sysfs, after the drivers whose devices it lists,
// and mounts it at /sys.
func mountSysfs(k *vfs.Kernel, p *vfs.Process) error {
	if _, err := sysfs.Register(k); err != nil {
		return err
	}
	if err := p.Mkdir("/sys", 0o555); err != nil {
		return err
	}
	return p.Mount("sysfs", "/sys", "sysfs", 0, "")
}
