// Package anonfs is Linux's anon_inodefs: the filesystem behind the fd
// objects that have no name anywhere — eventfd, timerfd and epoll. It is
// registered ("anon_inodefs") but never mounted, like pipefs and sockfs,
// and every one of its Files shares ONE inode, as on Linux: fstat of an
// eventfd and of an epoll fd shows the same st_ino, mode 0600 with no
// file type bits.
//
//	p.Eventfd(0, 0)
//	   │  vfs: the EventfdMaker anonfs registered (vfs/anon.go)
//	   ▼
//	anonfs.FS.NewFile("[eventfd]", flags, ops)     anon_inode_getfile
//	   │
//	   ▼
//	File ──▶ dentry "anon_inode:[eventfd]" ──▶ the shared anon inode
//	   │                                         (S_IFMT 0, mode 0600)
//	   └──▶ ops: the object itself (counter, timer, interest list)
//
// The dentry's name is what /proc/PID/fd/N reads back
// ("anon_inode:[eventfd]"), the same way a pipe's reads "pipe:[ino]".
// Each object keeps its state in its FileOperations, not in the inode:
// the inode is shared, so there is nothing per-object to put there; and
// no one may chmod, chown or touch it (EOPNOTSUPP, setattr.go).
//
// # The objects
//
//   - eventfd.go: a 64-bit counter (eventfd2(2)); reads and writes of 8
//     bytes, counter and semaphore modes, POLLIN/POLLOUT.
//   - epoll.go, epoll_ctl.go, epoll_ready.go: epoll(7). An interest is
//     keyed by (File, fd) and lives as long as the File; a callback on
//     each watched File's wait queue feeds a ready list, so epoll_wait
//     costs O(ready). The syscalls' shared checks are in vfs
//     (vfs/sys_epoll.go), which reaches the instance through
//     vfs.Eventpoll.
//   - timerfd.go: a timer read as a file (timerfd_create(2)) on a
//     vfs.Hrtimer: armed at an absolute time on one of the kernel's
//     clocks, so a vfs.FakeClock drives it; a periodic timer is not
//     re-armed per tick but forwarded by the periods that passed when it
//     is read, so an hour of 1 ms periods costs one expiry.
package anonfs
