package vfstest

import (
	"sync"

	"github.com/stretchr/testify/require"

	"github.com/govfs/govfs/vfs"
)

// TestDevice's behaviours of the node rather than the driver: who may
// open it, second names, nodev mounts, exclusive opens, and concurrent
// calls.

// kitDevUser is the second user of ModeAndOwnerBindOtherUsers.
const kitDevUser = 4243

// checkDevPermission: the node's mode and owner decide who may open
// the device; chmod and chown of the node change that.
func checkDevPermission(c *devCheck) {
	u, err := c.p.Fork()
	c.ok(err, "fork")
	defer func() { u.Exit(0); _, _ = c.p.Wait(u.Pid()) }()
	c.ok(u.Setgroups([]int{}), "setgroups")
	c.ok(u.Setgid(kitDevUser), "setgid")
	c.ok(u.Setuid(kitDevUser), "setuid")
	c.ok(c.p.Chmod(c.d.Path, 0o600), "chmod(%q, 0600)", c.d.Path)
	_, err = u.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.is(err, vfs.EACCES, "open(%q) as uid %d, mode 0600 root", c.d.Path, kitDevUser)
	c.ok(c.p.Chown(c.d.Path, kitDevUser, kitDevUser), "chown(%q)", c.d.Path)
	fd, err := u.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.ok(err, "open(%q) as its owner", c.d.Path)
	c.ok(u.Close(fd), "close")
	c.ok(c.p.Chmod(c.d.Path, 0o060), "chmod(%q, 0060)", c.d.Path)
	_, err = u.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.is(err, vfs.EACCES, "open(%q) as its owner, mode 0060: the owner bits apply, not the group's", c.d.Path)
	c.ok(u.Chmod(c.d.Path, 0o600), "chmod by the node's owner")
	fd, err = u.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.ok(err, "open(%q) after its owner's chmod", c.d.Path)
	c.ok(u.Close(fd), "close")
	err = u.Mknod("/vfstest.user-node", c.d.Mode, int(c.d.Rdev))
	require.Error(c.t, err, "mknod of a device node as uid %d", kitDevUser)
}

// checkDevTwin makes a second node with the same number in a tmpfs:
// it reaches the same driver, and the tmpfs unmounts once it is closed.
func checkDevTwin(c *devCheck) {
	name := c.twin(c.scratch(0))
	st := c.stat(name)
	require.Equal(c.t, c.d.Rdev, st.Rdev, "st_rdev of the second name")
	require.NotEqual(c.t, c.stat(c.d.Path).Ino, st.Ino, "a second node is a second inode")
	fd := c.open(name, c.accessMode(), 0)
	if c.d.Read != ReadUnchecked {
		c.readAs(fd, c.d.Read, "the second name")
	}
	if c.d.Exclusive {
		_, err := c.p.Open(c.d.Path, vfs.O_RDONLY, 0)
		c.is(err, vfs.EBUSY, "open(%q) while the second name has the device", c.d.Path)
	}
	c.close(fd)
	if c.d.Write == WritesStored {
		fd = c.open(name, vfs.O_WRONLY, 0)
		c.write(fd, "twin")
		c.close(fd)
		fd = c.open(c.d.Path, vfs.O_RDONLY, 0)
		require.Equal(c.t, "twin", c.read(fd, 4), "written through the second name, read through the first")
		c.close(fd)
	}
}

// checkDevNodev: on a nodev mount the node opens nothing (EACCES), but
// stat and O_PATH still work.
func checkDevNodev(c *devCheck) {
	name := c.twin(c.scratch(vfs.MS_NODEV))
	_, err := c.p.Open(name, vfs.O_RDONLY, 0)
	c.is(err, vfs.EACCES, "open(%q) on a nodev mount", name)
	c.close(c.open(name, vfs.O_PATH, 0))
	require.Equal(c.t, c.d.Rdev, c.stat(name).Rdev)
}

// checkDevExclusive: an exclusive device refuses a second open (EBUSY)
// until every fd of the first is closed; any other opens twice at once.
func checkDevExclusive(c *devCheck) {
	fd := c.open(c.d.Path, vfs.O_RDONLY, 0)
	if !c.d.Exclusive {
		c.close(c.open(c.d.Path, vfs.O_RDONLY, 0))
		c.close(fd)
		return
	}
	_, err := c.p.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.is(err, vfs.EBUSY, "a second open of %s", c.d.Path)
	dup, err := c.p.Dup(fd)
	c.ok(err, "dup: the same open file, not a second open")
	c.close(fd)
	_, err = c.p.Open(c.d.Path, vfs.O_RDONLY, 0)
	c.is(err, vfs.EBUSY, "open of %s while a dup holds it", c.d.Path)
	c.close(dup)
	c.close(c.open(c.d.Path, vfs.O_RDONLY, 0))
}

// checkDevConcurrent reads, writes, polls and closes from several
// goroutines at once (one shared fd for an exclusive device): run with
// -race, a driver that shares state without locking fails here.
func checkDevConcurrent(c *devCheck) {
	shared := -1
	if c.d.Exclusive {
		shared = c.open(c.d.Path, c.accessMode(), 0)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			buf := make([]byte, 32)
			for i := range 50 {
				fd := shared
				if fd < 0 {
					var err error
					if fd, err = c.p.Open(c.d.Path, c.accessMode(), 0); err != nil {
						errs <- err
						return
					}
				}
				if c.d.Read != ReadUnchecked {
					c.p.Read(fd, buf) // a tape at its end says EIO: only the race matters
				}
				if c.d.Write != WriteUnchecked && c.d.Write != WritesENOSPC && i%5 == 0 {
					c.p.Write(fd, buf[:4])
				}
				c.p.Poll([]vfs.PollFd{{Fd: int32(fd), Events: vfs.POLLIN | vfs.POLLOUT}}, 0)
				if shared < 0 {
					if err := c.p.Close(fd); err != nil {
						errs <- err
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		c.ok(err, "open or close from a goroutine")
	}
	if shared >= 0 {
		c.close(shared)
	}
}
