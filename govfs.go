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
	"io"

	"github.com/govfs/govfs/pipefs"
	"github.com/govfs/govfs/sockfs"
	"github.com/govfs/govfs/tmpfs"
	"github.com/govfs/govfs/vfs"
)

// Option configures Boot.
type Option func(*config)

type config struct {
	kernelOpts []vfs.Option
	stdin      io.Reader // WithConsole's: read by nothing until devfs
	stdout     io.Writer
}

// WithClock makes the kernel read time from c (vfs.WithClock): inode
// timestamps, poll(2) timeouts and Process.BlockUntil deadlines, and, if
// c is a vfs.TimerClock such as vfs.FakeClock, the timers that end
// those waits.
func WithClock(c vfs.Clock) Option {
	return func(cf *config) { cf.kernelOpts = append(cf.kernelOpts, vfs.WithClock(c)) }
}

// WithConsole records r and w as the console's input and output.
// Nothing reads them yet: there is no devfs, so no /dev/console, and
// init starts with no fds 0, 1 and 2; Boot ignores them. Devfs, in a
// later change, is to give /dev/console these ends.
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
}

// Boot returns a kernel with tmpfs at / holding /tmp (1777), /home,
// /etc and /bin, pipes (pipefs) and AF_UNIX sockets (sockfs).
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
	return k, nil
}
