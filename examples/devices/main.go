// Command devices is a narrated tour of device files in govfs: the
// memory devices /dev/null, /dev/zero and /dev/full, the console, how a
// device node's mode decides who may use the device, a second name for
// a device made with mknod, the RAM disk's read-modify-write sectors,
// a tape whose file marks make two copies give two files, a
// pseudo-terminal, and Solaris's /dev/poll.
//
//	go run ./examples/devices
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/devfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "devices:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	// The console's screen is out: what init writes to /dev/console
	// appears among the narration.
	k, err := govfs.Boot(govfs.WithConsole(nil, out))
	if err != nil {
		return err
	}
	defer k.Shutdown()
	init := k.Init()
	for _, step := range []func(*vfs.Kernel, *vfs.Process, func(string, ...any)) error{
		memory, console, permissions, secondName, ramDisk, tape, pty, devpoll,
	} {
		if err := step(k, init, say); err != nil {
			return err
		}
	}
	return nil
}

// memory: three drivers of major 1, three answers to read and write.
func memory(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== /dev/null, /dev/zero, /dev/full ==")
	var st vfs.Stat_t
	if err := p.Stat("/dev/null", &st); err != nil {
		return err
	}
	say("/dev/null: mode %o, rdev %d:%d, size %d — an inode that names a driver, not data.",
		st.Mode, vfs.Major(st.Rdev), vfs.Minor(st.Rdev), st.Size)
	null, err := p.Open("/dev/null", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer p.Close(null)
	n, _ := p.Write(null, []byte("gone forever"))
	r, _ := p.Read(null, make([]byte, 10))
	say("write(/dev/null, 12 bytes) = %d; read() = %d: end of file, always.", n, r)

	zero, err := p.Open("/dev/zero", vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer p.Close(zero)
	buf := []byte("XXXXXXXX")
	n, _ = p.Read(zero, buf)
	say("read(/dev/zero, 8) = %d: %q — the buffer filled with zeros.", n, buf)

	full, err := p.Open("/dev/full", vfs.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer p.Close(full)
	_, err = p.Write(full, []byte("x"))
	say("write(/dev/full) = %v: a disk that is always full, to test error paths.", err)
	return nil
}

// console: /dev/console is a terminal wired to an io.Writer.
func console(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== the console ==")
	if _, err := p.Write(1, []byte("[console] hello from init\n")); err != nil {
		return err
	}
	var st vfs.Stat_t
	if err := p.Fstat(1, &st); err != nil {
		return err
	}
	tio, err := p.IoctlGetTermios(1, vfs.TCGETS)
	if err != nil {
		return err
	}
	say("the line above went through write(1) → /dev/console (%d:%d) → the writer given to WithConsole:",
		vfs.Major(st.Rdev), vfs.Minor(st.Rdev))
	say("Boot opened the console as init's fds 0, 1 and 2, so every later open starts at fd 3.")
	say("TCGETS: ICANON %v, ECHO %v — a terminal, where /dev/null answers TCGETS with ENOTTY.",
		tio.Lflag&vfs.ICANON != 0, tio.Lflag&vfs.ECHO != 0)
	return nil
}

// permissions: the node's mode, not the driver, decides who may open.
func permissions(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== a device node's mode decides who may use it ==")
	if err := p.Mknod("/tmp/zero", vfs.S_IFCHR|0o666, int(vfs.Mkdev(1, 5))); err != nil {
		return err
	}
	user, err := p.Fork()
	if err != nil {
		return err
	}
	defer user.Exit(0)
	if err := user.Setuid(1000); err != nil {
		return err
	}
	fd, err := user.Open("/tmp/zero", vfs.O_RDONLY, 0)
	say("uid 1000 opens /tmp/zero (crw-rw-rw-, 1:5): fd %d, err %v", fd, err)
	if err == nil {
		user.Close(fd)
	}
	if err := p.Chmod("/tmp/zero", 0o600); err != nil {
		return err
	}
	_, err = user.Open("/tmp/zero", vfs.O_RDONLY, 0)
	say("root chmods it 0600; uid 1000 opens it again: %v", err)
	return nil
}

// secondName: mknod makes another name for the same driver.
func secondName(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== mknod: a second name for the same device ==")
	if err := p.Mknod("/tmp/bitbucket", vfs.S_IFCHR|0o666, int(vfs.Mkdev(1, 3))); err != nil {
		return err
	}
	var a, b vfs.Stat_t
	p.Stat("/dev/null", &a)
	p.Stat("/tmp/bitbucket", &b)
	say("/dev/null is inode %d of devtmpfs, /tmp/bitbucket inode %d of tmpfs: different inodes,", a.Ino, b.Ino)
	fd, err := p.Open("/tmp/bitbucket", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	n, _ := p.Read(fd, make([]byte, 1))
	say("the same rdev %d:%d, so the same driver: read(/tmp/bitbucket) = %d.", vfs.Major(b.Rdev), vfs.Minor(b.Rdev), n)
	return nil
}

// ramDisk: a block device moves whole sectors.
func ramDisk(k *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== /dev/ram0: whole sectors, read-modify-write ==")
	ram := devfs.Of(k).RAM
	fd, err := p.Open("/dev/ram0", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	var size uint64
	if _, err := p.Ioctl(fd, vfs.BLKGETSIZE64, &size); err != nil {
		return err
	}
	ssz, err := p.IoctlGetInt(fd, vfs.BLKSSZGET)
	if err != nil {
		return err
	}
	say("BLKGETSIZE64 = %d bytes, BLKSSZGET = %d: the disk is an array of %d sectors.", size, ssz, size/uint64(ssz))
	for _, w := range []struct {
		off  int64
		size int
	}{{0, 512}, {100, 5}, {500, 1024}, {4096, 4096}} {
		if _, err := p.Pwrite(fd, make([]byte, w.size), w.off); err != nil {
			return err
		}
		st := ram.Stats()
		say("pwrite(%4d bytes at %4d): %d sectors written, %d of them read first", w.size, w.off, st.LastWrite, st.LastRMW)
	}
	say("a cache (Linux's page cache) would gather small writes into whole sectors; this disk has none.")
	return nil
}

// tape: file marks split the tape; nst0 does not rewind on close.
func tape(_ *vfs.Kernel, p *vfs.Process, say func(string, ...any)) error {
	say("== /dev/nst0: a tape of files separated by marks ==")
	fd, err := p.Open("/dev/nst0", vfs.O_WRONLY, 0)
	if err != nil {
		return err
	}
	p.Write(fd, []byte("first file on the tape\n"))
	if _, err := p.Ioctl(fd, vfs.MTIOCTOP, &vfs.MtOp{Op: vfs.MTWEOF, Count: 1}); err != nil {
		return err
	}
	p.Write(fd, []byte("second file\n"))
	p.Close(fd) // a close after a write writes the last mark
	if fd, err = p.Open("/dev/nst0", vfs.O_RDONLY, 0); err != nil {
		return err
	}
	_, err = p.Ioctl(fd, vfs.MTIOCTOP, &vfs.MtOp{Op: vfs.MTREW, Count: 1})
	p.Close(fd)
	if err != nil {
		return err
	}
	say("wrote two files with a mark (MTWEOF) between them, and rewound (MTREW).")
	for _, name := range []string{"/tmp/file1", "/tmp/file2"} {
		if err := cp(p, "/dev/nst0", name); err != nil {
			return err
		}
		data, err := p.ReadFile(name)
		if err != nil {
			return err
		}
		say("cp /dev/nst0 %s → %q", name, data)
	}
	say("cat stopped at each mark (read returned 0); closing nst0 left the head after it.")
	return nil
}

// cp runs /bin/cat src > dst in a child, as a shell would.
func cp(p *vfs.Process, src, dst string) error {
	child, err := p.Fork()
	if err != nil {
		return err
	}
	out, err := child.Open(dst, vfs.O_WRONLY|vfs.O_CREAT|vfs.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	if err := child.Dup2(out, 1); err != nil {
		return err
	}
	child.Close(out)
	go func() {
		if err := child.Exec("/bin/cat", []string{"cat", src}, nil); err != nil {
			child.Exit(127) // as a shell's child whose exec failed
		}
	}()
	status, err := p.Wait(child.Pid())
	if err == nil && status != 0 {
		err = fmt.Errorf("cat %s: status %#x", src, status)
	}
	return err
}
