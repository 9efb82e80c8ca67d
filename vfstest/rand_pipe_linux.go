//go:build linux

package vfstest

import "golang.org/x/sys/unix"

// PipeRandOps is the op table of pipes and FIFOs, to append to
// FileRandOps: pipe2 with good and hostile flags (packet mode, blocking
// ends among them), FIFOs made in the tree, where the path ops and opens
// meet them, the pipe's own fcntls, and F_SETFL's O_DIRECT (packet
// mode) on any fd. Reads, writes, polls, epoll
// interests, FIONREAD, dups, closes and reopens through /proc come from
// the other tables. A read, write or open that could wait for good is
// not made (rand_block_linux.go), so a blocking pipe is read only when
// it has data or no writer, and written only when a page of it is free.
func PipeRandOps() []RandOp {
	return []RandOp{
		{"Pipe2", 3, func(g *RandGen) []RandArg {
			return []RandArg{g.Flags(randPipeNames, unix.O_NONBLOCK, unix.O_NONBLOCK, 0, unix.O_NONBLOCK|unix.O_CLOEXEC,
				unix.O_NONBLOCK|unix.O_DIRECT, unix.O_DIRECT, unix.O_NONBLOCK|unix.O_NOATIME, unix.O_RDWR)}
		}, func(s *Session, a []RandArg) { s.Pipe2(a[0].Int()) }},
		{"Mkfifo", 2, func(g *RandGen) []RandArg { return []RandArg{{Kind: ArgPath, S: g.Path()}, g.Mode()} },
			func(s *Session, a []RandArg) { s.Mkfifo(a[0].S, uint32(a[1].N)) }},
		{"Fcntl", 2, func(g *RandGen) []RandArg {
			cmd := g.Enum(randPipeFcntlNames, unix.F_GETPIPE_SZ, unix.F_SETPIPE_SZ, unix.F_SETPIPE_SZ, unix.F_SETFL)
			switch cmd.N {
			case unix.F_GETPIPE_SZ:
				return []RandArg{g.FD(), cmd, {Kind: ArgInt}}
			case unix.F_SETFL: // packet mode on and off
				return []RandArg{g.FD(), cmd, g.Flags(randPipeNames, unix.O_DIRECT|unix.O_NONBLOCK, unix.O_DIRECT, unix.O_NONBLOCK, 0)}
			}
			// Not past fs.pipe-max-size (1 MiB): that needs
			// CAP_SYS_RESOURCE, which a container's root may lack.
			return []RandArg{g.FD(), cmd, {Kind: ArgInt, N: Pick[int64](g, 0, 1, 4096, 4097, 8192, 65536, 1<<20, -1)}}
		}, func(s *Session, a []RandArg) { s.Fcntl(a[0].FD(s), a[1].Int(), a[2].Int()) }},
	}
}

var (
	randPipeNames = []flagName{{unix.O_NONBLOCK, "O_NONBLOCK"}, {unix.O_CLOEXEC, "O_CLOEXEC"},
		{unix.O_DIRECT, "O_DIRECT"}, {unix.O_NOATIME, "O_NOATIME"}, {unix.O_RDWR, "O_RDWR"}}
	randPipeFcntlNames = []flagName{{unix.F_GETPIPE_SZ, "F_GETPIPE_SZ"}, {unix.F_SETPIPE_SZ, "F_SETPIPE_SZ"}, {unix.F_SETFL, "F_SETFL"}}
)
