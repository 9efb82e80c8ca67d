// Package pipefs is pipes: the first "not-a-file that is a file".
//
// pipe(2) makes one buffer and two open Files on one inode of pipefs, a
// filesystem that is registered but never mounted, so the inode has a
// name ("pipe:[1234]") but no path. A FIFO is the same buffer reached
// through a name in a real directory: opening a tmpfs S_IFIFO inode
// comes here, and the buffer lives while someone has it open.
//
//	 write(4, ...)                          read(3, ...)
//	      │                                      │
//	fdtable[4] ─▶ File (O_WRONLY) ┐      ┌ File (O_RDONLY) ◀─ fdtable[3]
//	                              ▼      ▼
//	                   pipe: ring of 65536 bytes, readers 1, writers 1
//	                    │ a write: POLLIN     a read of a full pipe: POLLOUT │
//	                    ▼                                                ▼
//	         rq (rd_wait: the read ends)             wq (wr_wait: the write ends)
//	                    └──────▶ the one blocking loop in vfs, epoll ◀──────┘
//
// The buffer never blocks: an empty read or a full write says EAGAIN,
// and the VFS's loop waits on the queue of the end (or returns EAGAIN
// for O_NONBLOCK). As in Linux, a change wakes only the side it
// concerns, which an edge-triggered epoll shows: a write wakes the read
// ends, a read the write ends, if the pipe was full; a close wakes both
// when it leaves one side without ends. An end open for both (a FIFO
// opened O_RDWR) is on a third queue, which every wake-up reaches. Linux's rules hold: writes of at most PIPE_BUF (4096)
// bytes are atomic; a blocking write returns when all is written; the
// last writer's close is end of file; writing without readers is EPIPE
// and SIGPIPE; F_SETPIPE_SZ rounds to a power-of-two number of pages.
package pipefs
