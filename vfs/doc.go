// Package vfs is the core of govfs: a model of the Linux virtual file
// system in which every kind of file is reached through one fd table
// and one set of system calls: regular files, directories, symlinks,
// FIFOs and pipes (tmpfs, pipefs), sockets (sockfs, behind socket.go's
// SocketOperations), devices (devfs, through registry.go's drivers by
// major:minor), /proc and /sys (procfs, sysfs, through the hooks of
// backend_api.go and ops.go) and the anon inodes of eventfd, timerfd and
// epoll (anonfs, through anon.go's makers).
//
// # Layers
//
// A system call crosses the same layers it crosses in Linux, each in its
// own file:
//
//	p.Write(3, buf)                      sys_rw.go     the system call, on *Process
//	   │
//	   ▼
//	fdtable[3] ──▶ *File                 fdtable.go    fd → open file description
//	   │            offset, flags          file.go       generic checks (EBADF, EISDIR, ESPIPE),
//	   │            f_op                                 then dispatch to the backend
//	   ▼
//	FileOperations.Write                 (backend)     tmpfs pages, a pipe buffer, a socket...
//
//	p.Sendto(3, buf, flags, sa)          sys_sockmsg.go the socket calls find the File the same
//	   │                                  sockaddr.go   way, convert the address, turn
//	   ▼                                  scm.go        SCM_RIGHTS fds into Files and back,
//	fdtable[3] ──▶ *File ──▶ SocketOperations.Sendmsg  and run the blocking loop (socket.go)
//
//	p.Mmap(3, 0, n, prot, MAP_SHARED)    mmap.go       do_mmap's checks in Linux's order, then
//	   │                                  mmap_table.go the process's mappings: each holds its
//	   ▼                                                File, exec and exit drop them
//	fdtable[3] ──▶ *File ──▶ Mmaper.Mmap (backend)     a []byte the file's pages alias (tmpfs),
//	                          Unmapper.Unmap           or a copy; told when the mapping goes
//
//	p.Open("/tmp/a/b", ...)              sys_open.go
//	   │
//	   ▼
//	namei: "/" → tmp → a → b             namei.go      the one path walk: ".", "..", symlinks,
//	   │    search permission per dir   cred.go       mounts, RESOLVE_*; permissions
//	   ▼
//	Dentry ──▶ Inode ──▶ backend node    dentry.go     the name cache; inode.go the object
//	   │                                  ops.go        Lookuper, Creater, Mkdirer, ... (optional)
//	   ▼
//	Mount ──▶ SuperBlock ──▶ FileSystemType           mount.go, super.go, kernel.go
//
// The fd is not the file: two fds (dup) or two processes (fork) can
// share one File and its offset. The File is not the inode: two opens of
// one inode have separate offsets. The dentry is not the inode: hard
// links are two dentries on one inode.
//
// Kernel.Diagram (diagram.go) draws these objects as they are in a
// running kernel, each once, so what is shared shows: processes, fd
// tables, Files, dentries, inodes, superblocks and mounts, plus what a
// backend's DiagramLinker adds (a pipe's buffer, a socket's peer, the
// Files an epoll watches); diagram_write.go spells the graph as
// Graphviz DOT and as Mermaid.
//
// # Lifecycles
//
// Everything that holds an object holds it through a reference, as in
// Linux, and the chain is always the same:
//
//	fd ──▶ File ──▶ Path{Mount, Dentry} ──▶ Inode ──▶ backend node
//	cwd, root, O_PATH fd ──▶ Path           Mount ──▶ SuperBlock
//
// Inode: a backend makes it with Init. Its count (i_count) is the number
// of live dentries on it: one per hashed name, and one per unhashed
// dentry still held. When the link count and that count are both zero
// the backend's Evict runs once (tmpfs frees its pages there); nothing
// can reach the inode after.
//
// Dentry: made by a lookup or a create and hashed into its parent's
// children, which holds one reference; every path holder (a File, an
// O_PATH fd, a cwd, a root, a mount's root) holds another. Unlink,
// rmdir and rename-over unhash it and drop the cache's reference; the
// last reference kills it for good, and it lets go of its inode. That
// is how an unlinked file stays readable while open and is freed at its
// last close. The path walk takes no references (it reads the cache
// lock-free); a caller that keeps what the walk found makes it hold with
// Path.tryGet, which fails on a dentry that died or a mount that umount
// doomed meanwhile, and then walks again (legitimize_path). Root's
// plain walks are also remembered whole (walkcache.go): an entry is
// used only while no rename or mount change has happened since and its
// dentry is alive, so it gives what a fresh walk would.
//
// File: open makes it with one reference, held by the fd. dup and fork
// add references, and each system call holds one more while it runs, so
// a read in progress survives close(2) of its fd. Flush runs on every
// close(2), Release on the last reference. A DecRef past the last
// reference panics. A released File that only the core ever held (not
// handed out by Fget, IncRef or OnRelease, not seen by an Opener unless
// it promised to forget it, FileForgetter) goes back to a pool for the
// next open, as Linux's filp cache does; the
// fd table's lock-free lookup checks after taking its reference that
// the fd still holds the File, so it never takes a reused one for
// another fd's.
//
// Mount: every File, cwd and root inside a mount holds a reference,
// counted in shards (mntcount.go); umount(2) dooms the mount, then
// counts, so that it and an open cannot both miss each other: a
// referenced mount is EBUSY, MNT_DETACH detaches it at once. A detached
// mount's last reference releases its root dentry and its superblock;
// the last mount of a superblock shuts it down, evicting every inode in
// its tree and calling the backend's Kill (kill_sb).
//
// Process: Kernel.Init makes pid 1, Fork the others. Exit closes the fd
// table, drops its mappings and the root and cwd for good, hands the children to init
// and leaves a zombie that the parent's Wait reaps (exit.go). After Exit
// every system call of the process fails with ESRCH: the fd table, the
// path walk's start, the credentials and the process tree each refuse
// an exited process, and an open or fork racing the exit is undone by
// it, so an exited process holds no File and no Mount. The methods
// without an error result, and Kill, are the exceptions the Process doc
// lists.
//
// # Locks
//
// Every object is safe for many goroutines. Locks are taken in this
// order, and never in another:
//
//	Kernel.renameMu        s_vfs_rename_mutex: every rename(2) takes it, d_path
//	                       (getcwd, DPath, PathOf) shares it
//	  dirCache.mu          a directory's names (its i_rwsem): parent before child,
//	                       ancestor before descendant; the path walk holds
//	                       at most one, for a lookup the lock-free read of
//	                       the cache did not answer
//	    Inode.mu           attributes and the backend's data (i_rwsem and
//	                       i_lock in one): backends' Getattr runs under it,
//	                       and a backend's own locks (a pipe's) come after it
//	    Kernel.mountMu     the mount hash; d_path takes it after renameMu
//	                       (walks read each mountpoint's share, Dentry.mnts,
//	                       without it)
//	    Process.fsMu       serializes changes of root, cwd, creds and limits,
//	                       and their copy by fork: a leaf (readers load the
//	                       current ones atomically; the umask is one atomic
//	                       word, swapped without it)
//	File.posMu             the offset of one File (f_pos_lock), held around one
//	                       read, write, lseek or getdents on it: taken before
//	                       dirCache.mu and Inode.mu, never after them
//	Kernel.procMu          the pid table and the process tree (tasklist_lock):
//	                       every parent link, children map, zombie queue and
//	                       exit status. A leaf: Fork and Exit take it once
//	                       they are done with the fd table and Process.fsMu,
//	                       and wake a waiting parent after releasing it
//
// The fd table takes no lock at all (see FDTable). Leaves taken alone:
// a process's mapping table (a backend's Unmap runs after it is
// released), its signal state, a File's owner and a FasyncList (Kill
// holds the list while it signals each owner, taking only leaves), the
// kernel's registries (filesystem
// types, drivers, the FIFO opener, socket families) and the tracer's
// mutex, under which a traced call's block of lines is written whole.
// Kernel.Diagram takes each object's lock alone, in this order, while
// it reads that one object, and none while a backend's DiagramLinks
// runs. WaitQueue.mu is
// held while Notify calls a callback entry (NewWaiterFunc), so what a
// callback locks comes after it. A backend's own locks (a pipe's, a
// tmpfs instance's limits) sit below Inode.mu; the path walk and File
// dispatch never hold one of them across a call into another layer.
//
// Where references drop matters too: the last put of a dentry runs the
// backend's Evict, which may happen with a directory's lock held (an
// unlink), so Evict takes only the backend's own locks; the last put of
// a detached mount shuts its superblock down, taking directory and
// inode locks, so a File's last DecRef must come with no VFS lock held.
//
// # Blocking
//
// Backends never block. A read with nothing to read returns EAGAIN, and
// a backend whose readiness changes calls Notify on its WaitQueue
// (wait.go). The VFS does the waiting in one loop, in block.go: the call
// tries once; with O_NONBLOCK or a zero timeout it returns that try's
// EAGAIN (or poll's 0) as is; otherwise it registers a Waiter on the
// file's queue, tries again, and sleeps until a Notify, its deadline or
// a signal (EINTR), then tries again. Blocking read and write
// (sys_rw.go), poll(2) (one Waiter on the queues of all its files, so
// no goroutine per fd), Process.Block (a FIFO's open) and
// Process.BlockUntil (a timeout like SO_RCVTIMEO: EAGAIN when the
// deadline passes) are all this loop. Deadlines are measured, and their
// timers armed, on the kernel's Clock, so a FakeClock runs them forward
// without sleeping (clock.go).
//
// For epoll, a WaitQueue entry can also be a function (NewWaiterFunc),
// which Notify calls with the queue's lock held, so the locks it takes
// come after WaitQueue.mu; an exclusive one (NewExclusiveWaiterFunc,
// EPOLLEXCLUSIVE) runs after all others and ends the wake-up when it
// says it woke someone; and File.OnRelease says when a watched file
// dies.
//
// # Tracing
//
// Kernel.Trace(w) writes one strace-style line per system call.
// Kernel.TraceWith(w, TraceOptions{Level: TraceLayers}) adds, indented
// under each line, the layers above: the fd table lookup, the File, the
// backend whose file operation ran, the sleeps on a wait queue, where a
// path walk ended and the permission check that stopped it; TraceWalk
// adds each step of the walk. PID and FDs filter by process and fd.
//
//	[1] openat(AT_FDCWD, "/tmp/l/f", O_RDONLY) = 3
//	    walk "/tmp/l/f" from root /
//	      "tmp": dcache hit
//	      "l": dcache hit
//	      symlink "l" → "/tmp/m"
//	      "tmp": dcache hit
//	      "m": dcache hit
//	      cross mount: tmpfs on /tmp/m
//	      "f": dcache hit
//	    namei "/tmp/l/f" → dentry "f", tmpfs inode 2
//	    new File{O_RDONLY|O_LARGEFILE, pos 0, /tmp/m/f}, f_op tmpfs
//	    fdtable[3] ← File
//	[1] read(4, 16) = 2
//	    fdtable[4] → File{O_RDONLY, pipe:[7]}
//	    f_op: pipefs read → EAGAIN
//	    add waiter to waitqueue, try again
//	    f_op: pipefs read → EAGAIN
//	    sleep on waitqueue (would block)
//	    woken
//	    f_op: pipefs read → 2
//	[2] stat(AT_FDCWD, "/tmp/private/x", 0) = -1 EACCES (permission denied)
//	    may_lookup: EACCES (dir 0700 uid 0 gid 0, cred fsuid 65534 fsgid 65534)
//	    namei "/tmp/private/x": EACCES
//
// Every call shows its layers. A call on an fd shows the File the fd
// table led to and the operation it dispatched (f_op: tmpfs llseek,
// i_op: tmpfs getattr for fstat); close shows the slot cleared, the
// File's count going down and, on the last reference, the backend's
// release; dup and dup2 the second fd taking the same File; poll,
// accept and epoll_wait their sleeps on the wait queue. A path call
// shows its walk, where it ended (for mkdir, unlink, rename... the
// parent and the name left), the inode operation it dispatched and the
// check that refused it:
//
//	[1] close(3) = 0
//	    fdtable[3] → File{O_RDONLY, pipe:[7]}
//	    fdtable[3] ← cleared; File refs 1 → 0
//	    f_op: pipefs release
//	[1] renameat2(AT_FDCWD, "/tmp/a/f", AT_FDCWD, "/tmp/b/g", 0) = 0
//	    namei "/tmp/a/f" → parent dentry "a", tmpfs inode 41; last "f"
//	    namei "/tmp/b/g" → parent dentry "b", tmpfs inode 42; last "g"
//	    i_op: tmpfs rename "f" in "a" → "g" in "b"
//	[2] unlinkat(AT_FDCWD, "/tmp/s/f", 0) = -1 EPERM (operation not permitted)
//	    namei "/tmp/s/f" → parent dentry "s", tmpfs inode 40; last "f"
//	    may_delete: EPERM (sticky dir 1777 uid 0, file uid 0, cred fsuid 65534)
//
// fork shows the fd table copied onto the same Files, the fd-making
// calls (pipe2, socket, eventfd2...) the Files they installed. The
// calls that touch neither an fd, a path nor a File (kill, wait4,
// exit_group, the interval timers, sync, munmap) have no layer below
// the call and write their line alone. Each call collects its lines in a record of its
// own and writes them in one piece (trace_call.go, trace_ops.go), so
// calls made at once never mix; with tracing off each hook is one
// atomic load and nil checks, and nothing is allocated.
//
// # Writing a backend
//
// A backend registers a FileSystemType whose Mount makes a SuperBlock.
// Its nodes embed Inode and implement the small interfaces of ops.go
// they support; what they lack the VFS answers as Linux does (EPERM for
// a missing Symlink, say). A directory without Lookuper keeps its names
// in the dentry cache, as ramfs does; the helpers in libfs.go then give
// link, unlink, rmdir, rename and readdir for free. See package tmpfs,
// and vfstest.TestFileSystem to prove a backend.
package vfs
