// Package vfstest checks govfs against its oracle, Linux.
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
// Scenarios run as root. A block of one may run as another user with
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
// scenario to paste into a case file:
//
//	go test ./vfstest -run TestRandomDifferential -rand.ops=1000000 -rand.budget=0
//	go test ./vfstest -run TestRandomDifferential -rand.seed=31 -rand.ops=1
//	go test ./vfstest -run '^$' -fuzz FuzzRandomDifferential
//
// A backend with calls of its own (sockets, devices, /proc) appends
// [RandOp]s to the table. Paths stay inside the host's sandbox by
// construction (see rand_gen_linux.go), so the host side needs no
// privilege: run as an ordinary user, both sides run as that user.
// TestStress, beside it, runs random calls concurrently on one govfs
// kernel and checks invariants; it needs no host.
//
// # The conformance kit
//
// TestFileSystem, the conformance kit that every backend runs, lives
// beside the harness in this package.
package vfstest
