package sockfs_test

import "github.com/govfs/govfs/vfs"

// fillWant is what a non-blocking socketpair takes before EAGAIN, for
// writes of each size, measured on Linux 6.x x86-64 (SO_SNDBUF 212992).
var fillWant = map[int]map[int]int{
	vfs.SOCK_STREAM:    {1: 278, 100: 27800, 500: 83500, 1024: 95232, 3000: 147000, 3777: 166188, 4096: 180224, 10000: 170000, 40000: 236544, 65536: 233152, 200000: 236544},
	vfs.SOCK_DGRAM:     {1: 278, 100: 27800, 500: 83500, 1024: 95232, 3000: 147000, 3777: 98202, 4096: 106496, 10000: 130000, 40000: 240000, 65536: 262144, 200000: 400000},
	vfs.SOCK_SEQPACKET: {1: 278, 100: 27800, 500: 83500, 1024: 95232, 3000: 147000, 3777: 98202, 4096: 106496, 10000: 130000, 40000: 240000, 65536: 262144, 200000: 400000},
}
