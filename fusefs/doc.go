// Package fusefs puts a govfs process's view of the tree on a host
// directory, through FUSE (Linux only), so that the host's own tools
// can look at the model: ls -l mnt/proc/1/fd, cat mnt/proc/self/status,
// echo hi > mnt/tmp/f, mkfifo, ln -s, stat, grep -r.
//
//	srv, err := fusefs.Mount(p, "/mnt/govfs", nil)
//	...
//	srv.Unmount()
//
// # How a host request becomes a govfs syscall
//
// The host kernel turns a system call on the mount into FUSE requests
// (LOOKUP, GETATTR, OPEN, READ, ...); go-fuse reads them from /dev/fuse,
// and this package answers each with the govfs system call of the same
// meaning: LOOKUP is fstatat(AT_SYMLINK_NOFOLLOW), READDIR is getdents,
// OPEN is open, READ is pread on the fd that OPEN made, RENAME is
// renameat2. Nodes are named by their path from the process's root,
// walked afresh by govfs on every request; the host kernel caches
// neither names nor attributes (timeouts 0). File data is cached from
// one open to the next (close-to-open, as on NFS), except for files
// outside tmpfs, which govfs makes up on each read: /proc, /sys and
// the like are read with direct I/O, so every cat shows fresh content.
//
// # Whose request
//
// Every request runs in a govfs process with the host caller's uid, gid
// and supplementary groups: one process per credential set, forked from
// the mounted process, so it has the same root and mounts. The mount
// has no default_permissions: the host kernel does not check modes
// itself, govfs's permission checks decide. /proc/self on the mount is
// that credential process. Only Linux's own FIFO, socket and device
// semantics stay with the host: opening a FIFO or a device node on the
// mount opens the host's pipe or device, as on any FUSE mount (and
// device nodes are refused: the mount is nodev).
//
// A request govfs has no call for (xattrs, POSIX locks, ioctl, lseek's
// SEEK_DATA, copy_file_range) is answered ENOSYS, and the
// host kernel falls back to what it does for any filesystem without it.
//
// Everything but this file builds on Linux only.
package fusefs
