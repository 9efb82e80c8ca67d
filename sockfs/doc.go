// Package sockfs is sockets: the "not-a-file that is a file" that talks
// back.
//
// socket(2) makes an inode on sockfs, a filesystem registered but never
// mounted (like pipefs), and an open File named "socket:[1234]" whose
// operations are the socket's. So read(2), write(2), poll(2), close(2)
// and fd passing reach a socket through the same fd table and File as
// any file; the socket calls (bind, connect, sendmsg, ...) find the same
// File and call its vfs.SocketOperations. The VFS does what is the same
// for every family (address conversion, control messages, the blocking
// loop, SIGPIPE, timeouts); this package does the rest.
//
//	write(4, "hi")             sendmsg(3, ..., SCM_RIGHTS{fd 5})
//	     │                           │
//	fdtable[4] ─▶ File ──┐      ┌── File ◀─ fdtable[3]
//	                     ▼      ▼
//	               unixSock ◀─peer─▶ unixSock
//	                 │ skbs appended to the peer's receive queue,
//	                 │ charged to our send buffer (SO_SNDBUF)
//	                 ▼
//	      vfs.WaitQueue.Notify(POLLIN) ─▶ the one blocking loop in vfs
//
// A socket never blocks: a receive with nothing queued, or a send with
// the send buffer full, says EAGAIN, and the VFS waits on the socket's
// queue (or returns EAGAIN for O_NONBLOCK and MSG_DONTWAIT).
//
// # Layers
//
//   - sockfs.go: the filesystem, Register, NewFile (the S_IFSOCK inode
//     and its File); families are registered from a list that a
//     sibling file extends with an init (AF_INET: inet.go).
//   - queue.go: what every family's data path is made of. An skb is one
//     buffer (a datagram, a record, a piece of a stream) with the Files,
//     credentials and sender address that came with it; an skbQueue is a
//     receive queue; a sndbuf is a sender's account. A stream send cuts
//     its bytes into skbs with streamSkb and a message send makes one
//     with dgramTruesize; readStream reads a stream queue as Linux does
//     (gluing skbs, stopping after Files); roomWaiters are the senders
//     waiting for room in a full receiver. Skb data lives in pooled
//     buffers (newData, given back by free). AF_INET's UDP keeps its
//     datagrams in a queue of its own, and its TCP moves bytes through a
//     ring per direction (inet_ring.go): TCP carries no records, Files
//     or credentials, so it needs none of the skb bookkeeping.
//   - unix.go, socket.go: the AF_UNIX family, one unixSock per socket,
//     its life (Release) and shutdown(2).
//   - bind.go: names: path names are S_IFSOCK nodes made through the
//     VFS's mknod, found again by inode; abstract names ("\x00name")
//     and autobind ("\x00" and five hex digits) live in a table.
//   - unix_stream.go: listen, connect (which queues a ready "embryo"
//     socket on the listener), accept, and the byte stream.
//   - unix_dgram.go: datagrams and seqpacket records.
//   - scm.go, gc.go: SCM_RIGHTS and SCM_CREDENTIALS in skbs; the
//     collector of sockets kept alive only by their own queues.
//   - poll.go, sockopt.go: readiness and SOL_SOCKET options;
//     sockopt_generic.go: the SOL_SOCKET flags every family keeps alike.
//   - inet_cmsg.go: the control messages of a TCP or UDP send, which
//     the VFS leaves raw for the family (vfs.RawControl).
//
// # The buffer model
//
// As on Linux, a unix socket's receive queue is bounded by its senders'
// send buffers, not by its own SO_RCVBUF: each skb is charged at the
// truesize Linux 6.x on x86-64 gives it (the data rounded up to a slab
// object or pages, plus the sk_buff), and a sender may queue another skb
// while its charge is below SO_SNDBUF (212992 by default). So a
// non-blocking socketpair takes what the host's takes before EAGAIN:
// 278 one-byte writes, 44 writes of 4096 bytes, 233152 bytes of
// 65536-byte writes on SOCK_STREAM; 278, 26 and 4 writes on SOCK_DGRAM
// and SOCK_SEQPACKET. A datagram larger than SO_SNDBUF-32 is EMSGSIZE;
// a datagram socket not connected back to its sender takes at most 11
// queued datagrams (net.unix.max_dgram_qlen 10, plus one) before the
// sender waits. POLLOUT means at most a quarter of the send buffer is in
// flight.
//
// # Departures from Linux
//
// No MSG_OOB on streams (EOPNOTSUPP to send, EINVAL to receive), no
// SO_PEEK_OFF, no disconnect by connect(AF_UNSPEC) (vfs.Sockaddr cannot
// say it). write(2) carries no process, so the credentials it records
// are those the socket was made (or accepted) with, and listen(2)'s
// SO_PEERCRED is the creator's too. Timeouts are rounded to the jiffies
// of a HZ=250 kernel. wmem_max and rmem_max are Linux's defaults
// (212992), not the host's sysctls.
package sockfs
