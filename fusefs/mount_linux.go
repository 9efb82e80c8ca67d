package fusefs

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"

	"github.com/govfs/govfs/vfs"
)

// Options tune a mount; the zero value (or nil) is a mount only its
// owner can enter.
type Options struct {
	// AllowOther lets host users other than the one who mounted in
	// (FUSE's allow_other; non-root needs user_allow_other in
	// /etc/fuse.conf). What they may then do is govfs's decision.
	AllowOther bool
	// Debug logs every FUSE request and reply (go-fuse's debug output).
	Debug bool
}

// Server is a mounted govfs tree.
type Server struct {
	fuse       *fuse.Server
	mountpoint string
	creds      *creds
	done       chan struct{}

	unmountOnce sync.Once
	unmountErr  error
}

// bridge is what every node shares: the credential processes.
type bridge struct{ creds *creds }

// pathMax caps a readlink reply (Linux's PATH_MAX).
const pathMax = 4096

// maxIO is the largest WRITE and direct-I/O READ the host sends: 1 MiB,
// the kernel's own limit (fuse max_pages 256), so a large write is one
// request, not thirty-two 32 KiB ones. Cached reads come in pieces of
// the host's readahead window (128 KiB by default).
const maxIO = 1 << 20

// Mount shows the tree as p sees it (its root, its mounts, /proc, /dev)
// on the host directory mountpoint, and serves it until Unmount. Root
// mounts with mount(2) directly; anyone else needs fusermount3 (or
// fusermount) on the PATH.
//
// Requests run in children of p that take the host caller's ids, which
// only a root p may give them: a p with another uid serves callers with
// its own ids only, and everyone else gets EPERM, as setuid(2) would.
func Mount(p *vfs.Process, mountpoint string, opts *Options) (*Server, error) {
	if opts == nil {
		opts = &Options{}
	}
	if err := canMount(); err != nil {
		return nil, err
	}
	s := &Server{mountpoint: mountpoint, creds: newCreds(p), done: make(chan struct{})}
	b := &bridge{creds: s.creds}
	zero := time.Duration(0)
	root := &node{b: b}
	raw := fs.NewNodeFS(root, &fs.Options{
		// Every LOOKUP and GETATTR goes to govfs, so a chmod, a rename
		// or a /proc file changed inside govfs shows at once.
		EntryTimeout:    &zero,
		AttrTimeout:     &zero,
		NegativeTimeout: &zero,
		// Mode 0 stays mode 0: the modes shown are govfs's.
		NullPermissions: true,
	})
	srv, err := fuse.NewServer(unsupported{raw}, mountpoint, &fuse.MountOptions{
		AllowOther:   opts.AllowOther,
		Debug:        opts.Debug,
		DirectMount:  os.Geteuid() == 0,
		FsName:       "govfs",
		Name:         "govfs",
		MaxWrite:     maxIO,
		MaxReadAhead: maxIO,
		// With AUTO_INVAL_DATA and attribute timeout 0 the host sends
		// a GETATTR before every read(2), one round trip more per call
		// (BenchmarkRead64MiB: 200 MB/s with it, 780 without). Without
		// it the page cache of a tmpfs file lives from one open to the
		// next, close-to-open as on NFS; /proc and /sys use direct I/O.
		DisabledCapabilities: fuse.CAP_AUTO_INVAL_DATA,
		// Splicing a byte-slice reply copies it into a pipe first;
		// writev is one copy less.
		DisableSplice: true,
		// No default_permissions: the host kernel asks, govfs decides.
	})
	if err != nil {
		s.creds.close()
		return nil, fmt.Errorf("fusefs: mount %s: %w", mountpoint, err)
	}
	s.fuse = srv
	go func() {
		srv.Serve()
		s.creds.close()
		close(s.done)
	}()
	if err := srv.WaitMount(); err != nil {
		s.Unmount()
		return nil, fmt.Errorf("fusefs: mount %s: %w", mountpoint, err)
	}
	return s, nil
}

// canMount says why this process cannot mount, before go-fuse tries.
func canMount() error {
	if _, err := os.Stat("/dev/fuse"); err != nil {
		return fmt.Errorf("fusefs: needs /dev/fuse: %w", err)
	}
	if os.Geteuid() == 0 {
		return nil
	}
	for _, bin := range []string{"fusermount3", "fusermount"} {
		if _, err := exec.LookPath(bin); err == nil {
			return nil
		}
	}
	return errors.New("fusefs: needs root or fusermount3: not root and no fusermount3 on the PATH")
}

// Unmount detaches the tree from the host and waits until the server
// has stopped. As root, files the host still holds open do not keep it:
// a busy mount is aborted (umount -f: their later calls get ENOTCONN)
// and detached; without root, fusermount -u refuses a busy mount. Then
// every credential process exits, closing the govfs fds that stood
// behind the host's files. Later calls return the first one's result.
func (s *Server) Unmount() error {
	s.unmountOnce.Do(func() {
		select {
		case <-s.done: // unmounted from the host already
			return
		default:
		}
		err := syscall.Unmount(s.mountpoint, 0)
		if errors.Is(err, syscall.EBUSY) {
			syscall.Unmount(s.mountpoint, syscall.MNT_FORCE) // aborts the connection, may still be EBUSY
			err = syscall.Unmount(s.mountpoint, syscall.MNT_DETACH)
		}
		if err != nil && os.Geteuid() != 0 {
			err = s.fuse.Unmount() // fusermount -u
		}
		if err != nil {
			s.unmountErr = fmt.Errorf("fusefs: unmount %s: %w", s.mountpoint, err)
			return
		}
		// A request blocked inside govfs ends with ESRCH when its
		// process exits, so the server's loops can finish.
		s.creds.close()
		<-s.done
	})
	return s.unmountErr
}

// Wait blocks until the tree is unmounted, by Unmount or from the host
// (umount, fusermount -u).
func (s *Server) Wait() { <-s.done }
