//go:build linux

package vfstest

import (
	"math"
	"time"
)

// SignalRandOps is the op table of kill(2) and nanosleep(2), to append
// to FileRandOps. Only calls that send nothing on the host are drawn
// (see session_signal_linux.go): kill of the sequence's own process with
// sig 0 or one out of range, and kill of pids and groups past pid_max,
// or INT_MIN, with any sig; nanosleep of 0, a negative time, and a few
// microseconds.
//
// Left out because the two sides are different machines, not different
// kernels: pid 1 (the host's init is not the sequence's process; on
// govfs, as root, it is), pid -1 (it counts every other process of the
// machine: the host has many, govfs's sequence kernel none, and kill(-1)
// answers ESRCH only when there is none) and pid 0 (govfs has no process
// groups: kill(0, 65) is EINVAL on Linux, ESRCH on govfs).
func SignalRandOps() []RandOp {
	bad := func(g *RandGen) RandArg {
		return RandArg{Kind: ArgInt, N: Pick[int64](g, 65, 65, -1, 64+1<<8, math.MinInt32)}
	}
	return []RandOp{
		{"KillSelf", 3, func(g *RandGen) []RandArg {
			if g.Chance(2) {
				return []RandArg{{Kind: ArgInt, N: 0}}
			}
			return []RandArg{bad(g)}
		}, func(s *Session, a []RandArg) { s.KillSelf(a[0].Int()) }},
		{"Kill", 2, func(g *RandGen) []RandArg {
			pid := Pick[int64](g, MaxPidMax+1, MaxPidMax+7, 1<<30, -(MaxPidMax + 1), math.MinInt32, math.MaxInt32)
			sig := Pick[int64](g, 0, 1, 9, 10, 15, 64)
			if g.Chance(4) {
				return []RandArg{{Kind: ArgInt, N: pid}, bad(g)}
			}
			return []RandArg{{Kind: ArgInt, N: pid}, {Kind: ArgInt, N: sig}}
		}, func(s *Session, a []RandArg) { s.Kill(a[0].Int(), a[1].Int()) }},
		{"Nanosleep", 2, func(g *RandGen) []RandArg {
			return []RandArg{{Kind: ArgInt, N: Pick[int64](g, 0, 0, -1, -1e9, 1000, 20000)}}
		}, func(s *Session, a []RandArg) { s.Nanosleep(time.Duration(a[0].N)) }},
	}
}
