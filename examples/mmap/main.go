// Command mmap is a narrated tour of mmap(2) in govfs: a shared mapping
// of a tmpfs file that read() and write() see, a private one that they
// do not, anonymous memory, and what truncate does under a mapping.
//
//	go run ./examples/mmap
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/govfs/govfs"
	"github.com/govfs/govfs/vfs"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mmap:", err)
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	k, err := govfs.Boot()
	if err != nil {
		return err
	}
	defer k.Shutdown()
	init := k.Init()
	for _, step := range []func(*vfs.Process, func(string, ...any)) error{
		shared, private, anonymous, truncate,
	} {
		if err := step(init, say); err != nil {
			return err
		}
	}
	return nil
}

// shared: a store through a MAP_SHARED mapping is the file's data, and
// write() shows through the mapping: both are the same page.
func shared(p *vfs.Process, say func(string, ...any)) error {
	say("== MAP_SHARED: the mapping is the file ==")
	fd, err := p.Open("/tmp/notes", vfs.O_RDWR|vfs.O_CREAT|vfs.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	if _, err := p.Write(fd, []byte("hello, world\n")); err != nil {
		return err
	}
	b, err := p.Mmap(fd, 0, 4096, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
	if err != nil {
		return err
	}
	say("mmap(fd %d, 4096 bytes, PROT_READ|PROT_WRITE, MAP_SHARED) gave a []byte of %d bytes;", fd, len(b))
	say("its first bytes are the file's: %q", b[:13])
	copy(b[7:], "mmap!")
	got := make([]byte, 13)
	n, err := p.Pread(fd, got, 0)
	if err != nil {
		return err
	}
	say("a store through the slice (b[7:] = \"mmap!\"), then pread() reads %q", got[:n])
	if _, err := p.Pwrite(fd, []byte("HELLO"), 0); err != nil {
		return err
	}
	say("pwrite(\"HELLO\") at 0, and the slice shows %q: no copy in either direction.", b[:13])
	say("(tmpfs made one contiguous region of the file's pages; the slice is part of it.)")
	return p.Munmap(b)
}

// private: MAP_PRIVATE is a copy; the file never sees its stores.
func private(p *vfs.Process, say func(string, ...any)) error {
	say("== MAP_PRIVATE: a copy of the file ==")
	fd, err := p.Open("/tmp/notes", vfs.O_RDONLY, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	b, err := p.Mmap(fd, 0, 4096, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE)
	if err != nil {
		return err
	}
	say("a read-only fd may be mapped private and writable: the stores are the mapping's own.")
	copy(b, "PRIVATE")
	got := make([]byte, 13)
	n, _ := p.Pread(fd, got, 0)
	say("the mapping holds %q, the file still %q", b[:13], got[:n])
	_, err = p.Mmap(fd, 0, 4096, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_SHARED)
	say("but a shared writable mapping of that read-only fd: %v (EACCES)", err)
	return p.Munmap(b)
}

// anonymous: memory that no file holds, zeroed; and, where the system
// has devfs, the SVR4 trick that gave it before MAP_ANONYMOUS: mapping
// /dev/zero.
func anonymous(p *vfs.Process, say func(string, ...any)) error {
	say("== MAP_ANONYMOUS: zeroed memory ==")
	b, err := p.Mmap(-1, 0, 8192, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE|vfs.MAP_ANONYMOUS)
	if err != nil {
		return err
	}
	say("mmap(-1, 8192, MAP_PRIVATE|MAP_ANONYMOUS): %d of %d bytes are zero; the fd is ignored.", zeros(b), len(b))
	if zfd, err := p.Open("/dev/zero", vfs.O_RDWR, 0); err == nil {
		z, err := p.Mmap(zfd, 0, 8192, vfs.PROT_READ|vfs.PROT_WRITE, vfs.MAP_PRIVATE)
		if err != nil {
			return err
		}
		say("the SVR4 way, mmap of /dev/zero: %d of %d bytes are zero, the same memory.", zeros(z), len(z))
		p.Munmap(z)
		p.Close(zfd)
	}
	fds := make([]int, 2)
	if err := p.Pipe(fds); err != nil {
		return err
	}
	_, err = p.Mmap(fds[0], 0, 4096, vfs.PROT_READ, vfs.MAP_SHARED)
	say("a pipe has no pages to map: %v (ENODEV)", err)
	p.Close(fds[0])
	p.Close(fds[1])
	say("process %d holds %d mapping(s); munmap, then %d.", p.Pid(), p.Mappings(), func() int { p.Munmap(b); return p.Mappings() }())
	return nil
}

func zeros(b []byte) int {
	n := 0
	for _, c := range b {
		if c == 0 {
			n++
		}
	}
	return n
}

// truncate: cutting a mapped file is safe; the mapping reads zeros
// where Linux would raise SIGBUS.
func truncate(p *vfs.Process, say func(string, ...any)) error {
	say("== truncate under a mapping ==")
	fd, err := p.Open("/tmp/notes", vfs.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer p.Close(fd)
	b, err := p.Mmap(fd, 0, 13, vfs.PROT_READ, vfs.MAP_SHARED)
	if err != nil {
		return err
	}
	if err := p.Ftruncate(fd, 5); err != nil {
		return err
	}
	say("ftruncate(fd, 5) under a 13-byte mapping: it now reads %q —", b)
	say("zeros past the end, where Linux sends SIGBUS; no panic, and no other file's data.")
	return p.Munmap(b)
}
