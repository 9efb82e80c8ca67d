// Package vfstest checks govfs against its oracle, Linux: a conformance
// kit that any backend runs, and a differential harness that runs the same
// scenario on the host kernel and on govfs.
//
// # The conformance kit
//
// TestFileSystem runs a filesystem type through the behaviours Linux's
// filesystems share, each checked the way Linux behaves on tmpfs. Call it
// from a test in the backend's package:
//
//	func TestConformance(t *testing.T) {
//		vfstest.TestFileSystem(t, myfs.FileSystemType{}, "opt=1")
//	}
//
// Every behaviour gets a world of its own, so that behaviours never see
// each other's files:
//
//	for each behaviour:
//	  vfs.NewKernel ─ rootfs (tmpfs) at "/" ─ mkdir /mnt
//	  mount("myfs", "/mnt", "myfs", 0, "opt=1")    the backend under test
//	  init (pid 1, uid 0) chdir /mnt               paths are relative to it
//	  run the behaviour ─ close its fds ─ chdir / ─ umount /mnt
//
// The last step proves that nothing kept the mount busy: a File or a
// reference leaked by the backend or the core fails the behaviour.
//
// A backend need not do everything. Where a behaviour needs an operation
// the backend lacks (no Symlinker, no Mkdirer, ...), its first use
// answers as Linux answers for a missing inode operation — EPERM, or
// EOPNOTSUPP, or EACCES for create — and the behaviour is skipped with a
// message naming what is missing. A small backend is tested on what it
// does, and a growing one gains checks as it gains operations.
//
// At the end the kit logs what it checked:
//
//	vfstest: notes: 53 of 88 behaviours ran, 35 skipped (18 no mkdir, 11 no symlink, 4 no link, 1 no O_TMPFILE, 1 no fallocate)
//
// and fails when fewer than a quarter of the behaviours ran: a backend
// that does almost nothing the kit knows must say so with [AllowSkips],
// or describe itself with the options below, rather than pass quietly.
//
// Without options the kit expects a writable filesystem whose new
// instances start empty. Two options describe other filesystems:
//
//   - [Content] lists what a new instance's root holds: paths, types,
//     modes, owners, file bytes, symlink targets and device numbers. The kit then checks
//     that content — read whole, in pieces and with pread; stat and
//     fstat; getdents with large and small buffers, d_type and d_ino,
//     and after a rewind; lseek; readlink; ENOENT and ENOTDIR for names
//     that are not there; EACCES for another user where the modes say so.
//     The behaviours that write run in a directory of their own,
//     "vfstest.d", so that the content never gets in their way.
//   - [ReadOnly] mounts every instance with MS_RDONLY, leaves out the
//     behaviours that write, and checks Linux's answers on the content:
//     EROFS for every call that would change it (EEXIST for a name that
//     is there, EISDIR for a directory opened for writing), and no
//     timestamp moved by reading.
//
// A type that belongs to one kernel — devtmpfs, whose one instance and
// drivers devfs.Register makes — gets [Setup], which prepares each
// behaviour's kernel before the mount:
//
//	vfstest.TestFileSystem(t, devfs.FileSystemType{}, "",
//		vfstest.Setup(registerDevfs), vfstest.Content(devNodes...))
//
// A read-only backend (examples/rofs) refuses read-write mounts: its
// Mount answers EACCES without MS_RDONLY, as Linux's get_tree_bdev does
// for a read-only device, and a remount that would make it writable is
// refused the same way; on the read-only mount the VFS answers EROFS
// before it calls the backend. Its test is
//
//	vfstest.TestFileSystem(t, rofs.FileSystemType{Tree: tree}, "",
//		vfstest.ReadOnly(), vfstest.Content(entries...))
//
// # The device kit
//
// TestDevice checks one device node and the driver behind it, in a
// kernel its caller boots per behaviour. A [Device] says where the node
// is, its mode, owner and number, and what the driver does the way
// Linux's does it: what reads give ([ReadsEOF], [ReadsZeros],
// [ReadsFull]), what writes do ([WritesAccepted], [WritesENOSPC],
// [WritesStored]), how lseek answers ([SeeksToZero], [SeeksESPIPE],
// [SeeksInSize]), poll's events, the errno of an unknown ioctl, mmap,
// and whether it has one user at a time. The node's side runs for every
// device: stat and fstat, O_PATH (no driver asked), O_DIRECTORY,
// O_CREAT, O_TRUNC (ignored), access modes, chmod and chown as a second
// user, a second node made with mknod in a tmpfs (unmounted afterwards,
// so a leaked File fails), nodev, concurrent calls. An expectation left
// out is a skip that the summary names:
//
//	vfstest: /dev/poll: 13 of 18 behaviours ran, 5 skipped (2 no Device.Seek, 1 no Device.Poll, 1 no Device.Read, 1 no Device.Write)
//
// # The differential harness
//
// A scenario is a short function written once against a [Session]. The
// harness runs it twice — on the real kernel through golang.org/x/sys/unix,
// confined to a fresh sandbox directory, and on govfs, in a fresh process
// whose working directory is a fresh sandbox directory — and records a
// transcript of each run, one line per system call:
//
//	                     scenario(s *Session)
//	                   /                      \
//	      Host (x/sys/unix)                  govfs (*vfs.Process)
//	 sandbox dirfd, *at calls             cwd = /tmp/sandbox
//	              |                                  |
//	open("a", O_RDWR|O_CREAT, 0644) = fd0   open("a", O_RDWR|O_CREAT, 0644) = fd0
//	write(fd0, "hi") = 2                    write(fd0, "hi") = 2
//	rmdir("a") = -1 ENOTDIR                 rmdir("a") = -1 ENOTDIR
//	                   \                      /
//	            equal? else a side-by-side diff, host | govfs
//
// Transcripts hold only what Linux fixes: errno names, byte counts, data,
// fds relative to the first free fd (fd0, fd0+1, ...), symbolic flags,
// and a stat summary (type, permission bits, nlink, size, owner — never
// inode numbers, devices or times; scenarios may record relations such as
// "same inode" with [Session.Note]). Directory listings are recorded sorted
// by name, because the order of a directory is the filesystem's choice.
//
// Both sides implement [System]: the raw calls of [Sys], whose signatures
// are exactly those of x/sys/unix and of *vfs.Process, plus adapters for
// the calls whose struct types differ (stat, openat2, rlimit, getcwd) and
// for mapping errors to errno numbers. [Host] is the kernel side; the
// govfs side wraps a *vfs.Process (see NewGovfs).
//
// Pipes, FIFOs and readiness are recorded the same way: pipe2 shows the
// two fds it returned, poll each fd's events and, after the count, each
// fd's revents by name,
//
//	poll([{fd0, POLLIN}, {fd0+1, POLLOUT}], 0) = 1 [POLLIN|POLLHUP, 0]
//
// and ioctl the request by name (FIONREAD). A call that blocks until the
// scenario does something else runs on a second thread ([Session.Go]);
// its lines are appended, marked "[bg]", when the scenario waits for it,
// so the transcript does not depend on how the threads interleave.
//
// Scenarios run with the test binary's credentials on both sides: the
// govfs process takes the uid, gid and groups of the test process. As
// root every case runs (CI runs them so); as an ordinary user the cases
// that need root skip, each with one line saying why — those that use
// [Session.As] or [Session.InNamespace], and those that call
// [Session.NeedRoot] (chown to another owner, mknod of devices, root's
// bypass of permission bits).
//
// Sockets are recorded the same way ([SocketSys] is the socket half of
// a system, with vfs's sockaddr types; the host adapter converts).
// Addresses, message flags, control messages and peer credentials are
// printed in forms that do not depend on the side or the run:
//
//	bind(fd0, {AF_UNIX "s"}) = 0
//	getsockname(fd0+1) = {AF_UNIX @<autobind>}
//	accept4(fd0+2, 0) = fd0+3 peer {AF_INET 127.0.0.1:port2}
//	recvmsg(fd0+1, 10, 64, 0) = 2 "fd" flags=0 from=nil oob=24[SCM_RIGHTS[fd0+4=fifo]]
//	getsockopt(fd0, SOL_SOCKET, SO_PEERCRED) = {pid=self uid=0 gid=0}
//
// A unix path is relative to the scenario's working directory on both
// sides (the host makes the call on a thread whose own cwd is the
// emulated one); an abstract name gets a prefix unique to the host run,
// taken off again in what the kernel returns; ports are numbered in the
// order the scenario meets them; received fds show what they are. The
// loopback cases use the host's real 127.0.0.1 and ::1 with ports the
// kernel picks.
//
// A block of a scenario may run as another user with
// [Session.As], which works like a child process: it starts with copies
// of the fd table, working directory and umask, keeps its changes to
// them, and holds no fd once it ends. Its lines are marked with the uid:
//
//	chmod(".", 0777) = 0
//	as(uid=1000, gid=1000, groups=[3000]) = 0
//	[uid 1000] open("f", O_RDONLY, 0) = -1 EACCES
//	stat("f") = {reg 0600 nlink=1 size=2 uid=0 gid=0}
//
// On the host the block runs on an OS thread of its own that unshares its
// fd table and fs_struct and sets its credentials with the raw
// setgroups, setresgid and setresuid calls (Linux credentials are per
// thread); the thread exits with the block. On govfs the block runs in a
// forked child with the same ids.
//
// Scenarios use relative paths only: the host side never changes the real
// working directory (it keeps an emulated cwd as a directory fd and issues
// *at calls), so an absolute path would escape the sandbox. Symlink
// targets may be absolute as long as nothing follows them.
//
// The host side shares its fd table, umask and rlimits with the whole test
// binary, so recordings are serialised, holes in the fd table are plugged
// before a scenario starts, and everything a scenario opened is closed
// after it. Run the cases with
//
//	go test ./vfstest/ -run Differential
//
// and check that the scenarios themselves are deterministic (host against
// a second host sandbox) with
//
//	go test ./vfstest/ -run HostDeterminism
//
// # Random sequences
//
// Hand-written scenarios test what their authors thought of; random ones
// find the rest. [GenCalls] draws a sequence of [RandCall]s from an op
// table ([FileRandOps]: files, directories, links, symlinks, renameat2,
// truncate, fallocate, the fd table), hostile arguments mixed in: bad
// fds, empty and 255/256-byte names, trailing slashes, "..", names
// through regular files, huge offsets. [RandDifferential] runs seeded
// sequences on both sides; a difference is shrunk by [ShrinkRand] (drop
// calls, simplify arguments) and printed by [RandReproducer] as a
// scenario to paste into a case file. Every tenth sequence
// (RandConfig.Long, -rand.long) is ten times as long: some states take
// thousands of calls to reach.
//
//	go test ./vfstest -run TestRandomDifferential -rand.ops=1000000 -rand.budget=0
//	go test ./vfstest -run TestRandomDifferential -rand.seed=31 -rand.ops=1
//	go test ./vfstest -run '^$' -fuzz FuzzRandomDifferential
//
// A backend with calls of its own (devices, /proc) appends [RandOp]s to
// the table; [SockRandOps] is the AF_UNIX socket table, which
// TestRandomDifferentialSockets adds to FileRandOps. Paths stay inside the host's sandbox by
// construction (see rand_gen_linux.go), so the host side needs no
// privilege: run as an ordinary user, both sides run as that user.
// TestStress, beside it, runs random calls concurrently on one govfs
// kernel and checks invariants; it needs no host.
package vfstest
